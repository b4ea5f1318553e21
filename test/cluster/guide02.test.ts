import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyManifest, formatApplyResult, type ApplyOutcome, type ApplyResult } from '../../client/src/cluster/apply';
import { LAST_APPLIED } from '../../client/src/cluster/clientSideApply';
import { deleteManifest, formatDeleteResult, type DeleteOutcome, type DeleteResult } from '../../client/src/cluster/delete';
import { parseManifest } from '../../client/src/cluster/manifest';
import { DUPLICATE_LINE, ISTIO_02_INSTALL, MESH_EXPANSION_027 } from './guide02';
import { connect, docs, emulator } from './helpers';

// The guide's own 0.2 manifests, on the clusters it was written for (before 1.16: no server-side apply, the 0.2 APIs
// served) and on today's, with one outcome per object.

type Outcome = ApplyOutcome | DeleteOutcome;
const outcomes = (r: ApplyResult | DeleteResult): readonly Outcome[] => ('outcomes' in r ? (r.outcomes as readonly Outcome[]) : []);
const named = (r: ApplyResult | DeleteResult): string[] => outcomes(r).map((o) => `${o.ref.kind}/${o.ref.name}:${o.outcome}`);

describe('the 0.2 install manifest as kubectl reads it', () => {
  test('apiVersion given twice: the last value is sent, with a warning naming the line', () => {
    const r = parseManifest(ISTIO_02_INSTALL);
    assert.ok(r.ok);
    assert.equal(r.objects.length, 9);
    assert.deepEqual(r.warnings.map((w) => [w.doc, w.line]), [[8, DUPLICATE_LINE]]);
    assert.match(r.warnings[0]!.message, /"apiVersion" is given twice in one mapping; kubectl uses the last value/);
    assert.equal(r.objects.at(-1)!.ref.apiVersion, 'extensions/v1beta1');
  });

  test('the last of two different values wins, as go-yaml decodes it', () => {
    const r = parseManifest('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: first, k: second}\n');
    assert.ok(r.ok);
    assert.deepEqual(r.objects[0]!.body.data, { k: 'second' });
  });

  test('install and uninstall on a pre-1.16 cluster: client-side apply, said per object; re-install unchanged', async (t) => {
    const emu = await emulator(t, { legacy: true, istioCrds: false });
    const conn = connect(emu);
    const r = await applyManifest(conn, ISTIO_02_INSTALL);
    assert.equal(r.kind, 'applied', formatApplyResult(r).join('\n'));
    assert.ok(outcomes(r).every((o) => o.outcome === 'created' && 'via' in o && o.via === 'client-side apply'));
    const lines = formatApplyResult(r);
    assert.match(lines[0]!, new RegExp(`^warning: document 9 \\(line ${DUPLICATE_LINE}\\): "apiVersion" is given twice`));
    assert.ok(lines.includes('deployment.extensions/istio-ca (istio-system) created (client-side apply: the server has no server-side apply)'));
    const ca = emu.state.get('extensions/v1beta1', 'Deployment', 'istio-system', 'istio-ca')!;
    const annotations = (ca.metadata as { annotations: Record<string, string> }).annotations;
    assert.equal(JSON.parse(annotations[LAST_APPLIED]!).metadata.name, 'istio-ca', 'kubectl’s last-applied annotation, for the next three-way merge');
    const patches = emu.requests.filter((q) => q.method === 'PATCH');
    assert.deepEqual(patches.map((q) => [q.contentType, q.status]), [['application/apply-patch+yaml', 415]], 'server-side apply tried once, then not again');

    const again = await applyManifest(conn, ISTIO_02_INSTALL);
    assert.deepEqual([...new Set(outcomes(again).map((o) => o.outcome))], ['unchanged']);

    const changed = ISTIO_02_INSTALL.replace('discoveryRefreshDelay: 1s', 'discoveryRefreshDelay: 10s').replace('    istio: pilot\nspec:\n  ports:', '    istio: pilot\n    version: v2\nspec:\n  ports:');
    const third = await applyManifest(conn, changed);
    assert.deepEqual(named(third).filter((n) => !n.endsWith(':unchanged')), ['ConfigMap/istio:configured', 'Service/istio-pilot:configured']);
    const cm = emu.state.get('v1', 'ConfigMap', 'istio-system', 'istio')!;
    assert.match(String((cm.data as Record<string, string>).mesh), /10s/);
    const dropped = ISTIO_02_INSTALL.replace('    discoveryRefreshDelay: 1s\n', '').replace('    istio: pilot\nspec:\n  ports:', '    istio: pilot\nspec:\n  ports:');
    await applyManifest(conn, dropped);
    const svc = emu.state.get('v1', 'Service', 'istio-system', 'istio-pilot')!;
    assert.deepEqual((svc.metadata as { labels: Record<string, string> }).labels, { istio: 'pilot' }, 'a label the last apply set and this one drops is removed');

    const removed = await deleteManifest(conn, ISTIO_02_INSTALL);
    assert.equal(removed.kind, 'deleted', formatDeleteResult(removed).join('\n'));
    assert.equal(emu.state.get('v1', 'Namespace', undefined, 'istio-system'), undefined);
    const twice = await deleteManifest(conn, ISTIO_02_INSTALL);
    assert.equal(twice.kind, 'deleted');
    assert.deepEqual([...new Set(outcomes(twice).map((o) => o.outcome))], ['not-found'], 'objects already gone are fine, as the guide says');
  });

  test('on a current cluster: the 0.2 APIs fail per object with what replaces them; the rest is installed', async (t) => {
    const emu = await emulator(t);
    const conn = connect(emu);
    const r = await applyManifest(conn, ISTIO_02_INSTALL);
    assert.equal(r.kind, 'partial');
    const failed = outcomes(r).filter((o) => o.outcome === 'failed');
    assert.deepEqual(failed.map((o) => `${o.ref.apiVersion} ${o.ref.kind}/${o.ref.name}`), [
      'rbac.authorization.k8s.io/v1beta1 ClusterRole/istio-pilot-istio-system',
      'rbac.authorization.k8s.io/v1beta1 ClusterRoleBinding/istio-pilot-admin-role-binding-istio-system',
      'extensions/v1beta1 Deployment/istio-pilot',
      'extensions/v1beta1 Deployment/istio-ca',
    ]);
    for (const f of failed) {
      assert.ok(f.outcome === 'failed');
      assert.match(f.message, /no matches for kind/);
      assert.match(f.nextStep, /is no longer served by current Kubernetes: use (apps\/v1|rbac\.authorization\.k8s\.io\/v1)/);
    }
    assert.ok(emu.state.get('v1', 'Service', 'istio-system', 'istio-pilot'));

    const removed = await deleteManifest(conn, ISTIO_02_INSTALL);
    assert.equal(removed.kind, 'partial');
    const notServed = outcomes(removed).filter((o) => o.outcome === 'failed');
    assert.equal(notServed.length, 4, 'a kind the server does not serve is not reported as already gone');
    assert.ok(notServed.every((o) => o.outcome === 'failed' && o.reason === 'NoKindMatch'));
    assert.ok(formatDeleteResult(removed).some((l) => /^deployment\.extensions\/istio-ca \(istio-system\) failed: no matches for kind "Deployment" in version "extensions\/v1beta1"/.test(l)));
    assert.ok(outcomes(removed).some((o) => o.ref.kind === 'Service' && o.outcome === 'deleted'));
  });

  test('a server without server-side apply on a current version (415): client-side apply', async (t) => {
    const emu = await emulator(t, { serverSideApply: false });
    const conn = connect(emu);
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: default}\ndata: {a: b}';
    const r = await applyManifest(conn, docs(cm));
    assert.ok(r.kind === 'applied' && r.outcomes[0]!.outcome === 'created' && r.outcomes[0]!.via === 'client-side apply');
    const dry = await applyManifest(conn, docs(cm.replace('a: b', 'a: c')), { dryRun: true });
    assert.deepEqual(named(dry), ['ConfigMap/settings:configured']);
    assert.deepEqual((emu.state.get('v1', 'ConfigMap', 'default', 'settings')!.data as Record<string, string>).a, 'b', 'a dry run changes nothing');
  });
});

describe('0.2.7 mesh-expansion.yaml (`Version: v1` in its first document)', () => {
  test('kubectl creates the other three and reports that one; so do we', async (t) => {
    const emu = await emulator(t, { seed: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } }] });
    const r = await applyManifest(connect(emu), MESH_EXPANSION_027);
    assert.equal(r.kind, 'partial');
    assert.deepEqual(named(r), ['Service/dns-ilb:created', 'Service/mixer-ilb:created', 'Service/istio-ca-ilb:created', 'Service/istio-pilot-ilb:failed']);
    const bad = outcomes(r)[3]!;
    assert.ok(bad.outcome === 'failed');
    assert.match(bad.message, /^document 1 \(line 1\): Object 'apiVersion' is missing \(the document has "Version:"; Kubernetes reads only "apiVersion:", so rename it\)/);
    assert.equal(emu.state.get('v1', 'Service', 'istio-system', 'istio-pilot-ilb'), undefined);
    assert.match(formatApplyResult(r).at(-1)!, /1 of 4 objects failed/);
  });

  test('a manifest of nothing but such documents sends nothing', async (t) => {
    const emu = await emulator(t);
    const r = await applyManifest(connect(emu), MESH_EXPANSION_027.split('---')[0]!);
    assert.equal(r.kind, 'invalid-manifest');
    assert.deepEqual(emu.requests, []);
  });
});
