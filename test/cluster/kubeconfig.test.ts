import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { stringify } from 'yaml';
import { checkConnection, connectionFromText, describeConnection, loadKubeconfig } from '../../client/src/cluster/kubeconfig';
import { startEmulator } from './emulator';
import { connect, emulator } from './helpers';

function tmpdir(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-kubeconfig-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A kubeconfig with the given contexts (each with its own cluster/user named after it). */
function kubeconfig(contexts: { name: string; server?: string; namespace?: string; cluster?: string }[], current?: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: contexts.map((c) => ({ name: c.cluster ?? `${c.name}-cluster`, cluster: { server: c.server ?? `https://${c.name}.example:6443` } })),
    users: contexts.map((c) => ({ name: `${c.name}-user`, user: { token: `token-of-${c.name}` } })),
    contexts: contexts.map((c) => ({ name: c.name, context: { cluster: c.cluster ?? `${c.name}-cluster`, user: `${c.name}-user`, ...(c.namespace ? { namespace: c.namespace } : {}) } })),
    ...(current ? { 'current-context': current } : {}),
  });
}

function write(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

describe('loadKubeconfig: where the kubeconfig comes from (as kubectl)', () => {
  test('KUBECONFIG: files merged in order, first definition and first current-context win, missing files skipped', (t) => {
    const dir = tmpdir(t);
    const a = write(dir, 'a.yaml', kubeconfig([{ name: 'dev', server: 'https://dev-a:6443', cluster: 'shared' }], 'dev'));
    const b = write(dir, 'b.yaml', kubeconfig([{ name: 'prod', server: 'https://dev-b:6443', cluster: 'shared' }], 'prod'));
    const r = loadKubeconfig({ env: { KUBECONFIG: [a, path.join(dir, 'missing.yaml'), b].join(path.delimiter) } });
    assert.ok(r.ok);
    assert.equal(r.connection.context, 'dev');
    assert.equal(r.connection.server, 'https://dev-a:6443', 'the first file defining cluster "shared" wins');
    assert.deepEqual(r.connection.contexts, ['dev', 'prod']);
    assert.deepEqual(r.connection.files, [a, b]);
    assert.equal(r.connection.source, 'KUBECONFIG');
    const prod = loadKubeconfig({ env: { KUBECONFIG: [a, b].join(path.delimiter) }, context: 'prod' });
    assert.ok(prod.ok);
    assert.equal(prod.connection.server, 'https://dev-a:6443', 'prod also points at cluster "shared", defined first by a.yaml');
  });

  test('without KUBECONFIG it reads ~/.kube/config; the istio.kubeconfig setting overrides both', (t) => {
    const dir = tmpdir(t);
    write(dir, '.kube/config', kubeconfig([{ name: 'home' }], 'home'));
    const envFile = write(dir, 'env.yaml', kubeconfig([{ name: 'env' }], 'env'));
    const setting = write(dir, 'setting.yaml', kubeconfig([{ name: 'setting' }], 'setting'));
    const home = loadKubeconfig({ env: {}, homeDir: dir });
    assert.ok(home.ok);
    assert.deepEqual([home.connection.context, home.connection.source], ['home', 'default']);
    const fromSetting = loadKubeconfig({ path: setting, env: { KUBECONFIG: envFile }, homeDir: dir });
    assert.ok(fromSetting.ok);
    assert.deepEqual([fromSetting.connection.context, fromSetting.connection.source], ['setting', 'setting']);
  });

  test('one clear problem per case, each with a next step', (t) => {
    const dir = tmpdir(t);
    const none = loadKubeconfig({ env: {}, homeDir: dir });
    assert.ok(!none.ok);
    assert.equal(none.problem.kind, 'no-kubeconfig');
    assert.match(none.problem.message, /KUBECONFIG is not set and .*\.kube\/config does not exist/);
    assert.match(none.problem.nextStep, /istio\.kubeconfig/);

    const missingSetting = loadKubeconfig({ path: path.join(dir, 'nope.yaml'), env: {} });
    assert.ok(!missingSetting.ok);
    assert.equal(missingSetting.problem.kind, 'no-kubeconfig');
    assert.match(missingSetting.problem.message, /istio\.kubeconfig setting does not exist/);

    const allMissing = loadKubeconfig({ env: { KUBECONFIG: path.join(dir, 'x.yaml') } });
    assert.ok(!allMissing.ok);
    assert.match(allMissing.problem.message, /None of the files in KUBECONFIG exist/);

    const noCurrent = loadKubeconfig({ path: write(dir, 'nocurrent.yaml', kubeconfig([{ name: 'a' }, { name: 'b' }])) });
    assert.ok(!noCurrent.ok);
    assert.equal(noCurrent.problem.kind, 'no-current-context');
    assert.match(noCurrent.problem.message, /available: a, b/);
    assert.deepEqual(noCurrent.contexts, ['a', 'b']);
    assert.match(noCurrent.problem.nextStep, /use-context/);

    const unknown = loadKubeconfig({ path: write(dir, 'one.yaml', kubeconfig([{ name: 'a' }], 'a')), context: 'zzz' });
    assert.ok(!unknown.ok);
    assert.equal(unknown.problem.kind, 'unknown-context');

    const broken = loadKubeconfig({ path: write(dir, 'broken.yaml', 'clusters: [\n') });
    assert.ok(!broken.ok);
    assert.equal(broken.problem.kind, 'invalid-kubeconfig');
    assert.match(broken.problem.message, /broken\.yaml/);

    const dangling = loadKubeconfig({
      path: write(dir, 'dangling.yaml', stringify({ contexts: [{ name: 'c', context: { cluster: 'gone', user: 'u' } }], 'current-context': 'c' })),
    });
    assert.ok(!dangling.ok);
    assert.match(dangling.problem.message, /refers to cluster "gone"/);
  });

  test('context and namespace overrides never rewrite the file', (t) => {
    const dir = tmpdir(t);
    const text = kubeconfig([{ name: 'a', namespace: 'team-a' }, { name: 'b' }], 'a');
    const file = write(dir, 'config', text);
    const ctx = loadKubeconfig({ path: file });
    assert.ok(ctx.ok);
    assert.deepEqual([ctx.connection.namespace, ctx.connection.namespaceFrom], ['team-a', 'context']);
    const overridden = loadKubeconfig({ path: file, context: 'b', namespace: 'istio-system' });
    assert.ok(overridden.ok);
    assert.deepEqual([overridden.connection.context, overridden.connection.namespace, overridden.connection.namespaceFrom], ['b', 'istio-system', 'override']);
    const b = loadKubeconfig({ path: file, context: 'b' });
    assert.ok(b.ok);
    assert.deepEqual([b.connection.namespace, b.connection.namespaceFrom], ['default', 'default']);
    assert.equal(fs.readFileSync(file, 'utf8'), text);
    assert.doesNotMatch(describeConnection(overridden.connection), /token-of/);
    assert.match(describeConnection(overridden.connection), /context "b" \(cluster "b-cluster" at https:\/\/b\.example:6443, user "b-user", namespace "istio-system"\)/);
  });

  test('relative certificate-authority paths resolve against the kubeconfig file, like kubectl', async (t) => {
    const emu = await emulator(t);
    const dir = tmpdir(t);
    write(dir, 'certs/ca.crt', emu.caPem!);
    const text = emu.kubeconfigYaml('rel').replace(/certificate-authority-data: .*/, 'certificate-authority: certs/ca.crt');
    const r = loadKubeconfig({ path: write(dir, 'config', text) });
    assert.ok(r.ok);
    assert.deepEqual(await checkConnection(r.connection), { ok: true, serverVersion: 'v1.34.0-emulator' });
  });
});

describe('checkConnection: what the cluster says', () => {
  test('ok with the server version', async (t) => {
    const emu = await emulator(t);
    assert.deepEqual(await checkConnection(connect(emu)), { ok: true, serverVersion: 'v1.34.0-emulator' });
  });

  test('401: expired/refused credentials, with a refresh step', async (t) => {
    const emu = await emulator(t);
    const r = await checkConnection(connect(emu, { token: emu.tokens.invalid }));
    assert.ok(!r.ok);
    assert.equal(r.problem.kind, 'unauthorized');
    assert.equal(r.problem.httpStatus, 401);
    assert.match(r.problem.message, /refused the credentials of user "emulator-user"/);
    assert.match(r.problem.nextStep, /expired/);
    assert.doesNotMatch(JSON.stringify(r), new RegExp(emu.tokens.invalid));
  });

  test('403: the RBAC message, with a next step', async (t) => {
    const emu = await emulator(t);
    const r = await checkConnection(connect(emu, { token: emu.tokens.forbidden, namespace: 'istio-system' }));
    assert.ok(!r.ok);
    assert.equal(r.problem.kind, 'forbidden');
    assert.equal(r.problem.message, 'services is forbidden: User "jane" cannot list resource "services" in API group "" in the namespace "istio-system"');
    assert.match(r.problem.nextStep, /clusterrolebinding/);
  });

  test('unreachable server', async (t) => {
    const emu = await startEmulator();
    const conn = connect(emu);
    await emu.close();
    const r = await checkConnection(conn);
    assert.ok(!r.ok);
    assert.equal(r.problem.kind, 'unreachable');
    assert.match(r.problem.message, /Cannot reach the cluster "emulator-cluster" at https:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    assert.match(r.problem.nextStep, /minikube status/);
    t.diagnostic(r.problem.message);
  });

  test('TLS verification stays on: a server not signed by the kubeconfig CA is refused', async (t) => {
    const emu = await emulator(t);
    const r = connectionFromText(emu.kubeconfigYaml().replace(/certificate-authority-data: .*/, ''));
    assert.ok(r.ok);
    const check = await checkConnection(r.connection);
    assert.ok(!check.ok);
    assert.equal(check.problem.kind, 'tls');
    assert.match(check.problem.message, /not signed by the kubeconfig's certificate authority/);
  });

  test('a server that does not answer in time', async (t) => {
    const emu = await emulator(t);
    emu.injectFault({ path: '/version', delayMs: 1500 });
    const r = await checkConnection(connect(emu, { timeoutMs: 300 }));
    assert.ok(!r.ok);
    assert.equal(r.problem.kind, 'timeout');
  });

  test('cancelled by the caller', async (t) => {
    const emu = await emulator(t);
    const ac = new AbortController();
    ac.abort();
    const r = await checkConnection(connect(emu), { signal: ac.signal });
    assert.ok(!r.ok);
    assert.equal(r.problem.kind, 'cancelled');
    assert.equal(emu.requests.length, 0);
  });
});
