import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';

const REPO = path.resolve(__dirname, '..', '..', '..');
const MAIN = path.join(REPO, 'cli', 'src', 'main.ts');
/** tsx's loader by path: the CLI runs in the test's folder, where `--import tsx` would not resolve. */
const TSX = pathToFileURL(path.join(REPO, 'node_modules', 'tsx', 'dist', 'loader.mjs')).toString();

function cli(args: readonly string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', TSX, MAIN, ...args], { cwd, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: child.exitCode ?? (err && 'code' in err && typeof err.code === 'number' ? err.code : null), stdout, stderr });
    });
    child.stdin?.end();
  });
}

const BASE =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels:\n' +
  '        app: web\n        version: v1\n    spec:\n      containers:\n        - name: web\n          image: web:1\n';
const PATCH = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n';

describe('check on a kustomize layout', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-kustomize-'));
    fs.mkdirSync(path.join(dir, 'base'));
    fs.mkdirSync(path.join(dir, 'overlays', 'prod'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'base', 'deploy.yaml'), BASE);
    fs.writeFileSync(path.join(dir, 'overlays', 'prod', 'replicas.yaml'), PATCH);
    fs.writeFileSync(path.join(dir, 'overlays', 'prod', 'kustomization.yaml'), 'resources:\n  - ../../base\npatches:\n  - path: replicas.yaml\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  // Relative and absolute paths: the kustomization and its patch are known by the paths the CLI was given.
  for (const [what, root] of [['a relative folder', '.'], ['an absolute folder', '']] as const) {
    it(`reads a listed patch as a fragment, given ${what}`, async () => {
      const r = await cli(['check', '--profile', 'legacy-0.2', '--format', 'json', root || dir], dir);
      assert.equal(r.code, 0, r.stderr);
      const codes = (JSON.parse(r.stdout) as { file: string; code: string }[]).map((f) => `${path.basename(f.file)} ${f.code}`);
      // The partial Deployment lacks the labels the base has; it is not a second workload either.
      assert.deepEqual(codes.filter((c) => c.startsWith('replicas.yaml')), []);
      assert.deepEqual(codes.filter((c) => c.startsWith('deploy.yaml') && c.endsWith('workload-labels-distinct')), []);
    });
  }
});
