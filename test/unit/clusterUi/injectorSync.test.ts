import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClusterInjectorParams } from '../../../server/src/protocol';
import { InjectorSync } from '../../../client/src/cluster/ui/injectorSync';
import { fixtures, type Emulator } from '../../cluster/emulator';
import { emulator, syncHost } from './support';

// The background read of the cluster's injector ConfigMap: what the language server is sent for each target, the
// cache per target, and what reaches the log when there is nothing to send.

const withInjector = { seed: [fixtures.namespace('istio-system'), fixtures.injectorConfigMap()] };

/** A host whose chosen kubeconfig can be switched, recording what the server was sent and what was logged. */
function host(first: string, opts: { trusted?: boolean; serverUp?: boolean } = {}) {
  const h = syncHost<NonNullable<ClusterInjectorParams>>(first, opts);
  return { ...h, sync: new InjectorSync(h.env) };
}

const origin = (p: ClusterInjectorParams): string | undefined => p?.origin;
const configMapGets = (emu: Emulator): number => emu.requests.filter((r) => r.path.endsWith('/configmaps/istio-sidecar-injector')).length;

describe('InjectorSync: the confirmed target’s injector reaches the language server', () => {
  test('confirmed: read once, sent with its origin; later syncs use the cache; Refresh reads again', async (t) => {
    const emu = await emulator(t, withInjector);
    const h = host(emu.kubeconfigYaml('dev'));
    h.confirm();
    const r = await h.sync.sync();
    assert.equal(r.kind, 'found');
    assert.deepEqual(h.sent.map(origin), ['ConfigMap istio-system/istio-sidecar-injector of context dev (Istio 1.28.2)']);
    assert.equal(h.sent[0]?.config, fixtures.INJECTOR_CONFIG);
    await h.sync.sync();
    assert.equal(configMapGets(emu), 1, 'a second sync of the same target reads the cache');
    assert.equal(h.sent.length, 1, 'the server already holds it: not sent again');
    await h.sync.sync({ refresh: true });
    assert.equal(configMapGets(emu), 2, 'Refresh reads again');
    assert.ok(emu.requests.every((q) => q.method === 'GET'), 'read-only');
    assert.match(h.logs.at(-1)?.line ?? '', /read ConfigMap istio-system\/istio-sidecar-injector of context dev \(Istio 1\.28\.2\)/);
  });

  test('another context without the ConfigMap: null, with the reason in the log; back again: from the cache', async (t) => {
    const dev = await emulator(t, withInjector);
    const staging = await emulator(t, { seed: [fixtures.namespace('istio-system')] });
    const h = host(dev.kubeconfigYaml('dev'));
    h.confirm();
    await h.sync.sync();
    h.state.kubeconfig = staging.kubeconfigYaml('staging');
    h.confirm();
    const r = await h.sync.sync();
    assert.equal(r.kind, 'missing');
    assert.deepEqual(h.sent.map(origin), ['ConfigMap istio-system/istio-sidecar-injector of context dev (Istio 1.28.2)', undefined]);
    assert.equal(h.sent[1], null);
    assert.match(h.logs.at(-1)?.line ?? '', /istio-sidecar-injector on context "staging" does not exist/);
    assert.equal(h.logs.at(-1)?.level, 'info', 'no ConfigMap is not a warning');
    h.state.kubeconfig = dev.kubeconfigYaml('dev');
    await h.sync.sync();
    assert.equal(configMapGets(dev), 1, 'dev came from the cache');
    assert.equal(origin(h.sent.at(-1) ?? null), 'ConfigMap istio-system/istio-sidecar-injector of context dev (Istio 1.28.2)');
  });

  test('context cleared (no usable kubeconfig): null', async (t) => {
    const emu = await emulator(t, withInjector);
    const h = host(emu.kubeconfigYaml('dev'));
    h.confirm();
    await h.sync.sync();
    h.state.kubeconfig = '';
    const r = await h.sync.sync();
    assert.equal(r.kind, 'no-connection');
    assert.equal(h.sent.at(-1), null);
    assert.equal(h.sync.params(), null);
  });

  test('forbidden: null, the reason logged with credentials redacted, and read again next time', async (t) => {
    const emu = await emulator(t, withInjector);
    const h = host(emu.kubeconfigYaml('dev'));
    h.confirm();
    emu.injectFault({ path: '/configmaps/', status: 403, reason: 'Forbidden', message: `token ${emu.tokens.admin} may not get configmaps in istio-system` });
    const r = await h.sync.sync();
    assert.equal(r.kind, 'failed');
    assert.deepEqual(h.sent, []);
    assert.equal(h.sync.params(), null);
    const line = h.logs.at(-1);
    assert.equal(line?.level, 'warn');
    assert.match(line?.line ?? '', /reading it from context "dev" failed: token \[redacted\] may not get configmaps/);
    assert.match(line?.line ?? '', /Then run Istio: Refresh Cluster Injector Config/);
    assert.ok(!h.logs.some((l) => l.line.includes(emu.tokens.admin)), 'the token reached the log');
    assert.equal((await h.sync.sync()).kind, 'found', 'a failure is not cached');
    assert.equal(configMapGets(emu), 2);
  });

  test('the ConfigMap gone at the next Refresh: the server is told null', async (t) => {
    const emu = await emulator(t, withInjector);
    const h = host(emu.kubeconfigYaml('dev'));
    h.confirm();
    await h.sync.sync();
    emu.state.remove('v1', 'ConfigMap', 'istio-system', 'istio-sidecar-injector');
    await h.sync.sync({ refresh: true });
    assert.deepEqual(h.sent.map((p) => p === null), [false, true]);
  });

  test('a cancelled refresh leaves the server with what it had', async (t) => {
    const emu = await emulator(t, withInjector);
    const h = host(emu.kubeconfigYaml('dev'));
    h.confirm();
    await h.sync.sync();
    const abort = new AbortController();
    abort.abort();
    const r = await h.sync.sync({ refresh: true, signal: abort.signal });
    assert.equal(r.kind === 'failed' ? r.problem.kind : r.kind, 'cancelled');
    assert.equal(h.sent.length, 1);
    assert.notEqual(h.sync.params(), null);
  });

  test('a context switched while a read is on its way: the later sync decides', async (t) => {
    const dev = await emulator(t, withInjector);
    const staging = await emulator(t, { seed: [fixtures.namespace('istio-system')] });
    const h = host(dev.kubeconfigYaml('dev'));
    h.confirm();
    dev.injectFault({ path: '/configmaps/', delayMs: 300 });
    const slow = h.sync.sync();
    h.state.kubeconfig = staging.kubeconfigYaml('staging');
    h.confirm();
    const fast = await h.sync.sync();
    assert.equal((await slow).kind, 'superseded');
    assert.equal(fast.kind, 'missing');
    assert.deepEqual(h.sent, [], 'the server never held dev’s injector, and already holds nothing');
    assert.equal(h.sync.params(), null);
  });

  test('server not running yet: sent when it starts, and again after a restart', async (t) => {
    const emu = await emulator(t, withInjector);
    const h = host(emu.kubeconfigYaml('dev'), { serverUp: false });
    h.confirm();
    await h.sync.sync();
    assert.equal(h.sent.length, 0, 'nothing can be sent while the server is down');
    h.state.serverUp = true;
    h.sync.serverStarted();
    h.sync.serverStarted();
    assert.equal(h.sent.length, 2, 'each start gets the injector once');
    assert.ok(h.sent.every((p) => p?.origin.startsWith('ConfigMap istio-system/istio-sidecar-injector of context dev')));
    assert.equal(configMapGets(emu), 1, 'a server start reads nothing');
  });
});
