import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { loadKubeconfig } from '../../../client/src/cluster/kubeconfig';
import { Sensitive } from '../../../client/src/cluster/redact';
import { currentContextFile, existingFiles, writeCurrentContext, writeFilesAtomically } from '../../../client/src/cluster/ui/files';

function tempDir(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-cluster-ui-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const mode = (f: string): number => fs.statSync(f).mode & 0o777;
const isPosix = process.platform !== 'win32';

describe('writeFilesAtomically', () => {
  test('writes every file with mode 0600 and leaves no temp file', async (t) => {
    const dir = tempDir(t);
    const written = await writeFilesAtomically(dir, [
      { name: 'key.pem', content: new Sensitive('-----BEGIN PRIVATE KEY-----\nabc\n') },
      { name: 'root-cert.pem', content: 'root' },
    ]);
    assert.deepEqual(written, [path.join(dir, 'key.pem'), path.join(dir, 'root-cert.pem')]);
    assert.equal(fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), '-----BEGIN PRIVATE KEY-----\nabc\n');
    if (isPosix) {
      assert.equal(mode(path.join(dir, 'key.pem')), 0o600);
      assert.equal(mode(path.join(dir, 'root-cert.pem')), 0o600);
    }
    assert.deepEqual(fs.readdirSync(dir).sort(), ['key.pem', 'root-cert.pem']);
  });

  test('replaces existing files, which then have mode 0600 even if they were readable by all', async (t) => {
    const dir = tempDir(t);
    fs.writeFileSync(path.join(dir, 'key.pem'), 'old', { mode: 0o644 });
    await writeFilesAtomically(dir, [{ name: 'key.pem', content: 'new' }]);
    assert.equal(fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), 'new');
    if (isPosix) {
      assert.equal(mode(path.join(dir, 'key.pem')), 0o600);
    }
  });

  test('all or nothing: when one file cannot be written, no file is replaced and no temp file is left', async (t) => {
    const dir = tempDir(t);
    fs.writeFileSync(path.join(dir, 'key.pem'), 'old key');
    class Unreadable extends Sensitive {
      override reveal(): string {
        throw new Error('secret source failed');
      }
    }
    await assert.rejects(
      writeFilesAtomically(dir, [
        { name: 'key.pem', content: 'new key' },
        { name: 'cert-chain.pem', content: new Unreadable('x') },
      ]),
      /secret source failed/,
    );
    assert.deepEqual(fs.readdirSync(dir), ['key.pem']);
    assert.equal(fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), 'old key');
  });

  test('names must be plain file names', async (t) => {
    const dir = tempDir(t);
    await assert.rejects(writeFilesAtomically(dir, [{ name: '../escape.pem', content: 'x' }]), /not a plain file name/);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  test('existingFiles lists the names already there', (t) => {
    const dir = tempDir(t);
    fs.writeFileSync(path.join(dir, 'root-cert.pem'), 'x');
    assert.deepEqual(existingFiles(dir, ['key.pem', 'root-cert.pem', 'cert-chain.pem']), ['root-cert.pem']);
  });
});

const KUBECONFIG = `# my clusters — keep this comment
apiVersion: v1
kind: Config
preferences: {colors: true}
clusters:
- name: dev
  cluster: {server: 'https://10.0.0.1'}
- name: prod
  cluster: {server: 'https://10.0.0.2'}
users:
- name: me
  user: {token: abc-token-123}
contexts:
- name: dev
  context: {cluster: dev, user: me}
- name: prod
  context: {cluster: prod, user: me, namespace: shop}
current-context: dev # set by minikube
extensions: [{name: x, extension: {a: 1}}]
`;

describe('writeCurrentContext', () => {
  test('changes only current-context: comments, preferences and extensions stay; a .bak keeps the old file; mode is kept', async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, KUBECONFIG, { mode: 0o640 });
    fs.chmodSync(file, 0o640);
    const w = await writeCurrentContext(file, 'prod');
    assert.equal(w.file, fs.realpathSync(file));
    assert.equal(fs.readFileSync(w.backup, 'utf8'), KUBECONFIG);
    const after = fs.readFileSync(file, 'utf8');
    assert.equal(after, KUBECONFIG.replace('current-context: dev # set by minikube', 'current-context: prod # set by minikube'));
    if (isPosix) {
      assert.equal(mode(file), 0o640);
      assert.equal(mode(w.backup), 0o640);
    }
    const loaded = loadKubeconfig({ path: file });
    assert.ok(loaded.ok);
    assert.equal(loaded.connection.context, 'prod');
    assert.equal(loaded.connection.namespace, 'shop');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['config', 'config.bak']);
  });

  test('a symlinked kubeconfig is written through the link (the link stays a link)', { skip: !isPosix }, async (t) => {
    const dir = tempDir(t);
    const real = path.join(dir, 'real-config');
    const link = path.join(dir, 'config');
    fs.writeFileSync(real, KUBECONFIG);
    fs.symlinkSync(real, link);
    await writeCurrentContext(link, 'prod');
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.match(fs.readFileSync(real, 'utf8'), /current-context: prod/);
  });

  test('names that need quotes are quoted; a JSON kubeconfig stays JSON; a missing key is added', async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, KUBECONFIG.replace(/- name: prod\n  context/, '- name: "arn:aws:eks:eu-west-1:1:cluster/yes"\n  context'));
    await writeCurrentContext(file, 'arn:aws:eks:eu-west-1:1:cluster/yes');
    assert.match(fs.readFileSync(file, 'utf8'), /^current-context: "arn:aws:eks:eu-west-1:1:cluster\/yes" # set by minikube$/m);
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [{ name: 'b', context: { cluster: 'x', user: 'y' } }], 'current-context': 'a' }, null, 2);
    fs.writeFileSync(file, json);
    await writeCurrentContext(file, 'b');
    assert.equal(JSON.parse(fs.readFileSync(file, 'utf8'))['current-context'], 'b');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: Config\ncontexts: []');
    await writeCurrentContext(file, 'dev');
    assert.equal(fs.readFileSync(file, 'utf8'), 'apiVersion: v1\nkind: Config\ncontexts: []\ncurrent-context: dev\n');
  });

  test('a file that is not valid YAML is left unchanged', async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, 'clusters: [unclosed\n');
    await assert.rejects(writeCurrentContext(file, 'prod'), /not valid YAML.*left unchanged/);
    assert.equal(fs.readFileSync(file, 'utf8'), 'clusters: [unclosed\n');
    assert.deepEqual(fs.readdirSync(dir), ['config']);
  });
});

describe('currentContextFile (where kubectl config use-context writes)', () => {
  test('the setting or ~/.kube/config: that file; text: none', () => {
    assert.equal(currentContextFile('setting', ['/a']), '/a');
    assert.equal(currentContextFile('default', ['/home/me/.kube/config']), '/home/me/.kube/config');
    assert.equal(currentContextFile('text', []), undefined);
  });

  test('KUBECONFIG: the first file that sets a current-context, else the first file', (t) => {
    const dir = tempDir(t);
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    fs.writeFileSync(a, 'apiVersion: v1\nkind: Config\nclusters: []\n');
    fs.writeFileSync(b, 'apiVersion: v1\nkind: Config\ncurrent-context: dev\n');
    assert.equal(currentContextFile('KUBECONFIG', [a, b]), b);
    fs.writeFileSync(b, 'apiVersion: v1\nkind: Config\n');
    assert.equal(currentContextFile('KUBECONFIG', [a, b]), a);
  });
});
