import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { readIstioCrds, type IstioCrdsRead } from '../../client/src/cluster/istioCrds';
import { CrdSync } from '../../client/src/cluster/ui/crdSync';
import type { ClusterCrdsParams } from '../../server/src/protocol';
import { fixtures, type Emulator, type JsonObject } from './emulator';
import { syncHost } from '../unit/clusterUi/support';
import { VS_CRD_YAML } from '../unit/schema/support';
import { connect, emulator } from './helpers';

// The connected cluster's Istio CRDs, read for IST0106's schemas: only Istio's groups kept, a page at a time,
// read-only; and the background sync that hands them to the language server for the confirmed target only.

/** Istio's VirtualService CRD with a real schema (the rule fixtures'). */
const VS_CRD = parse(VS_CRD_YAML) as JsonObject;

function otherCrd(i: number): JsonObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `widgets${i}.example.com` },
    spec: {
      group: 'example.com',
      names: { kind: `Widget${i}`, plural: `widgets${i}`, singular: `widget${i}`, listKind: `Widget${i}List` },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  };
}

const found = (r: IstioCrdsRead): Extract<IstioCrdsRead, { kind: 'found' }> => {
  assert.equal(r.kind, 'found', r.kind === 'missing' ? r.reason : r.kind === 'failed' ? r.problem.message : '');
  return r as Extract<IstioCrdsRead, { kind: 'found' }>;
};
const kindsOf = (p: ClusterCrdsParams): string[] =>
  (p?.crds ?? []).map((c) => ((c as { spec: { group: string; names: { kind: string } } }).spec)).map((s) => `${s.group}/${s.names.kind}`).sort();
const crdLists = (emu: Emulator): number => emu.requests.filter((r) => r.path === '/apis/apiextensions.k8s.io/v1/customresourcedefinitions').length;

describe('readIstioCrds: the Istio CRDs of the cluster, read-only', () => {
  test("Istio's groups only, each cut to group, kind and its served versions' schemas, a page of 50 at a time", async (t) => {
    const others = Array.from({ length: 60 }, (_, i) => otherCrd(i));
    const emu = await emulator(t, { istioCrds: false, seed: [...others.slice(0, 30), VS_CRD, ...others.slice(30)] });
    const r = found(await readIstioCrds(connect(emu)));
    assert.equal(r.params.origin, 'context "emulator"');
    assert.deepEqual(kindsOf(r.params), ['networking.istio.io/VirtualService']);
    const crd = r.params.crds[0] as { spec: { versions: { name: string; schema: { openAPIV3Schema: unknown } }[] } };
    const source = VS_CRD['spec'] as { versions: { name: string; schema: { openAPIV3Schema: unknown } }[] };
    assert.deepEqual(crd.spec.versions.map((v) => v.name), source.versions.map((v) => v.name));
    assert.deepEqual(crd.spec.versions[0]?.schema.openAPIV3Schema, source.versions[0]?.schema.openAPIV3Schema);
    assert.deepEqual(Object.keys(crd.spec).sort(), ['group', 'names', 'versions'], 'nothing else of the CRD is kept');
    assert.equal(crdLists(emu), 2, '61 CRDs: two pages');
    assert.ok(emu.requests.every((q) => q.method === 'GET'), 'reads only');
  });

  test("a current install's CRDs: every kind of its groups comes through", async (t) => {
    const emu = await emulator(t);
    const r = found(await readIstioCrds(connect(emu)));
    assert.deepEqual(kindsOf(r.params), fixtures.istioCrds().map((c) => {
      const spec = c['spec'] as { group: string; names: { kind: string } };
      return `${spec.group}/${spec.names.kind}`;
    }).sort());
  });

  test("a version the cluster no longer serves is not kept", async (t) => {
    const crd = structuredClone(VS_CRD);
    const versions = (crd['spec'] as { versions: { name: string; served: boolean }[] }).versions;
    versions.forEach((v) => (v.served = v.name === 'v1'));
    const emu = await emulator(t, { istioCrds: false, seed: [crd] });
    const r = found(await readIstioCrds(connect(emu)));
    assert.deepEqual((r.params.crds[0] as { spec: { versions: { name: string }[] } }).spec.versions.map((v) => v.name), ['v1']);
  });

  test('no Istio CRD: missing, with the reason', async (t) => {
    const emu = await emulator(t, { istioCrds: false, seed: [otherCrd(1)] });
    const r = await readIstioCrds(connect(emu));
    assert.equal(r.kind, 'missing');
    assert.match(r.kind === 'missing' ? r.reason : '', /context "emulator" has no CRD of networking\.istio\.io.*Istio is not installed there/);
  });

  test('not allowed to list CRDs: failed, with the problem (no throw)', async (t) => {
    const emu = await emulator(t, { istioCrds: false, seed: [VS_CRD] });
    const r = await readIstioCrds(connect(emu, { token: emu.tokens.forbidden }));
    assert.equal(r.kind, 'failed');
    assert.equal(r.kind === 'failed' ? r.problem.kind : '', 'forbidden');
  });
});

function host(first: string) {
  const h = syncHost<NonNullable<ClusterCrdsParams>>(first);
  return { ...h, sync: new CrdSync(h.env) };
}

describe('CrdSync: the confirmed target’s Istio CRDs reach the language server', () => {
  test('nothing is sent to a cluster before the user confirmed it, nor in Restricted Mode', async (t) => {
    const emu = await emulator(t, { istioCrds: false, seed: [VS_CRD] });
    const h = host(emu.kubeconfigYaml('dev'));
    h.state.trusted = false;
    assert.equal((await h.sync.sync()).kind, 'untrusted');
    h.state.trusted = true;
    assert.equal((await h.sync.sync()).kind, 'unconfirmed');
    assert.equal(emu.requests.filter((r) => r.path.startsWith('/apis/')).length, 0, 'no request reached the cluster');
    assert.deepEqual(h.sent, [], 'the server holds nothing and is sent nothing');
    assert.match(h.logs.at(-1)?.line ?? '', /context "dev" is not read before you confirm it/);
  });

  test('confirmed: read once and sent; a sync again reads the cache; refresh reads again; another context clears', async (t) => {
    const dev = await emulator(t, { istioCrds: false, seed: [VS_CRD] });
    const staging = await emulator(t, { istioCrds: false, seed: [otherCrd(1)] });
    const h = host(dev.kubeconfigYaml('dev'));
    h.confirm();
    assert.equal((await h.sync.sync()).kind, 'found');
    assert.deepEqual(h.sent.map(kindsOf), [['networking.istio.io/VirtualService']]);
    assert.equal(h.sent[0]?.origin, 'context "dev"');
    await h.sync.sync();
    assert.equal(crdLists(dev), 1, 'from the cache');
    assert.equal(h.sent.length, 1, 'the server already holds them');
    await h.sync.sync({ refresh: true });
    assert.equal(crdLists(dev), 2, 'refresh reads again');
    h.state.kubeconfig = staging.kubeconfigYaml('staging');
    h.confirm();
    assert.equal((await h.sync.sync()).kind, 'missing');
    assert.equal(h.sent.at(-1), null, 'a context without Istio CRDs clears what the server holds');
    h.state.kubeconfig = 'not: a kubeconfig';
    await h.sync.sync();
    assert.equal(h.sent.at(-1), null);
  });

  test('a failed read clears what the server holds and is logged as a warning; a restarted server is sent it again', async (t) => {
    const emu = await emulator(t, { istioCrds: false, seed: [VS_CRD] });
    const h = host(emu.kubeconfigYaml('dev'));
    h.confirm();
    await h.sync.sync();
    assert.equal(h.sent.length, 1);
    h.sync.serverStarted();
    assert.equal(h.sent.length, 2, 'a restarted server holds nothing: sent again');
    assert.deepEqual(kindsOf(h.sent[1] ?? null), ['networking.istio.io/VirtualService']);
    h.state.kubeconfig = emu.kubeconfigYaml('dev', emu.tokens.forbidden);
    await h.sync.sync({ refresh: true });
    assert.equal(h.sent.at(-1), null);
    assert.equal(h.logs.at(-1)?.level, 'warn');
    assert.match(h.logs.at(-1)?.line ?? '', /Cluster CRDs: reading them from context "dev" failed: .*Next step: /);
  });
});
