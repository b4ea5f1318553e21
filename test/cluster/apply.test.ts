import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, test } from 'node:test';
import { applyManifest, FIELD_MANAGER, formatApplyResult, summarizeApply, type ApplyOutcome, type ApplyResult } from '../../client/src/cluster/apply';
import { fixtures } from './emulator';
import { connect, docs, emulator } from './helpers';

const NAMESPACE = `
apiVersion: v1
kind: Namespace
metadata:
  name: bookinfo
  labels:
    istio-injection: enabled`;

const SERVICE = `
apiVersion: v1
kind: Service
metadata:
  name: details
  namespace: bookinfo
  labels: {app: details}
spec:
  selector: {app: details}
  ports:
  - name: http
    port: 9080`;

const DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: details-v1
  namespace: bookinfo
spec:
  replicas: 1
  selector:
    matchLabels: {app: details, version: v1}
  template:
    metadata:
      labels: {app: details, version: v1}
    spec:
      containers:
      - name: details
        image: docker.io/istio/examples-bookinfo-details-v1:1.5.0
        ports:
        - containerPort: 9080`;

const VIRTUAL_SERVICE = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: details
  namespace: bookinfo
spec:
  hosts: [details]
  http:
  - route:
    - destination: {host: details, subset: v1}`;

// The Namespace comes last in the file: apply must still create it first.
const BOOKINFO = docs(SERVICE, DEPLOYMENT, VIRTUAL_SERVICE, NAMESPACE);

const PASSWORD = 's3cr3t-P@ssw0rd!';
const TOKEN_VALUE = 'tok-abcdef123456';
const SECRET = `
apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
  namespace: default
type: Opaque
stringData:
  password: "${PASSWORD}"
data:
  token: ${Buffer.from(TOKEN_VALUE).toString('base64')}`;

const names = (r: ApplyResult): string[] => ('outcomes' in r ? r.outcomes.map((o) => `${o.ref.kind}/${o.ref.name}:${o.outcome}`) : []);
const outcomesOf = (r: ApplyResult): readonly ApplyOutcome[] => ('outcomes' in r ? r.outcomes : []);

describe('applyManifest', () => {
  test('creates everything, Namespaces first, by server-side apply with the fixed field manager', async (t) => {
    const emu = await emulator(t);
    const r = await applyManifest(connect(emu), BOOKINFO);
    assert.equal(r.kind, 'applied');
    assert.deepEqual(names(r), ['Namespace/bookinfo:created', 'Service/details:created', 'Deployment/details-v1:created', 'VirtualService/details:created']);
    const patches = emu.requests.filter((q) => q.method === 'PATCH');
    assert.equal(patches.length, 4);
    for (const p of patches) {
      assert.equal(p.contentType, 'application/apply-patch+yaml');
      assert.equal(p.query.fieldManager, FIELD_MANAGER);
      assert.equal(p.query.dryRun, undefined);
      assert.equal(p.query.force, undefined);
    }
    assert.equal(patches[0]!.path, '/api/v1/namespaces/bookinfo');
    const svc = emu.state.get('v1', 'Service', 'bookinfo', 'details')!;
    const managers = (svc.metadata as { managedFields: { manager: string; operation: string }[] }).managedFields;
    assert.deepEqual(managers.map((m) => [m.manager, m.operation]), [[FIELD_MANAGER, 'Apply']]);
    assert.ok(emu.state.get('networking.istio.io/v1', 'VirtualService', 'bookinfo', 'details'));
    assert.deepEqual(formatApplyResult(r), [
      'namespace/bookinfo created',
      'service/details (bookinfo) created',
      'deployment.apps/details-v1 (bookinfo) created',
      'virtualservice.networking.istio.io/details (bookinfo) created',
      'Applied 4 objects (4 created).',
    ]);
  });

  test('re-applying the same manifest reports unchanged and persists nothing', async (t) => {
    const emu = await emulator(t);
    const conn = connect(emu);
    await applyManifest(conn, BOOKINFO);
    const rv = emu.state.resourceVersion();
    emu.clearRequests();
    const r = await applyManifest(conn, BOOKINFO);
    assert.equal(r.kind, 'applied');
    assert.deepEqual(outcomesOf(r).map((o) => o.outcome), ['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    assert.equal(emu.state.resourceVersion(), rv);
    assert.deepEqual(emu.writes(), []);
  });

  test('a changed object is configured, the others unchanged', async (t) => {
    const emu = await emulator(t);
    const conn = connect(emu);
    await applyManifest(conn, BOOKINFO);
    const before = emu.state.get('apps/v1', 'Deployment', 'bookinfo', 'details-v1')!;
    const r = await applyManifest(conn, BOOKINFO.replace('replicas: 1', 'replicas: 3'));
    assert.deepEqual(names(r), ['Namespace/bookinfo:unchanged', 'Service/details:unchanged', 'Deployment/details-v1:configured', 'VirtualService/details:unchanged']);
    const after = emu.state.get('apps/v1', 'Deployment', 'bookinfo', 'details-v1')!;
    assert.equal((after.spec as { replicas: number }).replicas, 3);
    assert.notEqual((after.metadata as { resourceVersion: string }).resourceVersion, (before.metadata as { resourceVersion: string }).resourceVersion);
    const deployment = outcomesOf(r)[2]!;
    assert.ok(deployment.outcome === 'configured' && deployment.resourceVersion === (after.metadata as { resourceVersion: string }).resourceVersion);
  });

  test('dry run: the server validates, nothing is persisted (read back + request log)', async (t) => {
    const emu = await emulator(t);
    emu.state.seed([fixtures.namespace('bookinfo', { 'istio-injection': 'enabled' })]);
    const conn = connect(emu);
    const rv = emu.state.resourceVersion();
    const r = await applyManifest(conn, BOOKINFO, { dryRun: true });
    assert.equal(r.kind, 'applied');
    assert.ok(r.kind === 'applied' && r.dryRun);
    assert.deepEqual(outcomesOf(r).slice(1).map((o) => o.outcome), ['created', 'created', 'created']);
    assert.equal(emu.state.get('v1', 'Service', 'bookinfo', 'details'), undefined);
    assert.equal(emu.state.get('apps/v1', 'Deployment', 'bookinfo', 'details-v1'), undefined);
    assert.equal(emu.state.resourceVersion(), rv);
    assert.deepEqual(emu.writes(), []);
    for (const p of emu.requests.filter((q) => q.method !== 'GET')) {
      assert.equal(p.query.dryRun, 'All', `${p.method} ${p.path} must be a dry run`);
    }
    assert.match(summarizeApply(r), /^Dry run: .*Nothing was changed\.$/);
    assert.match(formatApplyResult(r)[1]!, /^service\/details \(bookinfo\) created \(dry run\)$/);
    const invalid = await applyManifest(conn, BOOKINFO.replace('port: 9080', 'port: 0'), { dryRun: true });
    assert.equal(invalid.kind, 'partial', 'the server still validates in a dry run');
    assert.deepEqual(emu.writes(), []);
  });

  test('dry run on a fresh cluster: objects in a namespace the manifest creates are skipped, not failed', async (t) => {
    const emu = await emulator(t);
    const r = await applyManifest(connect(emu), BOOKINFO, { dryRun: true });
    assert.equal(r.kind, 'applied');
    assert.deepEqual(names(r), ['Namespace/bookinfo:created', 'Service/details:skipped', 'Deployment/details-v1:skipped', 'VirtualService/details:skipped']);
    const skipped = outcomesOf(r)[1]!;
    assert.ok(skipped.outcome === 'skipped' && /namespace bookinfo is created by this manifest/.test(skipped.message));
    assert.equal(emu.state.get('v1', 'Namespace', undefined, 'bookinfo'), undefined);
    assert.deepEqual(emu.writes(), []);
    assert.equal(emu.requests.filter((q) => q.method === 'PATCH').length, 1, 'skipped objects are not sent');
  });

  test('dry run against live objects says configured/unchanged without changing them', async (t) => {
    const emu = await emulator(t);
    const conn = connect(emu);
    await applyManifest(conn, BOOKINFO);
    const rv = emu.state.resourceVersion();
    const r = await applyManifest(conn, BOOKINFO.replace('replicas: 1', 'replicas: 5'), { dryRun: true });
    assert.deepEqual(outcomesOf(r).map((o) => o.outcome), ['unchanged', 'unchanged', 'configured', 'unchanged']);
    assert.equal((emu.state.get('apps/v1', 'Deployment', 'bookinfo', 'details-v1')!.spec as { replicas: number }).replicas, 1);
    assert.equal(emu.state.resourceVersion(), rv);
  });

  test('a field owned by another manager conflicts (409, fields and manager listed); force takes it over', async (t) => {
    const emu = await emulator(t);
    emu.state.seed([fixtures.namespace('bookinfo')]);
    emu.state.seed([fixtures.service('bookinfo', 'details', [{ name: 'tcp', port: 9080 }], { selector: { app: 'details' } })], {
      manager: 'kubectl-client-side-apply',
    });
    const conn = connect(emu);
    const r = await applyManifest(conn, docs(SERVICE));
    assert.equal(r.kind, 'partial');
    const o = outcomesOf(r)[0]!;
    assert.ok(o.outcome === 'failed');
    assert.deepEqual([o.reason, o.code], ['Conflict', 409]);
    assert.deepEqual(o.conflicts, [{ field: '.spec.ports[port=9080,protocol="TCP"].name', manager: 'kubectl-client-side-apply' }]);
    assert.match(o.message, /Apply failed with 1 conflict/);
    assert.match(o.nextStep, /force/);
    assert.equal((emu.state.get('v1', 'Service', 'bookinfo', 'details')!.spec as { ports: { name: string }[] }).ports[0]!.name, 'tcp');
    assert.match(formatApplyResult(r).join('\n'), /conflict: \.spec\.ports\[port=9080,protocol="TCP"\]\.name \(owned by "kubectl-client-side-apply"\)/);

    const forced = await applyManifest(conn, docs(SERVICE), { force: true });
    assert.equal(forced.kind, 'applied');
    assert.equal(outcomesOf(forced)[0]!.outcome, 'configured');
    assert.equal(emu.requests.filter((q) => q.method === 'PATCH').at(-1)!.query.force, 'true');
    const svc = emu.state.get('v1', 'Service', 'bookinfo', 'details')!;
    assert.equal((svc.spec as { ports: { name: string }[] }).ports[0]!.name, 'http');
    const mine = (svc.metadata as { managedFields: { manager: string; fieldsV1: Record<string, unknown> }[] }).managedFields.find((m) => m.manager === FIELD_MANAGER)!;
    assert.ok(JSON.stringify(mine.fieldsV1).includes('"f:name"'));
  });

  test('partial failure is reported per object and the rest is applied (missing namespace, invalid object)', async (t) => {
    const emu = await emulator(t);
    const invalid = `
apiVersion: v1
kind: Service
metadata: {name: bad, namespace: default}
spec:
  ports:
  - {name: HTTP_Web, port: 80}`;
    const r = await applyManifest(connect(emu), docs(SERVICE, invalid, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok, namespace: default}\ndata: {a: b}`));
    assert.equal(r.kind, 'partial');
    assert.ok(r.kind === 'partial' && r.failed === 2);
    const [svc, bad, cm] = outcomesOf(r);
    assert.ok(svc!.outcome === 'failed' && bad!.outcome === 'failed');
    assert.deepEqual([svc.reason, svc.code, svc.message], ['NotFound', 404, 'namespaces "bookinfo" not found']);
    assert.match(svc.nextStep, /Create namespace "bookinfo" first/);
    assert.deepEqual([bad.reason, bad.code], ['Invalid', 422]);
    assert.match(bad.message, /spec\.ports\[0\]\.name: Invalid value: "HTTP_Web": a lowercase RFC 1123 label/);
    assert.equal(cm!.outcome, 'created');
    assert.match(summarizeApply(r), /2 of 3 objects failed/);
  });

  test('403: each object fails with the RBAC message, the run goes on', async (t) => {
    const emu = await emulator(t);
    const r = await applyManifest(connect(emu, { token: emu.tokens.viewer }), docs(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: default}`, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: default}`));
    assert.equal(r.kind, 'partial');
    for (const o of outcomesOf(r)) {
      assert.ok(o.outcome === 'failed');
      assert.deepEqual([o.reason, o.code], ['Forbidden', 403]);
      assert.match(o.message, /^configmaps "[ab]" is forbidden: User "viewer" cannot patch resource "configmaps" in API group "" in the namespace "default"$/);
      assert.match(o.nextStep, /RBAC/);
    }
    assert.deepEqual(emu.writes(), []);
  });

  test('401 stops the run at the first object: one problem, the rest not sent', async (t) => {
    const emu = await emulator(t);
    const r = await applyManifest(connect(emu, { token: emu.tokens.invalid }), BOOKINFO);
    assert.equal(r.kind, 'failed');
    assert.ok(r.kind === 'failed');
    assert.equal(r.problem.kind, 'unauthorized');
    assert.equal(r.outcomes.length, 1);
    assert.equal(r.notAttempted.length, 3);
    assert.equal(emu.requests.length, 1, 'nothing after the first 401');
    assert.match(formatApplyResult(r).at(-1)!, /refused the credentials/);
  });

  test('cancel stops further requests', async (t) => {
    const emu = await emulator(t);
    const ac = new AbortController();
    const progress: string[] = [];
    const r = await applyManifest(connect(emu), BOOKINFO, {
      signal: ac.signal,
      onProgress: (p) => {
        progress.push(`${p.index + 1}/${p.total} ${p.outcome.ref.name}`);
        ac.abort();
      },
    });
    assert.equal(r.kind, 'cancelled');
    assert.ok(r.kind === 'cancelled');
    assert.deepEqual(progress, ['1/4 bookinfo']);
    assert.deepEqual(r.notAttempted.map((x) => x.name), ['details', 'details-v1', 'details']);
    const after = emu.requests.filter((q) => q.seq > emu.requests.find((x) => x.method === 'PATCH')!.seq);
    assert.deepEqual(after, [], 'no request after the cancelled point');
    assert.equal(emu.state.get('v1', 'Service', 'bookinfo', 'details'), undefined);
  });

  test('cancelled before starting sends nothing', async (t) => {
    const emu = await emulator(t);
    const ac = new AbortController();
    ac.abort();
    const r = await applyManifest(connect(emu), BOOKINFO, { signal: ac.signal });
    assert.ok(r.kind === 'cancelled' && r.notAttempted.length === 4 && r.outcomes.length === 0);
    assert.equal(emu.requests.length, 0);
  });

  test('a connection dropped mid-run stops it with one problem', async (t) => {
    const emu = await emulator(t);
    emu.injectFault({ method: 'PATCH', path: '/services/details', drop: true });
    const r = await applyManifest(connect(emu), BOOKINFO);
    assert.equal(r.kind, 'failed');
    assert.ok(r.kind === 'failed');
    assert.equal(r.problem.kind, 'unreachable');
    assert.deepEqual(names(r), ['Namespace/bookinfo:created', 'Service/details:failed']);
    assert.deepEqual(r.notAttempted.map((x) => x.kind), ['Deployment', 'VirtualService']);
  });

  test('Secret values never appear in anything apply produces, even when the server echoes them', async (t) => {
    const emu = await emulator(t);
    emu.injectFault({
      method: 'PATCH',
      path: '/secrets/db-credentials',
      status: 422,
      reason: 'Invalid',
      message: `admission webhook "policy.example" denied the request: password "${PASSWORD}" and token ${Buffer.from(TOKEN_VALUE).toString('base64')} are weak`,
    });
    const conn = connect(emu);
    const failed = await applyManifest(conn, docs(SECRET));
    const ok = await applyManifest(conn, docs(SECRET));
    const reapplied = await applyManifest(conn, docs(SECRET), { dryRun: true });
    assert.equal(failed.kind, 'partial');
    assert.equal(ok.kind, 'applied');
    assert.equal(outcomesOf(reapplied)[0]!.outcome, 'unchanged');
    for (const r of [failed, ok, reapplied]) {
      const produced = [formatApplyResult(r).join('\n'), JSON.stringify(r), inspect(r, { depth: 10 }), summarizeApply(r)].join('\n');
      for (const secret of [PASSWORD, TOKEN_VALUE, Buffer.from(TOKEN_VALUE).toString('base64'), Buffer.from(PASSWORD).toString('base64')]) {
        assert.ok(!produced.includes(secret), `"${secret}" leaked`);
      }
    }
    assert.match(formatApplyResult(failed)[0]!, /password "\[redacted\]" and token \[redacted\] are weak/);
    const stored = emu.state.get('v1', 'Secret', 'default', 'db-credentials')!;
    assert.equal(Buffer.from((stored.data as Record<string, string>).password!, 'base64').toString(), PASSWORD, 'the secret itself was applied');
  });

  test('a manifest that does not parse sends nothing; an empty one is reported as such', async (t) => {
    const emu = await emulator(t);
    const conn = connect(emu);
    const r = await applyManifest(conn, docs(SERVICE, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}', 'kind: [unclosed'));
    assert.equal(r.kind, 'invalid-manifest');
    assert.ok(r.kind === 'invalid-manifest');
    assert.deepEqual(r.errors.map((e) => e.doc), [1, 2]);
    assert.match(r.errors[0]!.message, /ConfigMap: metadata\.name is missing/);
    assert.equal((await applyManifest(conn, '---\n# nothing\n---\n')).kind, 'empty');
    assert.equal(emu.requests.length, 0);
  });

  test('kind: List is flattened; objects without namespace go to the connection namespace; cluster-scoped lose theirs', async (t) => {
    const emu = await emulator(t);
    emu.state.seed([fixtures.namespace('team')]);
    const list = `
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: settings}
  data: {mode: strict}
- apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  metadata: {name: reader, namespace: team}
  rules: []`;
    const r = await applyManifest(connect(emu, { namespace: 'team' }), list);
    assert.equal(r.kind, 'applied');
    assert.deepEqual(outcomesOf(r).map((o) => o.ref.namespace), ['team', undefined]);
    assert.ok(emu.state.get('v1', 'ConfigMap', 'team', 'settings'));
    const role = emu.requests.find((q) => q.method === 'PATCH' && q.path.includes('clusterroles'))!;
    assert.equal(role.path, '/apis/rbac.authorization.k8s.io/v1/clusterroles/reader');
    assert.equal(JSON.parse(role.bodyText!).metadata.namespace, undefined);
  });

  test('a CRD and its custom resources in one manifest: CRD first, then the resource once served', async (t) => {
    const emu = await emulator(t);
    const crd = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: meshpolicies.example.io}
spec:
  group: example.io
  scope: Namespaced
  names: {kind: MeshPolicy, plural: meshpolicies, singular: meshpolicy}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}`;
    const cr = `apiVersion: example.io/v1\nkind: MeshPolicy\nmetadata: {name: strict, namespace: default}\nspec: {mtls: STRICT}`;
    const dry = await applyManifest(connect(emu), docs(cr, crd), { dryRun: true });
    assert.deepEqual(names(dry), ['CustomResourceDefinition/meshpolicies.example.io:created', 'MeshPolicy/strict:skipped']);
    assert.equal(dry.kind, 'applied');
    const real = await applyManifest(connect(emu), docs(cr, crd));
    assert.deepEqual(names(real), ['CustomResourceDefinition/meshpolicies.example.io:created', 'MeshPolicy/strict:created']);
    assert.ok(emu.state.get('example.io/v1', 'MeshPolicy', 'default', 'strict'));
  });

  test('a kind not served yet is asked for again later (a CRD installed meanwhile by another tool)', async (t) => {
    const emu = await emulator(t, { istioCrds: false });
    emu.state.seed([fixtures.namespace('bookinfo')]);
    const conn = connect(emu);
    const before = await applyManifest(conn, docs(VIRTUAL_SERVICE));
    assert.deepEqual(names(before), ['VirtualService/details:failed']);
    emu.state.seed(fixtures.istioCrds());
    const after = await applyManifest(conn, docs(VIRTUAL_SERVICE));
    assert.deepEqual(names(after), ['VirtualService/details:created']);
  });

  test('a user without `get` rights still applies (apply needs only patch); the 403 then names the patch', async (t) => {
    const emu = await emulator(t);
    const r = await applyManifest(connect(emu, { token: emu.tokens.forbidden }), docs(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: default}`));
    const o = outcomesOf(r)[0]!;
    assert.ok(o.outcome === 'failed');
    assert.match(o.message, /User "jane" cannot patch resource "configmaps"/);
    assert.ok(emu.requests.some((q) => q.method === 'PATCH'), 'the GET 403 did not stop the apply');
  });

  test('Istio 0.2-era API versions fail with what replaces them', async (t) => {
    const emu = await emulator(t);
    const old = `
apiVersion: extensions/v1beta1
kind: Deployment
metadata: {name: istio-pilot, namespace: default}
spec:
  template:
    metadata: {labels: {istio: pilot}}
    spec:
      containers: [{name: discovery, image: docker.io/istio/pilot:0.2.7}]`;
    const routeRule = `apiVersion: config.istio.io/v1alpha2\nkind: RouteRule\nmetadata: {name: reviews-default, namespace: default}\nspec: {destination: {name: reviews}}`;
    const r = await applyManifest(connect(emu), docs(old, routeRule));
    assert.equal(r.kind, 'partial');
    const [dep, rule] = outcomesOf(r);
    assert.ok(dep!.outcome === 'failed' && rule!.outcome === 'failed');
    assert.deepEqual([dep.reason, dep.code, dep.message], ['NoKindMatch', 0, 'no matches for kind "Deployment" in version "extensions/v1beta1"']);
    assert.match(dep.nextStep, /use apps\/v1/);
    assert.match(rule.nextStep, /Istio's CRDs/);
  });
});
