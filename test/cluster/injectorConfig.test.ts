import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { injectorConfigMapName, injectorVersion, readInjectorConfig, type InjectorRead } from '../../client/src/cluster/injectorConfig';
import { connectionFromText } from '../../client/src/cluster/kubeconfig';
import { fixtures } from './emulator';
import { connect, emulator } from './helpers';

const found = (r: InjectorRead): Extract<InjectorRead, { kind: 'found' }> => {
  assert.equal(r.kind, 'found', r.kind === 'missing' ? r.reason : r.kind === 'failed' ? r.problem.message : '');
  return r as Extract<InjectorRead, { kind: 'found' }>;
};

describe('readInjectorConfig: the injector ConfigMaps of istio-system, read-only', () => {
  test('found: config and values as stored, origin naming ConfigMap, context and the version of its labels', async (t) => {
    const cm = fixtures.injectorConfigMap();
    const emu = await emulator(t, { seed: [fixtures.namespace('istio-system'), cm] });
    const r = found(await readInjectorConfig(connect(emu)));
    const data = cm.data as Record<string, string>;
    assert.deepEqual(r.params, {
      origin: 'ConfigMap istio-system/istio-sidecar-injector of context emulator (Istio 1.28.2)',
      config: data.config,
      values: data.values,
    });
    assert.equal(r.version, '1.28.2');
    assert.deepEqual(
      emu.requests.map((q) => [q.method, q.path]),
      [
        ['GET', '/api/v1/namespaces/istio-system/configmaps/istio-sidecar-injector'],
        ['GET', '/api/v1/namespaces/istio-system/configmaps'],
      ],
    );
  });

  test('the other revisions come along with the default one, each with its own origin', async (t) => {
    const emu = await emulator(t, {
      seed: [
        fixtures.namespace('istio-system'),
        fixtures.injectorConfigMap(),
        fixtures.injectorConfigMap({ revision: 'canary' }),
        // A labelled ConfigMap that is not an injector is not taken for one.
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio', namespace: 'istio-system', labels: { 'istio.io/rev': 'default' } }, data: { mesh: 'trustDomain: cluster.local' } },
      ],
    });
    const r = found(await readInjectorConfig(connect(emu)));
    assert.equal(r.params.origin, 'ConfigMap istio-system/istio-sidecar-injector of context emulator (Istio 1.28.2)');
    assert.deepEqual(Object.keys(r.params.revisions ?? {}), ['canary']);
    assert.equal(r.params.revisions?.['canary']?.origin, 'ConfigMap istio-system/istio-sidecar-injector-canary of context emulator (Istio 1.28.2)');
    assert.ok(emu.requests.every((q) => q.method === 'GET'), 'reads only');
  });

  test('only revisioned installs: no default injector, the revisions still sent', async (t) => {
    const emu = await emulator(t, { seed: [fixtures.namespace('istio-system'), fixtures.injectorConfigMap({ revision: 'stable' })] });
    const r = found(await readInjectorConfig(connect(emu)));
    assert.equal(r.params.config, '');
    assert.deepEqual(Object.keys(r.params.revisions ?? {}), ['stable']);
  });

  test('a revision reads istio-sidecar-injector-<rev>; "default" is the default revision', async (t) => {
    const emu = await emulator(t, { seed: [fixtures.namespace('istio-system'), fixtures.injectorConfigMap({ revision: 'canary' })] });
    const r = found(await readInjectorConfig(connect(emu), { revision: 'canary' }));
    assert.equal(r.params.origin, 'ConfigMap istio-system/istio-sidecar-injector-canary of context emulator (Istio 1.28.2)');
    assert.equal(injectorConfigMapName('default'), 'istio-sidecar-injector');
    assert.equal(injectorConfigMapName(''), 'istio-sidecar-injector');
  });

  test('no version label: values global.tag; neither: no version in the origin; no values key: none sent', async (t) => {
    const emu = await emulator(t, {
      seed: [
        fixtures.namespace('istio-system'),
        fixtures.injectorConfigMap({ labels: { 'istio.io/rev': 'default' }, values: JSON.stringify({ global: { tag: '1.27.3' } }) }),
        fixtures.injectorConfigMap({ revision: 'plain', labels: {}, values: null }),
      ],
    });
    const conn = connect(emu);
    assert.equal(found(await readInjectorConfig(conn)).params.origin, 'ConfigMap istio-system/istio-sidecar-injector of context emulator (Istio 1.27.3)');
    const plain = found(await readInjectorConfig(conn, { revision: 'plain' }));
    assert.equal(plain.params.origin, 'ConfigMap istio-system/istio-sidecar-injector-plain of context emulator');
    assert.equal('values' in plain.params, false);
    assert.equal(plain.version, undefined);
  });

  test('version labels in order (operator, Helm, install.operator.istio.io/*version); free text is no version', () => {
    const cm = (labels: Record<string, string>, tag?: string): Parameters<typeof injectorVersion>[0] => ({
      metadata: { labels },
      data: { config: 'x', ...(tag !== undefined ? { values: JSON.stringify({ global: { tag } }) } : {}) },
    });
    assert.equal(injectorVersion(cm({ 'operator.istio.io/version': '1.26.8', 'app.kubernetes.io/version': '1.28.2' })), '1.26.8');
    assert.equal(injectorVersion(cm({ 'install.operator.istio.io/owning-resource': 'installed-state', 'install.operator.istio.io/version': 'v1.24.1' })), '1.24.1');
    assert.equal(injectorVersion(cm({ 'app.kubernetes.io/version': 'latest; rm -rf /' }, '1.29.0-beta.1')), '1.29.0-beta.1');
    assert.equal(injectorVersion(cm({}, 'latest')), undefined);
    assert.equal(injectorVersion({ metadata: {}, data: { config: 'x', values: '{not json' } }), undefined);
  });

  test('missing: 404 gives the reason and what to do, no error', async (t) => {
    const emu = await emulator(t, { seed: [fixtures.namespace('istio-system')] });
    const r = await readInjectorConfig(connect(emu));
    assert.equal(r.kind, 'missing');
    assert.match(r.kind === 'missing' ? r.reason : '', /^ConfigMap istio-system\/istio-sidecar-injector on context "emulator" does not exist: Istio is not installed there/);
    assert.match(r.kind === 'missing' ? r.nextStep : '', /Install Istio on this cluster, or choose the context of a cluster that runs it/);
    const canary = await readInjectorConfig(connect(emu), { revision: 'canary' });
    assert.match(canary.kind === 'missing' ? canary.reason : '', /istio-sidecar-injector-canary .* not with revision "canary"/);
  });

  test('missing: a ConfigMap without data.config holds no templates', async (t) => {
    const emu = await emulator(t, { seed: [fixtures.namespace('istio-system'), fixtures.injectorConfigMap({ config: '' })] });
    const r = await readInjectorConfig(connect(emu));
    assert.equal(r.kind, 'missing');
    assert.match(r.kind === 'missing' ? r.reason : '', /has no data\.config/);
  });

  test('forbidden: the RBAC problem with its next step', async (t) => {
    const emu = await emulator(t, { seed: [fixtures.namespace('istio-system'), fixtures.injectorConfigMap()] });
    const r = await readInjectorConfig(connect(emu, { token: emu.tokens.forbidden }));
    assert.equal(r.kind, 'failed');
    const p = r.kind === 'failed' ? r.problem : undefined;
    assert.equal(p?.kind, 'forbidden');
    assert.match(p?.message ?? '', /configmaps "istio-sidecar-injector" is forbidden: User "jane" cannot get/);
    assert.match(p?.nextStep ?? '', /grant user "emulator-user" the RBAC rights/);
  });

  test('unreachable: failed with the transport problem', async (t) => {
    const emu = await emulator(t);
    const server = emu.url;
    await emu.close();
    const r0 = connectionFromText(emu.kubeconfigYaml('gone', emu.tokens.admin, { server }), { requestTimeoutMs: 5_000 });
    assert.ok(r0.ok);
    const r = await readInjectorConfig(r0.connection);
    assert.equal(r.kind, 'failed');
    assert.equal(r.kind === 'failed' ? r.problem.kind : '', 'unreachable');
  });
});
