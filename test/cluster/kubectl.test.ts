import * as assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { fixtures, type Emulator, type EmulatorOptions } from './emulator';
import { ISTIO_02_INSTALL } from './guide02';
import { emulator, raw } from './helpers';
import { bindKubectl, requireKubectl, waitForOutput, type BoundKubectl } from './kubectlRunner';

// The emulator checked by a real client: kubectl drives it as the install guide does. What kubectl needs of a real
// API server (table printing, OpenAPI v3, protobuf bodies, watch, dry-run delete) is what our cluster tests rely on.

async function setup(t: TestContext, opts: EmulatorOptions = {}): Promise<{ emu: Emulator; k: BoundKubectl } | undefined> {
  const bin = requireKubectl(t);
  if (!bin) {
    return undefined;
  }
  const emu = await emulator(t, opts);
  return { emu, k: bindKubectl(t, emu, bin.path) };
}

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: details
  namespace: default
spec:
  ports:
  - name: http-details-service-port
    port: 9080
  selector:
    app: details
`;

describe('kubectl against the emulator (the guide’s commands)', () => {
  test('kubectl apply -f (validation on: the OpenAPI it reads is served), then get svc shows CLUSTER-IP and PORT(S)', async (t) => {
    const s = await setup(t);
    if (!s) {
      return;
    }
    const applied = await s.k.ok(['apply', '-f', s.k.file('details.yaml', SERVICE)]);
    assert.match(applied, /^service\/details created$/m);
    // kubectl 1.27+ reads /openapi/v3 (and validates server-side), older ones /openapi/v2 (and validate themselves).
    assert.ok(s.emu.requests.some((r) => r.path.startsWith('/openapi/v') && r.status === 200), 'kubectl validated with the OpenAPI the emulator serves');
    const table = await s.k.ok(['get', 'svc', '-n', 'default']);
    const [header, ...rows] = table.trim().split('\n');
    assert.match(header!, /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/);
    const details = rows.find((r) => r.startsWith('details '));
    const ip = String(s.emu.state.get('v1', 'Service', 'default', 'details')?.spec && (s.emu.state.get('v1', 'Service', 'default', 'details')!.spec as { clusterIP: string }).clusterIP);
    assert.match(details ?? '', new RegExp(`^details\\s+ClusterIP\\s+${ip.replace(/\./g, '\\.')}\\s+<none>\\s+9080/TCP\\s+`));
    const again = await s.k.ok(['apply', '-f', s.k.file('details.yaml', SERVICE)]);
    assert.match(again, /^service\/details unchanged$/m);
  });

  test('the 0.2 install file on a pre-1.16 cluster: kubectl applies every object (duplicate key: the last wins)', async (t) => {
    const s = await setup(t, { legacy: true });
    if (!s) {
      return;
    }
    const out = await s.k.ok(['apply', '-f', s.k.file('istio.yaml', ISTIO_02_INSTALL)]);
    assert.match(out, /deployment\.extensions\/istio-ca created/);
    assert.match(out, /clusterrolebinding\.rbac\.authorization\.k8s\.io\/istio-pilot-admin-role-binding-istio-system created/);
    const svc = await s.k.ok(['get', 'svc', '-n', 'istio-system']);
    assert.match(svc, /^istio-ingress\s+LoadBalancer\s+\S+\s+<pending>\s+80:\d+\/TCP,443:\d+\/TCP\s+/m);
    // kubectl deletes in file order: the Namespace first, its contents with it (the emulator's namespace controller
    // finishes at once), so the rest is NotFound, which the guide says to ignore.
    const deleted = await s.k.run(['delete', '-f', s.k.file('istio.yaml', ISTIO_02_INSTALL)]);
    assert.match(deleted.stdout, /namespace "istio-system" deleted/);
    assert.match(deleted.stdout, /clusterrole\.rbac\.authorization\.k8s\.io "istio-pilot-istio-system" deleted/);
    assert.deepEqual(deleted.stderr.trim().split('\n').filter((l) => !/\(NotFound\)/.test(l)), []);
    assert.equal(s.emu.state.get('v1', 'Namespace', undefined, 'istio-system'), undefined);
  });

  test('the guide’s verify and GATEWAY_URL commands: get svc/pods, -o jsonpath, get ingress -o wide', async (t) => {
    const ingress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'gateway', namespace: 'default' },
      spec: { rules: [{ http: { paths: [{ path: '/productpage', pathType: 'Exact', backend: { service: { name: 'productpage', port: { number: 9080 } } } }] } }] },
      status: { loadBalancer: { ingress: [{ ip: '130.211.10.121' }] } },
    };
    const s = await setup(t, { seed: [...fixtures.istio02Install({ ingress: 'node-port', hostIP: '192.168.49.2' }), ingress] });
    if (!s) {
      return;
    }
    const svc = await s.k.ok(['get', 'svc', '-n', 'istio-system']);
    assert.deepEqual(svc.trim().split('\n').slice(1).map((l) => l.split(/\s+/)[0]), ['istio-egress', 'istio-ingress', 'istio-mixer', 'istio-pilot']);
    assert.match(svc, /^istio-ingress\s+NodePort\s+\S+\s+<none>\s+80:32730\/TCP,443:30574\/TCP\s+/m);
    const pods = await s.k.ok(['get', 'pods', '-n', 'istio-system']);
    assert.match(pods, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m);
    assert.match(pods, /^istio-mixer-\S+\s+2\/2\s+Running\s+0\s+/m);
    const nodePort = await s.k.ok(['get', 'svc', 'istio-ingress', '-n', 'istio-system', '-o', 'jsonpath={.spec.ports[0].nodePort}']);
    const hostIP = await s.k.ok(['get', 'po', '-n', 'istio-system', '-l', 'istio=ingress', '-o', 'jsonpath={.items[0].status.hostIP}']);
    assert.equal(`${hostIP}:${nodePort}`, '192.168.49.2:32730', 'export GATEWAY_URL=$(…hostIP):$(…nodePort)');
    assert.match(await s.k.ok(['get', 'ingress', '-o', 'wide']), /^gateway\s+<none>\s+\*\s+130\.211\.10\.121\s+80\s+/m);
  });

  test('kubectl create: typed subcommands send protobuf (decoded as a real server does), -f sends JSON', async (t) => {
    const s = await setup(t);
    if (!s) {
      return;
    }
    assert.match(await s.k.ok(['create', 'namespace', 'istio-system']), /namespace\/istio-system created/);
    const binding = await s.k.ok(['create', 'clusterrolebinding', 'cluster-admin-binding', '--clusterrole=cluster-admin', '--user=admin@example.com']);
    assert.match(binding, /clusterrolebinding\.rbac\.authorization\.k8s\.io\/cluster-admin-binding created/);
    // kubectl names this port "80-8080": a valid Service port name (a DNS label), though no container port could have it.
    assert.match(await s.k.ok(['create', 'service', 'clusterip', 'web', '--tcp=80:8080', '-n', 'istio-system']), /service\/web created/);
    const posts = s.emu.requests.filter((r) => r.method === 'POST');
    assert.deepEqual(posts.map((r) => r.status), [201, 201, 201], `each create went through (${posts.map((r) => r.contentType).join(', ')})`);
    const web = s.emu.state.get('v1', 'Service', 'istio-system', 'web');
    assert.deepEqual((web?.spec as { ports: unknown }).ports, [{ name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 }]);
    const crb = s.emu.state.get('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', undefined, 'cluster-admin-binding');
    assert.deepEqual(crb?.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' });
    assert.deepEqual(crb?.subjects, [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'admin@example.com' }]);
    assert.match(await s.k.ok(['create', '-f', s.k.file('details.yaml', SERVICE)]), /service\/details created/);
    const dup = await s.k.run(['create', '-f', s.k.file('details.yaml', SERVICE)]);
    assert.notEqual(dup.code, 0);
    assert.match(dup.stderr, /AlreadyExists|already exists/);
  });

  test('kubectl create of a Service asking for a ClusterIP another Service holds, or one outside the range, is refused', async (t) => {
    const s = await setup(t);
    if (!s) {
      return;
    }
    await s.k.ok(['apply', '-f', s.k.file('details.yaml', SERVICE)]);
    const held = String((s.emu.state.get('v1', 'Service', 'default', 'details')!.spec as { clusterIP: string }).clusterIP);
    const asking = (name: string, ip: string): string =>
      SERVICE.replace('name: details', `name: ${name}`).replace('spec:\n', `spec:\n  clusterIP: ${ip}\n`);
    const taken = await s.k.run(['create', '-f', s.k.file('taken.yaml', asking('taken', held))]);
    assert.notEqual(taken.code, 0);
    assert.match(taken.stderr, new RegExp(`The Service "taken" is invalid: spec\\.clusterIPs: Invalid value: .*failed to allocate IP ${held.replace(/\./g, '\\.')}: provided IP is already allocated`));
    const outside = await s.k.run(['create', '-f', s.k.file('outside.yaml', asking('outside', '192.0.2.7'))]);
    assert.notEqual(outside.code, 0);
    assert.match(outside.stderr, /The Service "outside" is invalid: .*the provided IP \(192\.0\.2\.7\) is not in the valid range\. The range of valid IPs is 10\.96\.0\.0\/12/);
    assert.equal(s.emu.state.get('v1', 'Service', 'default', 'taken'), undefined);
    // Updating the Service that holds the address keeps it: only a new Service's request is checked.
    assert.match(await s.k.ok(['apply', '-f', s.k.file('details.yaml', SERVICE.replace('spec:\n', `spec:\n  clusterIP: ${held}\n`))]), /service\/details (configured|unchanged)/);
  });

  test('kubectl delete --dry-run=server deletes nothing (dry run in the DeleteOptions body); delete -f does', async (t) => {
    const s = await setup(t);
    if (!s) {
      return;
    }
    await s.k.ok(['apply', '-f', s.k.file('details.yaml', SERVICE)]);
    const dry = await s.k.ok(['delete', '--dry-run=server', '-f', s.k.file('details.yaml', SERVICE)]);
    assert.match(dry, /service "details" deleted \(server dry run\)/);
    assert.ok(s.emu.state.get('v1', 'Service', 'default', 'details'), 'a server dry run keeps the object');
    await s.k.ok(['delete', '-f', s.k.file('details.yaml', SERVICE)]);
    assert.equal(s.emu.state.get('v1', 'Service', 'default', 'details'), undefined);
    const gone = await s.k.run(['delete', '-f', s.k.file('details.yaml', SERVICE)]);
    assert.match(gone.stderr, /NotFound|not found/);
    assert.match((await s.k.ok(['delete', '--ignore-not-found', '-f', s.k.file('details.yaml', SERVICE)])).trim(), /^$/);
  });

  test('kubectl get -w sees an object created and deleted while it watches', async (t) => {
    const s = await setup(t);
    if (!s) {
      return;
    }
    const watch = s.k.start(['get', 'svc', '-n', 'default', '-w', '--request-timeout=0']);
    await waitForOutput(watch, /^kubernetes\s+ClusterIP/m, 'the initial list');
    const added = waitForOutput(watch, /^details\s+ClusterIP\s+\S+\s+<none>\s+9080\/TCP/m, 'the ADDED event');
    assert.equal((await raw(s.emu, 'POST', '/api/v1/namespaces/default/services', { body: { metadata: { name: 'details' }, spec: { ports: [{ port: 9080 }] } } })).status, 201);
    await added;
    watch.kill();
    assert.ok(s.emu.requests.some((r) => r.query.watch === 'true' && r.status === 200), 'kubectl watched (no 405)');
  });

  test('kubectl explain reads the schema from the OpenAPI (v3, or v2 for older kubectl), custom resources included', async (t) => {
    const s = await setup(t);
    if (!s) {
      return;
    }
    const svc = await s.k.ok(['explain', 'svc']);
    assert.match(svc, /KIND:\s+Service/);
    assert.match(svc, /VERSION:\s+v1/);
    assert.match(svc, /FIELDS:[\s\S]*metadata\s+<(ObjectMeta|Object)>/);
    const vs = await s.k.ok(['explain', 'virtualservices.networking.istio.io']);
    assert.match(vs, /KIND:\s+VirtualService/);
  });

  test('what a real API server refuses, kubectl sees refused', async (t) => {
    const s = await setup(t);
    if (!s) {
      return;
    }
    // Service port names are DNS labels (up to 63 characters), not container-port names (15).
    assert.match(await s.k.ok(['apply', '-f', s.k.file('details.yaml', SERVICE)]), /created/);
    const deployment = (app: string): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: details-v1, namespace: default}
spec:
  selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: {app: ${app}}}
    spec:
      containers: [{name: details, image: docker.io/istio/examples-bookinfo-details-v1:1.20.1}]
`;
    await s.k.ok(['apply', '-f', s.k.file('deploy.yaml', deployment('details'))]);
    const moved = await s.k.run(['apply', '-f', s.k.file('deploy.yaml', deployment('details-v2'))]);
    assert.notEqual(moved.code, 0);
    assert.match(moved.stderr, /spec\.selector: Invalid value: .*field is immutable/);
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.io}
spec:
  group: example.io
  scope: Namespaced
  names: {kind: Widget, plural: widgets}
  versions: [{name: v1, served: true, storage: true}]
`;
    const noSchema = await s.k.run(['apply', '-f', s.k.file('crd.yaml', crd)]);
    assert.notEqual(noSchema.code, 0);
    assert.match(noSchema.stderr, /spec\.versions\[0\]\.schema\.openAPIV3Schema: Required value: schemas are required/);
  });

  test('a namespace being deleted shows Terminating, and nothing new may be created in it', async (t) => {
    const s = await setup(t, { namespaceDeletion: 'stuck', seed: [fixtures.namespace('demo')] });
    if (!s) {
      return;
    }
    await s.k.ok(['delete', 'namespace', 'demo', '--wait=false']);
    assert.match(await s.k.ok(['get', 'namespace', 'demo']), /^demo\s+Terminating\s+/m);
    const refused = await s.k.run(['create', 'configmap', 'settings', '-n', 'demo', '--from-literal=a=b']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /unable to create new content in namespace demo because it is being terminated/);
    assert.ok(s.emu.state.finalizeNamespace('demo'));
    const gone = await s.k.run(['get', 'namespace', 'demo']);
    assert.match(gone.stderr, /NotFound|not found/);
  });
});
