import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyManifest, formatApplyResult, type ApplyResult } from '../../client/src/cluster/apply';
import { deleteManifest } from '../../client/src/cluster/delete';
import { fixtures, type JsonObject } from './emulator';
import { connect, docs, emulator } from './helpers';

// What real API servers do that a client must live with: a CRD served a moment after it is created, a 5xx on one
// write, lists in pages, a namespace that stays Terminating.

const names = (r: ApplyResult): string[] => ('outcomes' in r ? r.outcomes.map((o) => `${o.ref.kind}/${o.ref.name}:${o.outcome}`) : []);

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: meshpolicies.example.io}
spec:
  group: example.io
  scope: Namespaced
  names: {kind: MeshPolicy, plural: meshpolicies}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}`;

describe('what real API servers do', () => {
  test('a CRD not served yet right after it is created: its resources wait for it, then apply', async (t) => {
    const emu = await emulator(t);
    // Discovery of the new group answers 404 twice, as an apiserver does until the CRD is Established.
    emu.injectFault({ method: 'GET', path: /^\/apis\/example\.io\/v1$/, status: 404, reason: 'NotFound', message: 'the server could not find the requested resource', times: 2 });
    const r = await applyManifest(connect(emu), docs(CRD, 'apiVersion: example.io/v1\nkind: MeshPolicy\nmetadata: {name: strict, namespace: default}\nspec: {mtls: true}'), { crdWaitMs: 60_000 });
    assert.deepEqual(names(r), ['CustomResourceDefinition/meshpolicies.example.io:created', 'MeshPolicy/strict:created']);
    assert.ok(emu.requests.filter((q) => q.path === '/apis/example.io/v1').length >= 3, 'discovery was asked again until served');
  });

  test('a CRD that never gets served: its resource fails once the wait is over, with the next step', async (t) => {
    const emu = await emulator(t);
    emu.injectFault({ method: 'GET', path: /^\/apis\/example\.io\/v1$/, status: 404, reason: 'NotFound', message: 'the server could not find the requested resource', times: 1000 });
    const r = await applyManifest(connect(emu), docs(CRD, 'apiVersion: example.io/v1\nkind: MeshPolicy\nmetadata: {name: strict, namespace: default}\nspec: {}'), { crdWaitMs: 0 });
    assert.deepEqual(names(r), ['CustomResourceDefinition/meshpolicies.example.io:created', 'MeshPolicy/strict:failed']);
    assert.ok(formatApplyResult(r).some((l) => /no matches for kind "MeshPolicy" in version "example\.io\/v1"/.test(l)));
  });

  test('a 5xx on one write fails that object with the server’s words; the others are applied', async (t) => {
    const emu = await emulator(t);
    emu.injectFault({ method: 'PATCH', path: '/configmaps/a', status: 503, reason: 'ServiceUnavailable', message: 'etcd cluster is unavailable or misconfigured' });
    const cm = (n: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${n}, namespace: default}\ndata: {k: v}`;
    const r = await applyManifest(connect(emu), docs(cm('a'), cm('b')));
    assert.equal(r.kind, 'partial');
    assert.deepEqual(names(r), ['ConfigMap/a:failed', 'ConfigMap/b:created']);
    const a = 'outcomes' in r ? r.outcomes[0]! : undefined;
    assert.ok(a?.outcome === 'failed' && a.code === 503 && /etcd cluster is unavailable/.test(a.message) && /retry/i.test(a.nextStep));
    assert.equal(emu.state.get('v1', 'ConfigMap', 'default', 'a'), undefined);
  });

  test('lists are read page by page (limit and continue) to the last item', async (t) => {
    const seed: JsonObject[] = Array.from({ length: 1203 }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${String(i).padStart(4, '0')}`, namespace: 'default' } }));
    const emu = await emulator(t, { seed });
    const items = await connect(emu).api.list<JsonObject>('/api/v1/namespaces/default/configmaps');
    assert.equal(items.length, 1203);
    assert.equal((items.at(-1)!.metadata as JsonObject).name, 'c1202');
    const pages = emu.requests.filter((q) => q.path === '/api/v1/namespaces/default/configmaps');
    assert.deepEqual(pages.map((q) => [q.query.limit, q.query.continue !== undefined]), [['500', false], ['500', true], ['500', true]]);
  });

  test('a namespace stuck in Terminating: delete says deleted; applying into it fails with what to do', async (t) => {
    const emu = await emulator(t, { namespaceDeletion: 'stuck', seed: [fixtures.namespace('demo')] });
    const conn = connect(emu);
    const manifest = docs('apiVersion: v1\nkind: Namespace\nmetadata: {name: demo}', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: demo}\ndata: {a: b}');
    const d = await deleteManifest(conn, manifest);
    assert.equal(d.kind, 'deleted');
    assert.equal((emu.state.get('v1', 'Namespace', undefined, 'demo')!.status as JsonObject).phase, 'Terminating');
    const r = await applyManifest(conn, manifest);
    assert.equal(r.kind, 'partial');
    const cm = 'outcomes' in r ? r.outcomes.find((o) => o.ref.kind === 'ConfigMap') : undefined;
    assert.ok(cm?.outcome === 'failed' && cm.code === 403, JSON.stringify(cm));
    assert.match(cm.message, /because it is being terminated/);
    assert.match(cm.nextStep, /Namespace demo is still Terminating/);
    assert.doesNotMatch(cm.nextStep, /RBAC/);
    emu.state.finalizeNamespace('demo');
    assert.equal((await applyManifest(conn, manifest)).kind, 'applied');
  });
});
