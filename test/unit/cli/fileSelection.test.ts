import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { expandPaths } from '../../../cli/src/files';
import { compileGlobs } from '../../../server/src/core/glob';
import { listManifests } from '../../../server/src/lsp/workspaceFiles';

const REPO = path.resolve(__dirname, '..', '..', '..');
const MAIN = path.join(REPO, 'cli', 'src', 'main.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI from source; a run that blocks (a FIFO opened) is killed, so a hang fails the test. */
function cli(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: REPO, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: child.exitCode ?? (err && 'code' in err && typeof err.code === 'number' ? err.code : null), stdout, stderr });
    });
    child.stdin?.end();
  });
}

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n';
const JSON_SERVICE = JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'j' }, spec: { ports: [{ port: 81 }] } });

describe('one file selection for the CLI and the editor', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-select-'));
    const w = (rel: string, text: string): void => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    };
    w('real/svc.yaml', SERVICE);
    w('real/manifest.json', JSON_SERVICE);
    w('real/notes.txt', 'not a manifest');
    w('node_modules/dep/svc.yaml', SERVICE);
    w('.git/svc.yaml', SERVICE);
    fs.mkdirSync(path.join(dir, 'links'));
    fs.symlinkSync('../real/svc.yaml', path.join(dir, 'links', 'linked.yaml'));
    fs.symlinkSync('../real', path.join(dir, 'links', 'folder'));
    fs.symlinkSync('..', path.join(dir, 'real', 'up')); // a loop: real/up/real/up/…
    fs.symlinkSync('self.yaml', path.join(dir, 'real', 'self.yaml'));
    execFileSync('mkfifo', [path.join(dir, 'real', 'pipe.yaml')]);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the editor scan and the CLI pick the same files', async () => {
    const notices: string[] = [];
    const cliFiles = await expandPaths([dir], (p, why) => notices.push(`${path.relative(dir, p)} ${why}`));
    const editor = await listManifests([pathToFileURL(dir).toString()], compileGlobs([]));
    assert.deepEqual(
      editor.map((f) => f.path),
      cliFiles,
    );
    assert.deepEqual(
      cliFiles.map((p) => path.relative(dir, p).split(path.sep).join('/')),
      ['links/folder/manifest.json', 'links/folder/svc.yaml', 'links/linked.yaml', 'real/manifest.json', 'real/svc.yaml'],
    );
    assert.ok(notices.some((n) => /^real\/pipe\.yaml is a FIFO \(named pipe\), not a regular file, so it is skipped without being read$/.test(n)), notices.join('\n'));
    assert.ok(notices.some((n) => /^real\/self\.yaml is a symbolic link loop/.test(n)), notices.join('\n'));
    assert.ok(notices.some((n) => /^real\/up is a symbolic link to a folder it is in \(a loop\), so it is not followed$/.test(n)), notices.join('\n'));
  });

  it('check follows a symlinked folder and file instead of printing "No findings."', async () => {
    const r = await cli(['check', '--format', 'json', path.join(dir, 'links')]);
    assert.equal(r.code, 0, r.stderr);
    const files = (JSON.parse(r.stdout) as { file: string; code: string }[]).map((f) => `${path.relative(dir, f.file)} ${f.code}`).sort();
    assert.deepEqual(files, [
      'links/folder/manifest.json svc-port-named',
      'links/folder/svc.yaml svc-port-named',
      'links/linked.yaml svc-port-named',
    ]);
  });

  it('check of a folder with a FIFO and link loops ends, says what it skipped, and checks the rest', async () => {
    const r = await cli(['check', '--format', 'json', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /pipe\.yaml is a FIFO \(named pipe\), not a regular file, so it is skipped without being read\.\n/);
    assert.match(r.stderr, /self\.yaml is a symbolic link loop, so it is skipped\.\n/);
    const files = new Set((JSON.parse(r.stdout) as { file: string }[]).map((f) => path.relative(dir, f.file).split(path.sep).join('/')));
    assert.ok(files.has('links/linked.yaml'));
    assert.ok(![...files].some((f) => f.startsWith('node_modules/') || f.startsWith('.git/')), [...files].join(', '));
  });
});
