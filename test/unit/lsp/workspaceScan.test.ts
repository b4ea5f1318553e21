import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { scanWorkspace, type ScanHooks } from '../../../server/src/lsp/workspaceScan';

const root = mkdtempSync(path.join(tmpdir(), 'istio-scan-'));
after(() => rmSync(root, { recursive: true, force: true }));

const folder = (name: string, files: Record<string, string>): string => {
  const dir = path.join(root, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return pathToFileURL(dir).toString();
};

function recorder(open: readonly string[] = [], failing = ''): ScanHooks & { indexed: string[]; warnings: string[]; errors: string[] } {
  const indexed: string[] = [];
  const warnings: string[] = [];
  const errors: string[] = [];
  return {
    indexed,
    warnings,
    errors,
    isOpen: (uri) => open.some((o) => uri.endsWith(o)),
    index: (uri) => {
      if (failing !== '' && uri.endsWith(failing)) {
        throw new Error('parser bug');
      }
      indexed.push(uri.slice(uri.lastIndexOf('/') + 1));
    },
    warn: (m) => warnings.push(m),
    error: (m) => errors.push(m),
  };
}

const BIG = { files: 1000, bytes: 1 << 30, fileBytes: 1 << 20 };

describe('workspace scan', () => {
  it('reads brace excludes and warns about a bad pattern by the setting, scanning on', async () => {
    const uri = folder('braces', { 'a.yaml': 'a: 1\n', 'b.tmp.yaml': 'b: 1\n', 'x/c.yaml': 'c: 1\n', 'keep/d.yml': 'd: 1\n' });
    const hooks = recorder();
    await scanWorkspace([uri], ['{*.tmp.yaml,x}', '{broken'], hooks, BIG);
    assert.deepEqual(hooks.indexed.sort(), ['a.yaml', 'd.yml']);
    assert.equal(hooks.warnings.length, 1);
    assert.match(hooks.warnings[0]!, /^Setting istio\.exclude: the pattern "\{broken": "\{" at position 1 is not closed by "\}", so it excludes nothing/);
  });

  it('stops at the budget of files or bytes and says so, naming what is left unread', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) {
      files[`f${String(i).padStart(2, '0')}.yaml`] = `k: ${'x'.repeat(90)}\n`; // 96 bytes each
    }
    const uri = folder('many', files);
    const byCount = recorder();
    const r1 = await scanWorkspace([uri], [], byCount, { ...BIG, files: 5 });
    assert.equal(byCount.indexed.length, 5);
    assert.deepEqual({ files: r1.files, unread: r1.unread }, { files: 5, unread: 7 });
    assert.equal(byCount.warnings.length, 1);
    assert.match(byCount.warnings[0]!, /read 5 files \(0\.0 MB\) of this workspace, the most its background scan reads; 7 more are checked only when opened/);

    const byBytes = recorder(['f00.yaml']);
    const r2 = await scanWorkspace([uri], [], byBytes, { ...BIG, bytes: 96 * 3 + 10 });
    assert.equal(byBytes.indexed.length, 3);
    assert.ok(!byBytes.indexed.includes('f00.yaml'), 'an open file is the editor’s, not counted');
    assert.deepEqual({ files: r2.files, bytes: r2.bytes, unread: r2.unread }, { files: 3, bytes: 282, unread: 8 });
  });

  it('skips a file over the per-file limit without spending the budget on it', async () => {
    const uri = folder('large', { 'huge.yaml': `k: ${'x'.repeat(5000)}\n`, 'small.yaml': 'k: 1\n' });
    const hooks = recorder();
    const r = await scanWorkspace([uri], [], hooks, { files: 1, bytes: 1000, fileBytes: 1000 });
    assert.deepEqual(hooks.indexed, ['small.yaml']);
    assert.equal(r.unread, undefined);
    assert.deepEqual(hooks.warnings, []);
  });

  it('logs a file the index cannot take and scans on', async () => {
    const uri = folder('failing', { 'a.yaml': 'a: 1\n', 'b.yaml': 'b: 1\n', 'c.yaml': 'c: 1\n' });
    const hooks = recorder([], 'b.yaml');
    await scanWorkspace([uri], [], hooks, BIG);
    assert.deepEqual(hooks.indexed.sort(), ['a.yaml', 'c.yaml']);
    assert.equal(hooks.errors.length, 1);
    assert.match(hooks.errors[0]!, /^Could not read file:.*b\.yaml into the workspace index, so it is checked only when opened: Error: parser bug/);
  });
});
