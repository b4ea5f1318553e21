import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';

/** A bundle that reports, through a global, that it ran and what `require`, `module` and `__dirname` it was given. */
const bundle = (tag: string): string =>
  `const p = require('node:path');\nmodule.exports.tag = '${tag}';\n` +
  `globalThis.__codeCacheTest = { tag: '${tag}', dir: p.basename(__dirname), file: p.basename(__filename), same: exports === module.exports };\n` +
  `function work(n) { let s = 0; for (let i = 0; i < n; i++) { s += i; } return s; }\nwork(1000);\n`;

const codeCache = path.resolve(__dirname, '../../../server/src/codeCache.ts');

/**
 * Starts the bundle in a process of its own, as the server starts (in one process V8 would take the source from its
 * own compilation cache and never read the file's), and saves the cache when `save`.
 */
function start(file: string, cacheDir: string, save: boolean): { used: boolean; saved: boolean; cacheFile: string; ran: unknown } {
  const code =
    `const { runWithCodeCache } = require(${JSON.stringify(codeCache)});` +
    `const r = runWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)});` +
    `const saved = ${save} ? r.save() : false;` +
    `const again = ${save} ? r.save() : false;` +
    `process.stdout.write(JSON.stringify({ used: r.used, saved: saved && !again, cacheFile: r.cacheFile, ran: globalThis.__codeCacheTest }));`;
  const out = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout) as { used: boolean; saved: boolean; cacheFile: string; ran: unknown };
}

describe('runWithCodeCache', () => {
  it('runs the bundle as require would, writes its code once, and starts from it next time', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'code-cache-'));
    const cacheDir = path.join(dir, 'cache');
    const file = path.join(dir, 'main.js');
    fs.writeFileSync(file, bundle('one'));
    try {
      const first = start(file, cacheDir, true);
      assert.deepEqual(first.ran, { tag: 'one', dir: path.basename(dir), file: 'main.js', same: true });
      assert.equal(first.used, false);
      assert.equal(first.saved, true, 'written once');
      assert.ok(fs.statSync(first.cacheFile).size > 0);
      assert.deepEqual(fs.readdirSync(cacheDir), [path.basename(first.cacheFile)], 'no part file left');

      const second = start(file, cacheDir, true);
      assert.equal(second.used, true);
      assert.equal(second.cacheFile, first.cacheFile);
      assert.equal(second.saved, false, 'a cache that was used is not written again');
      assert.deepEqual(second.ran, first.ran);

      // Same length, other code: another cache file, not the old code.
      fs.writeFileSync(file, bundle('two'));
      const third = start(file, cacheDir, false);
      assert.notEqual(third.cacheFile, first.cacheFile);
      assert.equal(third.used, false);
      assert.equal((third.ran as { tag: string }).tag, 'two');

      // A damaged cache is refused by V8; the bundle runs all the same, and writes a good one.
      fs.writeFileSync(third.cacheFile, Buffer.alloc(4096, 7));
      const fourth = start(file, cacheDir, true);
      assert.equal(fourth.used, false);
      assert.equal((fourth.ran as { tag: string }).tag, 'two');
      assert.equal(fourth.saved, true);
      assert.equal(start(file, cacheDir, false).used, true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a cache folder that cannot be written leaves the start as it is', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'code-cache-'));
    const file = path.join(dir, 'main.js');
    fs.writeFileSync(file, bundle('three'));
    // A file where the folder should be.
    const cacheDir = path.join(dir, 'not-a-folder');
    fs.writeFileSync(cacheDir, '');
    try {
      const run = start(file, cacheDir, true);
      assert.equal((run.ran as { tag: string }).tag, 'three');
      assert.equal(run.saved, false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it('trusts no cache in a folder others can write, nor one reached through a link', { skip: process.platform === 'win32' ? 'POSIX permissions' : false }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'code-cache-'));
    const cacheDir = path.join(dir, 'cache');
    const file = path.join(dir, 'main.js');
    fs.writeFileSync(file, bundle('four'));
    try {
      const first = start(file, cacheDir, true);
      assert.equal(first.saved, true);
      assert.equal((fs.statSync(cacheDir).mode & 0o777).toString(8), '700', 'made private');
      assert.equal(start(file, cacheDir, false).used, true);

      // Writable by the group or by anyone: its code could be anyone's.
      fs.chmodSync(cacheDir, 0o777);
      const shared = start(file, cacheDir, true);
      assert.equal(shared.used, false);
      assert.equal(shared.saved, false, 'nothing written into a shared folder');
      assert.equal((shared.ran as { tag: string }).tag, 'four');
      fs.chmodSync(cacheDir, 0o700);

      // The cache file is a link to a file elsewhere.
      const elsewhere = path.join(dir, 'elsewhere.bin');
      fs.renameSync(first.cacheFile, elsewhere);
      fs.symlinkSync(elsewhere, first.cacheFile);
      assert.equal(start(file, cacheDir, false).used, false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
