import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyManifest } from '../../client/src/cluster/apply';
import { deleteManifest, formatDeleteResult, summarizeDelete, type DeleteResult } from '../../client/src/cluster/delete';
import { connect, docs, emulator } from './helpers';

const MANIFEST = docs(
  `apiVersion: v1\nkind: Namespace\nmetadata: {name: demo}`,
  `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.io}
spec:
  group: example.io
  scope: Namespaced
  names: {kind: Widget, plural: widgets}
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}]`,
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: demo}\ndata: {a: b}`,
  `apiVersion: example.io/v1\nkind: Widget\nmetadata: {name: w1, namespace: demo}\nspec: {size: 1}`,
);

const outcomes = (r: DeleteResult): string[] => ('outcomes' in r ? r.outcomes.map((o) => `${o.ref.kind}/${o.ref.name}:${o.outcome}`) : []);

describe('deleteManifest', () => {
  test('deletes in reverse apply order: custom resources, then CRDs, Namespaces last', async (t) => {
    const emu = await emulator(t);
    const conn = connect(emu);
    assert.equal((await applyManifest(conn, MANIFEST)).kind, 'applied');
    emu.clearRequests();
    const r = await deleteManifest(conn, MANIFEST);
    assert.equal(r.kind, 'deleted');
    assert.deepEqual(outcomes(r), ['Widget/w1:deleted', 'ConfigMap/settings:deleted', 'CustomResourceDefinition/widgets.example.io:deleted', 'Namespace/demo:deleted']);
    const deletes = emu.requests.filter((q) => q.method === 'DELETE');
    assert.deepEqual(deletes.map((q) => q.path.split('/').at(-1)), ['w1', 'settings', 'widgets.example.io', 'demo']);
    assert.ok(deletes.every((q) => JSON.parse(q.bodyText!).propagationPolicy === 'Background'));
    assert.equal(emu.state.get('v1', 'Namespace', undefined, 'demo'), undefined);
  });

  test('what is already gone is not an error (object, namespace, or the CRD of its kind)', async (t) => {
    const emu = await emulator(t);
    const r = await deleteManifest(connect(emu), MANIFEST);
    assert.equal(r.kind, 'deleted');
    assert.deepEqual(outcomes(r), ['Widget/w1:not-found', 'ConfigMap/settings:not-found', 'CustomResourceDefinition/widgets.example.io:not-found', 'Namespace/demo:not-found']);
    assert.deepEqual(formatDeleteResult(r).at(-1), '0 deleted, 4 already gone.');
    assert.match(formatDeleteResult(r)[0]!, /^widget\.example\.io\/w1 \(demo\) already gone$/);
  });

  test('dry run deletes nothing', async (t) => {
    const emu = await emulator(t);
    const conn = connect(emu);
    await applyManifest(conn, MANIFEST);
    const rv = emu.state.resourceVersion();
    emu.clearRequests();
    const r = await deleteManifest(conn, MANIFEST, { dryRun: true });
    assert.equal(r.kind, 'deleted');
    assert.ok(emu.state.get('v1', 'ConfigMap', 'demo', 'settings'));
    assert.equal(emu.state.resourceVersion(), rv);
    assert.deepEqual(emu.writes(), []);
    assert.ok(emu.requests.filter((q) => q.method === 'DELETE').every((q) => q.query.dryRun === 'All'));
    assert.match(summarizeDelete(r), /Nothing was deleted/);
  });

  test('forbidden deletes are reported per object; 401 stops the run', async (t) => {
    const emu = await emulator(t);
    await applyManifest(connect(emu), MANIFEST);
    const viewer = await deleteManifest(connect(emu, { token: emu.tokens.viewer }), MANIFEST);
    assert.equal(viewer.kind, 'partial');
    assert.ok(viewer.kind === 'partial' && viewer.failed === 4);
    const first = viewer.outcomes[0]!;
    assert.ok(first.outcome === 'failed');
    assert.equal(first.reason, 'Forbidden');
    assert.match(first.message, /cannot delete resource "widgets" in API group "example\.io" in the namespace "demo"/);
    const expired = await deleteManifest(connect(emu, { token: emu.tokens.invalid }), MANIFEST);
    assert.ok(expired.kind === 'failed' && expired.problem.kind === 'unauthorized' && expired.notAttempted.length === 3);
  });

  test('cancel stops further deletes', async (t) => {
    const emu = await emulator(t);
    const conn = connect(emu);
    await applyManifest(conn, MANIFEST);
    emu.clearRequests();
    const ac = new AbortController();
    const r = await deleteManifest(conn, MANIFEST, { signal: ac.signal, onProgress: () => ac.abort() });
    assert.ok(r.kind === 'cancelled');
    assert.deepEqual(outcomes(r), ['Widget/w1:deleted']);
    assert.equal(emu.requests.filter((q) => q.method === 'DELETE').length, 1);
    assert.ok(emu.state.get('v1', 'ConfigMap', 'demo', 'settings'));
  });
});
