import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeUtf8, firstInvalidUtf8, NotUtf8Error } from '../../../cli/src/textFiles';

const REPO = path.resolve(__dirname, '..', '..', '..');
const MAIN = path.join(REPO, 'cli', 'src', 'main.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI from source; a run that blocks is killed (code null) so a hang fails the test instead of stalling it. */
function cli(args: readonly string[], stdin?: Buffer): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: REPO, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: child.exitCode ?? (err && 'code' in err && typeof err.code === 'number' ? err.code : null), stdout, stderr });
    });
    child.stdin?.end(stdin ?? Buffer.alloc(0));
  });
}

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n';

describe('CLI on paths that are not manifests', () => {
  let dir: string;
  let server: net.Server;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-cli-paths-'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    fs.symlinkSync('loop.yaml', path.join(dir, 'loop.yaml'));
    fs.writeFileSync(path.join(dir, 'latin1.yaml'), Buffer.concat([Buffer.from(`${SERVICE}  # caf`), Buffer.from([0xe9]), Buffer.from('\n')]));
    fs.writeFileSync(path.join(dir, 'ok.yaml'), SERVICE);
    server = net.createServer();
    await new Promise<void>((r) => server.listen(path.join(dir, 'sock.yaml'), r));
  });
  after(() => {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, kind] of [
    ['pipe.yaml', 'a FIFO \\(named pipe\\)'],
    ['sock.yaml', 'a socket'],
    ['/dev/zero', 'a device'],
  ] as const) {
    it(`refuses ${name} with exit 2 and one line, without reading it`, async () => {
      const file = name.startsWith('/') ? name : path.join(dir, name);
      for (const args of [['check', file], ['inject', '-f', file]]) {
        const r = await cli(args);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, new RegExp(`^istio-mesh: .*${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}.*is ${kind}, not a regular file; istio-mesh reads files only \\(send other input with -f -\\)\\n$`));
      }
    });
  }

  it('reports a symbolic link loop as one, not as a missing file', async () => {
    const file = path.join(dir, 'loop.yaml');
    for (const args of [['check', file], ['inject', '-f', file]]) {
      const r = await cli(args);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^istio-mesh: .*loop\.yaml.*is a symbolic link loop \(a link that leads back to itself\); point it at a real file\n$/);
      assert.doesNotMatch(r.stderr, /no such file/);
    }
  });

  it('makes invalid UTF-8 a finding at the bad byte for check (the other files still checked), exit 2 for inject', async () => {
    const bad = path.join(dir, 'latin1.yaml');
    const r = await cli(['check', '--format', 'json', bad, path.join(dir, 'ok.yaml')]);
    assert.equal(r.code, 1, r.stderr);
    const findings = JSON.parse(r.stdout) as { file: string; code: string; message: string; range: { start: { line: number; character: number } } }[];
    const mine = findings.filter((f) => f.file === bad);
    assert.equal(mine.length, 1);
    assert.equal(mine[0]!.code, 'yaml-syntax');
    assert.deepEqual(mine[0]!.range.start, { line: 7, character: 7 });
    assert.equal(
      mine[0]!.message,
      `This YAML does not parse, so Istio rules were not checked here: the file is not UTF-8 text: byte 0xE9 at byte offset ${SERVICE.length + 7} is not valid UTF-8; save the file as UTF-8`,
    );
    assert.ok(findings.some((f) => f.file.endsWith('ok.yaml') && f.code === 'svc-port-named'));

    assert.equal(SERVICE.length + 7, 84);
    const inject = await cli(['inject', '-f', bad]);
    assert.equal(inject.code, 2);
    assert.match(inject.stderr, /^istio-mesh: cannot read file .*latin1\.yaml: is not UTF-8 text: byte 0xE9 at byte offset 84 is not valid UTF-8; save the file as UTF-8\n$/);
    const stdin = await cli(['inject', '-f', '-'], fs.readFileSync(bad));
    assert.equal(stdin.code, 2);
    assert.match(stdin.stderr, /^istio-mesh: cannot read stdin: is not UTF-8 text: byte 0xE9 at byte offset 84/);
  });
});

describe('UTF-8 decoding', () => {
  it('finds the first byte that is not UTF-8: stray continuations, overlongs, surrogates, truncation, > U+10FFFF', () => {
    const at = (...bytes: number[]): number => firstInvalidUtf8(Uint8Array.from(bytes));
    assert.equal(at(0x61, 0xc3, 0xa9, 0x62), 4); // "aéb" is valid
    assert.equal(at(0x61, 0x80), 1);
    assert.equal(at(0xc0, 0xaf), 0);
    assert.equal(at(0xe0, 0x80, 0x80), 0);
    assert.equal(at(0xed, 0xa0, 0x80), 0);
    assert.equal(at(0x61, 0xe2, 0x82), 1);
    assert.equal(at(0xf4, 0x90, 0x80, 0x80), 0);
    assert.equal(at(0xf0, 0x9f, 0x98, 0x80), 4);
  });

  it('keeps a BOM and never replaces bad bytes', () => {
    assert.equal(decodeUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61])), '\ufeffa');
    assert.throws(() => decodeUtf8(Uint8Array.from([0x61, 0x62, 0xff])), (e: unknown) => e instanceof NotUtf8Error && e.offset === 2 && e.validPrefix === 'ab');
  });
});
