import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixtures } from './emulator';
import { emulator, raw } from './helpers';

// The emulator's own contract: the Kubernetes API conventions the cluster library (and the E2E tests) rely on.

const svc = (name: string, ns = 'default', portName = 'http') => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: ns, labels: { app: name } },
  spec: { selector: { app: name }, ports: [{ name: portName, port: 80 }] },
});

describe('emulator: discovery', () => {
  test('serves /api, /api/v1, /apis, /apis/<group>, /apis/<group>/<version> and /version', async (t) => {
    const emu = await emulator(t);
    const api = await raw(emu, 'GET', '/api');
    assert.equal(api.body.kind, 'APIVersions');
    assert.deepEqual(api.body.versions, ['v1']);
    const core = await raw(emu, 'GET', '/api/v1');
    assert.equal(core.body.kind, 'APIResourceList');
    const services = core.body.resources.find((r: { name: string }) => r.name === 'services');
    assert.deepEqual([services.kind, services.namespaced], ['Service', true]);
    assert.ok(core.body.resources.some((r: { name: string }) => r.name === 'services/status'));
    assert.equal(core.body.resources.find((r: { name: string }) => r.name === 'namespaces').namespaced, false);
    const groups = await raw(emu, 'GET', '/apis');
    assert.equal(groups.body.kind, 'APIGroupList');
    const names = groups.body.groups.map((g: { name: string }) => g.name);
    for (const g of ['apps', 'batch', 'networking.k8s.io', 'apiextensions.k8s.io', 'networking.istio.io', 'security.istio.io']) {
      assert.ok(names.includes(g), g);
    }
    const istio = await raw(emu, 'GET', '/apis/networking.istio.io');
    assert.equal(istio.body.kind, 'APIGroup');
    assert.equal(istio.body.preferredVersion.version, 'v1');
    assert.deepEqual(istio.body.versions.map((v: { version: string }) => v.version), ['v1', 'v1beta1', 'v1alpha3']);
    const vs = await raw(emu, 'GET', '/apis/networking.istio.io/v1alpha3');
    assert.ok(vs.body.resources.some((r: { kind: string }) => r.kind === 'VirtualService'));
    assert.ok(vs.body.resources.some((r: { kind: string }) => r.kind === 'EnvoyFilter'));
    const v1 = await raw(emu, 'GET', '/apis/networking.istio.io/v1');
    assert.ok(!v1.body.resources.some((r: { kind: string }) => r.kind === 'EnvoyFilter'), 'EnvoyFilter is v1alpha3 only');
    assert.equal((await raw(emu, 'GET', '/apis/extensions/v1beta1')).status, 404);
    assert.equal((await raw(emu, 'GET', '/version')).body.major, '1');
  });

  test('ServiceCIDR is served only when asked', async (t) => {
    const on = await emulator(t);
    assert.ok((await raw(on, 'GET', '/apis/networking.k8s.io/v1')).body.resources.some((r: { name: string }) => r.name === 'servicecidrs'));
    const off = await emulator(t, { serviceCidrApi: false });
    assert.ok(!(await raw(off, 'GET', '/apis/networking.k8s.io/v1')).body.resources.some((r: { name: string }) => r.name === 'servicecidrs'));
  });

  test('a CRD, once created, is served by discovery and its objects can be stored; deleting it removes them', async (t) => {
    const emu = await emulator(t, { istioCrds: false });
    assert.equal((await raw(emu, 'GET', '/apis/networking.istio.io/v1')).status, 404);
    const crd = fixtures.istioCrds()[0]!;
    assert.equal((await raw(emu, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: crd })).status, 201);
    const list = await raw(emu, 'GET', '/apis/networking.istio.io/v1');
    assert.ok(list.body.resources.some((r: { name: string }) => r.name === 'virtualservices'));
    const vs = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'r' }, spec: { hosts: ['r'] } };
    assert.equal((await raw(emu, 'POST', '/apis/networking.istio.io/v1/namespaces/default/virtualservices', { body: vs })).status, 201);
    const items = await raw(emu, 'GET', '/apis/networking.istio.io/v1beta1/namespaces/default/virtualservices');
    assert.equal(items.body.items[0].apiVersion, 'networking.istio.io/v1beta1', 'custom resource list items carry apiVersion');
    assert.equal((await raw(emu, 'DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/virtualservices.networking.istio.io')).status, 200);
    assert.equal((await raw(emu, 'GET', '/apis/networking.istio.io/v1/namespaces/default/virtualservices/r')).status, 404);
  });
});

describe('emulator: CRUD and Status errors', () => {
  test('create, get, list (typed items without kind), AlreadyExists, NotFound, delete Status', async (t) => {
    const emu = await emulator(t);
    const created = await raw(emu, 'POST', '/api/v1/namespaces/default/services', { body: svc('web') });
    assert.equal(created.status, 201);
    const meta = created.body.metadata;
    assert.ok(meta.uid && meta.resourceVersion && meta.creationTimestamp);
    assert.equal(meta.generation, 1);
    assert.match(created.body.spec.clusterIP, /^10\.96\./);
    assert.equal(created.body.spec.ports[0].protocol, 'TCP');
    const again = await raw(emu, 'POST', '/api/v1/namespaces/default/services', { body: svc('web') });
    assert.equal(again.status, 409);
    assert.deepEqual(
      [again.body.kind, again.body.status, again.body.reason, again.body.message, again.body.details],
      ['Status', 'Failure', 'AlreadyExists', 'services "web" already exists', { name: 'web', kind: 'services' }],
    );
    const list = await raw(emu, 'GET', '/api/v1/namespaces/default/services?labelSelector=app%3Dweb');
    assert.equal(list.body.kind, 'ServiceList');
    assert.equal(list.body.items.length, 1);
    assert.equal(list.body.items[0].kind, undefined);
    const missing = await raw(emu, 'GET', '/api/v1/namespaces/default/services/nope');
    assert.deepEqual([missing.status, missing.body.reason, missing.body.message], [404, 'NotFound', 'services "nope" not found']);
    const gone = await raw(emu, 'DELETE', '/api/v1/namespaces/default/services/web');
    assert.deepEqual([gone.status, gone.body.kind, gone.body.status, gone.body.details.name], [200, 'Status', 'Success', 'web']);
    assert.equal((await raw(emu, 'DELETE', '/api/v1/namespaces/default/services/web')).status, 404);
    const dep = await raw(emu, 'GET', '/apis/apps/v1/namespaces/default/deployments/x');
    assert.equal(dep.body.message, 'deployments.apps "x" not found');
  });

  test('namespaced writes need the namespace (404 namespaces "x" not found)', async (t) => {
    const emu = await emulator(t);
    const r = await raw(emu, 'POST', '/api/v1/namespaces/nope/services', { body: svc('web', 'nope') });
    assert.deepEqual([r.status, r.body.reason, r.body.message, r.body.details], [404, 'NotFound', 'namespaces "nope" not found', { name: 'nope', kind: 'namespaces' }]);
  });

  test('malformed objects get 422 Invalid with causes; undecodable ones 400', async (t) => {
    const emu = await emulator(t);
    const noName = await raw(emu, 'POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: {} } });
    assert.equal(noName.status, 422);
    assert.equal(noName.body.reason, 'Invalid');
    assert.equal(noName.body.details.causes[0].field, 'metadata.name');
    const badPorts = await raw(emu, 'POST', '/api/v1/namespaces/default/services', {
      body: { metadata: { name: 'x' }, spec: { ports: [{ port: 80 }, { name: 'Not_A_Label', port: 81 }] } },
    });
    assert.equal(badPorts.status, 422);
    assert.deepEqual(badPorts.body.details.causes.map((c: { field: string }) => c.field), ['spec.ports[0].name', 'spec.ports[1].name']);
    assert.match(badPorts.body.message, /^Service "x" is invalid: \[spec\.ports\[0\]\.name: Required value/);
    const badLabel = await raw(emu, 'POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'c', labels: { on: true } } } });
    assert.equal(badLabel.status, 400);
    const deploy = await raw(emu, 'POST', '/apis/apps/v1/namespaces/default/deployments', {
      body: { metadata: { name: 'd' }, spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'other' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } },
    });
    assert.equal(deploy.status, 422);
    assert.match(deploy.body.message, /selector` does not match template `labels`/);
    const wrongNs = await raw(emu, 'POST', '/api/v1/namespaces/default/services', { body: svc('web', 'kube-system') });
    assert.equal(wrongNs.status, 400);
  });

  test('dryRun=All validates and answers but persists nothing', async (t) => {
    const emu = await emulator(t);
    const rv = emu.state.resourceVersion();
    const r = await raw(emu, 'POST', '/api/v1/namespaces/default/services?dryRun=All', { body: svc('web') });
    assert.equal(r.status, 201);
    assert.equal(r.body.metadata.resourceVersion, undefined);
    assert.equal(emu.state.get('v1', 'Service', 'default', 'web'), undefined);
    assert.equal(emu.state.resourceVersion(), rv);
    assert.deepEqual(emu.writes(), []);
    assert.equal((await raw(emu, 'POST', '/api/v1/namespaces/default/services?dryRun=true', { body: svc('web') })).status, 400);
  });

  test('PUT with a stale resourceVersion conflicts; merge, strategic-merge and JSON patches apply', async (t) => {
    const emu = await emulator(t);
    const created = (await raw(emu, 'POST', '/api/v1/namespaces/default/services', { body: svc('web') })).body;
    const updated = await raw(emu, 'PUT', '/api/v1/namespaces/default/services/web', { body: { ...created, metadata: { ...created.metadata, labels: { app: 'web', v: '2' } } } });
    assert.equal(updated.status, 200);
    const stale = await raw(emu, 'PUT', '/api/v1/namespaces/default/services/web', { body: created });
    assert.deepEqual([stale.status, stale.body.reason], [409, 'Conflict']);
    assert.match(stale.body.message, /the object has been modified/);
    const merged = await raw(emu, 'PATCH', '/api/v1/namespaces/default/services/web', { body: { metadata: { labels: { v: null, team: 'a' } } }, contentType: 'application/merge-patch+json' });
    assert.deepEqual(merged.body.metadata.labels, { app: 'web', team: 'a' });
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] } } },
    };
    await raw(emu, 'POST', '/apis/apps/v1/namespaces/default/deployments', { body: deployment });
    const smp = await raw(emu, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/d', {
      body: { spec: { template: { spec: { containers: [{ name: 'b', image: 'b:2' }] } } } },
      contentType: 'application/strategic-merge-patch+json',
    });
    assert.deepEqual(smp.body.spec.template.spec.containers.map((c: { image: string }) => c.image), ['a:1', 'b:2']);
    assert.equal(smp.body.metadata.generation, 2);
    const jp = await raw(emu, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/d', { body: [{ op: 'replace', path: '/spec/replicas', value: 3 }], contentType: 'application/json-patch+json' });
    assert.equal(jp.body.spec.replicas, 3);
    const vs = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'r' }, spec: { hosts: ['r'] } };
    await raw(emu, 'POST', '/apis/networking.istio.io/v1/namespaces/default/virtualservices', { body: vs });
    const crSmp = await raw(emu, 'PATCH', '/apis/networking.istio.io/v1/namespaces/default/virtualservices/r', { body: {}, contentType: 'application/strategic-merge-patch+json' });
    assert.equal(crSmp.status, 415);
  });
});

describe('emulator: ClusterIP allocation', () => {
  // The apiserver's allocator hands out each address of the service range once: a Service asking for a free address
  // gets it, and the allocator skips it afterwards (an address already held by another Service, or one outside the range, is refused: see the last create and kubectl.test.ts).
  test('allocated ClusterIPs skip an address a Service asked for explicitly; no two Services share one', async (t) => {
    const emu = await emulator(t);
    const before = (await raw(emu, 'GET', '/api/v1/services')).body.items.length as number;
    const create = (name: string, clusterIP?: string) =>
      raw(emu, 'POST', '/api/v1/namespaces/default/services', { body: { ...svc(name), spec: { ...svc(name).spec, ...(clusterIP ? { clusterIP } : {}) } } });
    const first = await create('a');
    assert.equal(first.status, 201);
    const next = (ip: string, by: number) => ip.replace(/\d+$/, (d) => String(Number(d) + by));
    const explicit = [next(first.body.spec.clusterIP, 1), next(first.body.spec.clusterIP, 3)];
    const pinned = await create('pinned', explicit[0]);
    assert.deepEqual([pinned.status, pinned.body.spec.clusterIP], [201, explicit[0]]);
    const pinned2 = await create('pinned2', explicit[1]);
    assert.deepEqual([pinned2.status, pinned2.body.spec.clusterIP], [201, explicit[1]]);
    const rest = [];
    for (const name of ['b', 'c', 'd', 'e']) {
      const r = await create(name);
      assert.equal(r.status, 201, name);
      rest.push(r.body.spec.clusterIP as string);
    }
    for (const ip of rest) {
      assert.ok(!explicit.includes(ip), `${ip} was asked for by another Service`);
    }
    const list = await raw(emu, 'GET', '/api/v1/services');
    const ips = list.body.items.map((s: { spec: { clusterIP: string } }) => s.spec.clusterIP);
    assert.equal(ips.length, before + 7, 'the cluster\'s own Services and the seven created');
    assert.equal(new Set(ips).size, ips.length, `every ClusterIP is distinct: ${ips.join(' ')}`);
    const again = await create('again', explicit[0]);
    assert.equal(again.status, 422);
    assert.deepEqual(again.body.details.causes, [
      {
        reason: 'FieldValueInvalid',
        field: 'spec.clusterIPs',
        message: `Invalid value: ["${explicit[0]}"]: failed to allocate IP ${explicit[0]}: provided IP is already allocated`,
      },
    ]);
  });
});

describe('emulator: server-side apply', () => {
  const apply = '/api/v1/namespaces/default/services/web?fieldManager=';

  test('records managedFields, creates with 201, a no-op re-apply keeps resourceVersion', async (t) => {
    const emu = await emulator(t);
    const first = await raw(emu, 'PATCH', `${apply}me`, { body: svc('web'), contentType: 'application/apply-patch+yaml' });
    assert.equal(first.status, 201);
    const mf = first.body.metadata.managedFields;
    assert.deepEqual([mf.length, mf[0].manager, mf[0].operation, mf[0].fieldsType], [1, 'me', 'Apply', 'FieldsV1']);
    assert.ok(mf[0].fieldsV1['f:spec']['f:ports']['k:{"port":80,"protocol":"TCP"}']['f:name']);
    assert.equal(mf[0].fieldsV1['f:spec']['f:clusterIP'], undefined, 'defaulted fields are not owned by the applier');
    const second = await raw(emu, 'PATCH', `${apply}me`, { body: svc('web'), contentType: 'application/apply-patch+yaml' });
    assert.equal(second.status, 200);
    assert.equal(second.body.metadata.resourceVersion, first.body.metadata.resourceVersion);
    assert.equal(emu.writes().length, 1);
    const yaml = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n  - {name: http, port: 80}\n';
    const asYaml = await raw(emu, 'PATCH', `${apply}me`, { body: yaml, contentType: 'application/apply-patch+yaml' });
    assert.equal(asYaml.status, 200, 'apply bodies may be YAML');
    assert.equal(asYaml.body.metadata.labels, undefined, 'a field the manager stopped applying is removed');
  });

  test('keyed lists merge by key; items the manager stops applying are removed (and emptied lists with them)', async (t) => {
    const emu = await emulator(t);
    const deployment = (containers: object[]) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers } } },
    });
    const path = '/apis/apps/v1/namespaces/default/deployments/d?fieldManager=me';
    await raw(emu, 'PATCH', path, { body: deployment([{ name: 'a', image: 'a', env: [{ name: 'X', value: '1' }] }, { name: 'b', image: 'b' }]), contentType: 'application/apply-patch+yaml' });
    await raw(emu, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/d?fieldManager=other', {
      body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'c' }] } } } },
      contentType: 'application/apply-patch+yaml',
    });
    const r = await raw(emu, 'PATCH', path, { body: deployment([{ name: 'a', image: 'a' }]), contentType: 'application/apply-patch+yaml' });
    assert.deepEqual(r.body.spec.template.spec.containers, [{ name: 'a', image: 'a' }, { name: 'c', image: 'c' }], "b and a's env are gone; c belongs to another manager");
  });

  test('another manager changing an owned field conflicts (409 with causes) until force', async (t) => {
    const emu = await emulator(t);
    await raw(emu, 'PATCH', `${apply}helm`, { body: svc('web'), contentType: 'application/apply-patch+yaml' });
    const conflict = await raw(emu, 'PATCH', `${apply}me`, { body: svc('web', 'default', 'http-web'), contentType: 'application/apply-patch+yaml' });
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body.reason, 'Conflict');
    assert.equal(conflict.body.message, 'Apply failed with 1 conflict: conflict with "helm" using v1: .spec.ports[port=80,protocol="TCP"].name');
    assert.deepEqual(conflict.body.details.causes, [
      { reason: 'FieldManagerConflict', message: 'conflict with "helm" using v1', field: '.spec.ports[port=80,protocol="TCP"].name' },
    ]);
    const same = await raw(emu, 'PATCH', `${apply}me`, { body: svc('web'), contentType: 'application/apply-patch+yaml' });
    assert.equal(same.status, 200, 'applying the same value shares ownership');
    const forced = await raw(emu, 'PATCH', `${apply}me&force=true`, { body: svc('web', 'default', 'http-web'), contentType: 'application/apply-patch+yaml' });
    assert.equal(forced.status, 200);
    assert.equal(forced.body.spec.ports[0].name, 'http-web');
    const helm = forced.body.metadata.managedFields.find((m: { manager: string }) => m.manager === 'helm');
    assert.equal(helm.fieldsV1['f:spec']['f:ports']['k:{"port":80,"protocol":"TCP"}']['f:name'], undefined, 'force takes the field over');
  });

  // The Kubernetes docs (Server-Side Apply, Conflicts): a forced apply overrides the conflicted field's value "and the
  // ownership will be transferred"; the fields the two managers applied with equal values stay shared.
  test('a forced apply moves the conflicted field to the forcing manager and out of the previous one', async (t) => {
    const emu = await emulator(t);
    await raw(emu, 'PATCH', `${apply}helm`, { body: svc('web'), contentType: 'application/apply-patch+yaml' });
    const conflict = await raw(emu, 'PATCH', `${apply}me`, { body: svc('web', 'default', 'http-web'), contentType: 'application/apply-patch+yaml' });
    assert.equal(conflict.status, 409);
    const forced = await raw(emu, 'PATCH', `${apply}me&force=true`, { body: svc('web', 'default', 'http-web'), contentType: 'application/apply-patch+yaml' });
    assert.equal(forced.status, 200);
    type Fields = { [k: string]: Fields };
    const entries = forced.body.metadata.managedFields as { manager: string; operation: string; fieldsV1: Fields }[];
    assert.deepEqual(entries.map((m) => [m.manager, m.operation]).sort(), [['helm', 'Apply'], ['me', 'Apply']]);
    const spec = (m: string): Fields => entries.find((e) => e.manager === m)!.fieldsV1['f:spec']!;
    const port = (m: string): Fields => spec(m)['f:ports']!['k:{"port":80,"protocol":"TCP"}']!;
    assert.deepEqual(port('me')['f:name'], {}, 'the forcing manager owns the field now');
    assert.equal(port('helm')['f:name'], undefined, 'the previous manager no longer does');
    for (const m of ['helm', 'me']) {
      assert.deepEqual(spec(m)['f:selector'], { 'f:app': {} }, `${m} still shares the selector both applied alike`);
      assert.ok(port(m)['f:port'], `${m} still shares the port`);
    }
    const after = await raw(emu, 'PATCH', `${apply}helm`, { body: svc('web'), contentType: 'application/apply-patch+yaml' });
    assert.equal(after.status, 409, 'the previous manager re-applying its old value now conflicts with the new owner');
    assert.match(after.body.message, /conflict with "me" using v1: \.spec\.ports\[port=80,protocol="TCP"\]\.name/);
  });

  test('apply without fieldManager is 422; missing namespace is 404', async (t) => {
    const emu = await emulator(t);
    const r = await raw(emu, 'PATCH', '/api/v1/namespaces/default/services/web', { body: svc('web'), contentType: 'application/apply-patch+yaml' });
    assert.equal(r.status, 422);
    const ns = await raw(emu, 'PATCH', '/api/v1/namespaces/nope/services/web?fieldManager=me', { body: svc('web', 'nope'), contentType: 'application/apply-patch+yaml' });
    assert.deepEqual([ns.status, ns.body.message], [404, 'namespaces "nope" not found']);
  });
});

describe('emulator: authentication and authorization', () => {
  test('unknown or missing token → 401; forbidden user → 403 with the RBAC message; viewer reads but cannot write', async (t) => {
    const emu = await emulator(t);
    for (const token of [emu.tokens.invalid, null]) {
      const r = await raw(emu, 'GET', '/api/v1/namespaces', { token });
      assert.deepEqual([r.status, r.body.reason, r.body.message], [401, 'Unauthorized', 'Unauthorized']);
    }
    const create = await raw(emu, 'POST', '/api/v1/namespaces/istio-system/services', { body: svc('x', 'istio-system'), token: emu.tokens.forbidden });
    assert.equal(create.status, 403);
    assert.equal(create.body.message, 'services is forbidden: User "jane" cannot create resource "services" in API group "" in the namespace "istio-system"');
    const get = await raw(emu, 'GET', '/apis/apps/v1/namespaces/default/deployments/d', { token: emu.tokens.forbidden });
    assert.equal(get.body.message, 'deployments.apps "d" is forbidden: User "jane" cannot get resource "deployments" in API group "apps" in the namespace "default"');
    const nodes = await raw(emu, 'GET', '/api/v1/nodes', { token: emu.tokens.forbidden });
    assert.match(nodes.body.message, /at the cluster scope$/);
    assert.equal((await raw(emu, 'GET', '/apis', { token: emu.tokens.forbidden })).status, 200, 'discovery is open to authenticated users');
    assert.equal((await raw(emu, 'GET', '/api/v1/namespaces', { token: emu.tokens.viewer })).status, 200);
    const write = await raw(emu, 'PATCH', '/api/v1/namespaces/default/services/web?fieldManager=x', { body: svc('web'), contentType: 'application/apply-patch+yaml', token: emu.tokens.viewer });
    assert.equal(write.status, 403);
    assert.match(write.body.message, /cannot patch resource "services"/);
  });

  test('logs every request with user, verb, status and whether it persisted', async (t) => {
    const emu = await emulator(t);
    await raw(emu, 'POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'c' } } });
    await raw(emu, 'GET', '/api/v1/namespaces/default/configmaps/c', { token: emu.tokens.viewer });
    const [create, get] = emu.requests;
    assert.deepEqual([create!.method, create!.verb, create!.user, create!.status, create!.persisted], ['POST', 'create', 'admin', 201, true]);
    assert.deepEqual([get!.verb, get!.user, get!.persisted, get!.resource?.name], ['get', 'viewer', false, 'c']);
  });
});

describe('emulator: transport options', () => {
  test('plain HTTP when tls is off; faults can be injected', async (t) => {
    const emu = await emulator(t, { tls: false });
    assert.match(emu.url, /^http:\/\//);
    assert.equal(emu.caPem, undefined);
    emu.injectFault({ method: 'GET', path: '/version', status: 503, reason: 'ServiceUnavailable' });
    assert.equal((await raw(emu, 'GET', '/version')).status, 503);
    assert.equal((await raw(emu, 'GET', '/version')).status, 200, 'a fault applies once by default');
  });
});
