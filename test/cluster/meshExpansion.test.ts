import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, test } from 'node:test';
import {
  clusterEnv,
  discoverServiceCidr,
  dnsmasqConfig,
  exportIstioSecret,
  renderClusterEnv,
  renderSidecarEnv,
} from '../../client/src/cluster/meshFiles';
import { parsePortSpecs, registerVm, VM_SERVICE_ACCOUNTS } from '../../client/src/cluster/vmRegistration';
import { fixtures, type JsonObject } from './emulator';
import { connect, emulator } from './helpers';

describe('parsePortSpecs (istioctl register ports)', () => {
  test('name:port, and bare ports named as istioctl names them', () => {
    assert.deepEqual(parsePortSpecs(['http:7000']), { ok: true, ports: [{ name: 'http', port: 7000 }] });
    assert.deepEqual(parsePortSpecs(['3306']), { ok: true, ports: [{ name: 'mysql', port: 3306 }] });
    assert.deepEqual(parsePortSpecs(['80', '443']), { ok: true, ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] });
  });

  test('what Kubernetes would refuse is refused up front, with the fix', () => {
    // istioctl 0.2 names a bare port it has no name for by its number: a valid Service port name (a DNS label).
    assert.deepEqual(parsePortSpecs(['27017']), { ok: true, ports: [{ name: '27017', port: 27017 }] });
    assert.ok(parsePortSpecs(['grpc-web-with-a-name-longer-than-fifteen:9000']).ok, 'Service port names may be up to 63 characters');
    const clash = parsePortSpecs(['80', '8080']);
    assert.ok(!clash.ok && /both be named "http"/.test(clash.error));
    assert.ok(!parsePortSpecs(['Http:80']).ok);
    assert.ok(!parsePortSpecs(['http:70000']).ok);
    assert.ok(!parsePortSpecs([]).ok);
  });
});

describe('registerVm (istioctl register)', () => {
  const eps = (emu: Awaited<ReturnType<typeof emulator>>, ns: string, name: string) =>
    emu.state.get('v1', 'Endpoints', ns, name) as JsonObject & { subsets: { addresses: { ip: string }[]; ports: { name: string; port: number }[] }[] };

  test('creates a selector-less Service and its Endpoints; registering again changes nothing', async (t) => {
    const emu = await emulator(t, { seed: [fixtures.namespace('onprem')] });
    const conn = connect(emu, { namespace: 'onprem' });
    const r = await registerVm(conn, { name: 'mysql', ip: '1.2.3.4', ports: ['3306'], labels: { app: 'mysql' } });
    assert.deepEqual(r, { kind: 'registered', dryRun: false, namespace: 'onprem', service: 'created', endpoints: 'created', ports: [{ name: 'mysql', port: 3306 }], warnings: [] });
    const svc = emu.state.get('v1', 'Service', 'onprem', 'mysql')!;
    assert.equal((svc.spec as JsonObject).selector, undefined);
    assert.deepEqual((svc.metadata as JsonObject).labels, { app: 'mysql' });
    assert.deepEqual(eps(emu, 'onprem', 'mysql').subsets, [{ addresses: [{ ip: '1.2.3.4' }], ports: [{ name: 'mysql', port: 3306 }] }]);
    const writes = emu.writes().length;
    const again = await registerVm(conn, { name: 'mysql', ip: '1.2.3.4', ports: ['3306'] });
    assert.ok(again.kind === 'registered' && again.service === 'existing' && again.endpoints === 'unchanged');
    assert.equal(emu.writes().length, writes);
  });

  test('a second machine joins the same subset; other ports get their own subset', async (t) => {
    const emu = await emulator(t, { seed: [fixtures.namespace('onprem')] });
    const conn = connect(emu, { namespace: 'onprem' });
    await registerVm(conn, { name: 'svc1', ip: '1.2.3.4', ports: ['http:7000'] });
    const second = await registerVm(conn, { name: 'svc1', ip: '1.2.3.5', ports: ['http:7000'] });
    assert.ok(second.kind === 'registered' && second.endpoints === 'updated');
    const third = await registerVm(conn, { name: 'svc1', ip: '1.2.3.6', ports: ['grpc:7001'] });
    assert.ok(third.kind === 'registered');
    assert.match(third.warnings[0]!, /does not expose port 7001/);
    assert.deepEqual(eps(emu, 'onprem', 'svc1').subsets, [
      { addresses: [{ ip: '1.2.3.4' }, { ip: '1.2.3.5' }], ports: [{ name: 'http', port: 7000 }] },
      { addresses: [{ ip: '1.2.3.6' }], ports: [{ name: 'grpc', port: 7001 }] },
    ]);
  });

  test('dry run persists nothing; bad input sends nothing; a missing namespace is reported', async (t) => {
    const emu = await emulator(t, { seed: [fixtures.namespace('onprem')] });
    const conn = connect(emu, { namespace: 'onprem' });
    const dry = await registerVm(conn, { name: 'mysql', ip: '1.2.3.4', ports: ['3306'], dryRun: true });
    assert.ok(dry.kind === 'registered' && dry.dryRun);
    assert.equal(emu.state.get('v1', 'Service', 'onprem', 'mysql'), undefined);
    assert.deepEqual(emu.writes(), []);
    emu.clearRequests();
    for (const bad of [
      { name: 'MySQL', ip: '1.2.3.4', ports: ['3306'] },
      { name: 'mysql', ip: '127.0.0.1', ports: ['3306'] },
      { name: 'mysql', ip: '1.2.3.4', ports: ['Http:27017'] },
    ]) {
      assert.equal((await registerVm(conn, bad)).kind, 'invalid-input');
    }
    assert.equal(emu.requests.length, 0);
    const missing = await registerVm(conn, { name: 'mysql', ip: '1.2.3.4', ports: ['3306'], namespace: 'nope' });
    assert.ok(missing.kind === 'failed' && missing.problem.kind === 'namespace-not-found');
  });

  test('the service account annotation Pilot 0.2 reads for mutual TLS, on the Service and its Endpoints', async (t) => {
    const emu = await emulator(t, { seed: [fixtures.namespace('onprem')] });
    const conn = connect(emu, { namespace: 'onprem' });
    const r = await registerVm(conn, { name: 'mongo', ip: '1.2.3.4', ports: ['27017', 'grpc-web-with-a-name-longer-than-fifteen:9000'] });
    assert.ok(r.kind === 'registered', JSON.stringify(r));
    const annotations = (o: JsonObject | undefined): unknown => (o?.metadata as JsonObject | undefined)?.annotations;
    assert.deepEqual(annotations(emu.state.get('v1', 'Service', 'onprem', 'mongo')), { [VM_SERVICE_ACCOUNTS]: 'default' }, 'istioctl register -s defaults to "default"');
    assert.deepEqual(annotations(emu.state.get('v1', 'Endpoints', 'onprem', 'mongo')), { [VM_SERVICE_ACCOUNTS]: 'default' });
    assert.deepEqual(eps(emu, 'onprem', 'mongo').subsets[0]!.ports.map((p) => p.name), ['27017', 'grpc-web-with-a-name-longer-than-fifteen']);
    const second = await registerVm(conn, { name: 'mongo', ip: '1.2.3.5', ports: ['27017', 'grpc-web-with-a-name-longer-than-fifteen:9000'], serviceAccount: 'mongo-vm' });
    assert.ok(second.kind === 'registered' && second.warnings.some((w) => /now lists service account "mongo-vm"/.test(w)));
    assert.deepEqual(annotations(emu.state.get('v1', 'Service', 'onprem', 'mongo')), { [VM_SERVICE_ACCOUNTS]: 'default,mongo-vm' });
    assert.deepEqual(annotations(emu.state.get('v1', 'Endpoints', 'onprem', 'mongo')), { [VM_SERVICE_ACCOUNTS]: 'default,mongo-vm' });
  });

  test('a concurrent registration (409 on the Endpoints update) is retried with a fresh read', async (t) => {
    const emu = await emulator(t, { seed: [fixtures.namespace('onprem')] });
    const conn = connect(emu, { namespace: 'onprem' });
    await registerVm(conn, { name: 'mysql', ip: '1.2.3.4', ports: ['3306'] });
    emu.injectFault({ method: 'PUT', path: '/endpoints/mysql', status: 409, reason: 'Conflict', message: 'the object has been modified; please apply your changes to the latest version and try again' });
    emu.clearRequests();
    const r = await registerVm(conn, { name: 'mysql', ip: '1.2.3.5', ports: ['3306'] });
    assert.ok(r.kind === 'registered' && r.endpoints === 'updated', JSON.stringify(r));
    assert.deepEqual(emu.requests.filter((q) => q.method === 'PUT').map((q) => q.status), [409, 200]);
    assert.deepEqual(eps(emu, 'onprem', 'mysql').subsets[0]!.addresses.map((a) => a.ip), ['1.2.3.4', '1.2.3.5']);
  });

  test('a failure after the Service was created is reported; registering again completes it', async (t) => {
    const emu = await emulator(t, { seed: [fixtures.namespace('onprem')] });
    const conn = connect(emu, { namespace: 'onprem' });
    emu.injectFault({ method: 'POST', path: '/namespaces/onprem/endpoints', status: 500, reason: 'InternalError', message: 'etcdserver: request timed out' });
    const r = await registerVm(conn, { name: 'mysql', ip: '1.2.3.4', ports: ['3306'] });
    assert.ok(r.kind === 'failed' && r.problem.kind === 'server-error' && /etcdserver: request timed out/.test(r.problem.message), JSON.stringify(r));
    assert.ok(emu.state.get('v1', 'Service', 'onprem', 'mysql'), 'the Service stays');
    assert.equal(emu.state.get('v1', 'Endpoints', 'onprem', 'mysql'), undefined);
    const again = await registerVm(conn, { name: 'mysql', ip: '1.2.3.4', ports: ['3306'] });
    assert.ok(again.kind === 'registered' && again.service === 'existing' && again.endpoints === 'created');
  });

  test('warns when the Service has a selector (Kubernetes would overwrite the Endpoints)', async (t) => {
    const emu = await emulator(t, { seed: [fixtures.service('default', 'web', [{ name: 'http', port: 80 }], { selector: { app: 'web' } })] });
    const r = await registerVm(connect(emu), { name: 'web', ip: '10.1.1.1', ports: ['http:80'] });
    assert.ok(r.kind === 'registered');
    assert.match(r.warnings[0]!, /has a selector/);
  });
});

describe('cluster.env (ISTIO_SERVICE_CIDR)', () => {
  test('from the ServiceCIDR API when served', async (t) => {
    const emu = await emulator(t, { serviceCidr: '10.63.240.0/20' });
    const r = await clusterEnv(connect(emu));
    assert.ok(r.kind === 'ok');
    assert.equal(r.text, 'ISTIO_SERVICE_CIDR=10.63.240.0/20\n');
    assert.equal(r.source, 'servicecidr-api');
  });

  test('else from the kube-apiserver pod flag (both flag spellings)', async (t) => {
    for (const style of ['equals', 'separate'] as const) {
      const emu = await emulator(t, { serviceCidrApi: false, seed: [fixtures.kubeApiserverPod('10.96.0.0/12', style)] });
      const r = await discoverServiceCidr(connect(emu));
      assert.deepEqual(r.kind === 'found' && [r.cidrs, r.source], [['10.96.0.0/12'], 'kube-apiserver-flag']);
      assert.ok(r.kind === 'found' && r.notes.some((n) => /does not serve the ServiceCIDR API/.test(n)));
    }
  });

  test('dual-stack: IPv6 ranges are left out, with a note', async (t) => {
    const emu = await emulator(t, { serviceCidrApi: false, seed: [fixtures.kubeApiserverPod('10.96.0.0/16,fd00:10:96::/112')] });
    const r = await discoverServiceCidr(connect(emu));
    assert.ok(r.kind === 'found');
    assert.deepEqual(r.cidrs, ['10.96.0.0/16']);
    assert.match(r.notes.join(' '), /fd00:10:96::\/112/);
  });

  test('else ask the user, with what the cluster does tell (the kubernetes Service IP) and the GKE command', async (t) => {
    const emu = await emulator(t, { serviceCidrApi: false });
    const r = await clusterEnv(connect(emu));
    assert.ok(r.kind === 'ask-user');
    assert.match(r.hint, /contains 10\.96\.0\.1/);
    assert.match(r.hint, /servicesIpv4Cidr/);
  });

  test('reads the user may not do fall through to the next method', async (t) => {
    const emu = await emulator(t, { seed: [fixtures.kubeApiserverPod('10.0.0.0/16')] });
    const r = await discoverServiceCidr(connect(emu, { token: emu.tokens.forbidden }));
    assert.ok(r.kind === 'ask-user');
    assert.ok(r.notes.some((n) => /servicecidrs/.test(n)) && r.notes.some((n) => /pods/.test(n)));
    const reader = await discoverServiceCidr(connect(emu, { token: emu.tokens.namespaceReader }));
    assert.deepEqual(reader.kind === 'found' && [reader.cidrs, reader.source], [['10.0.0.0/16'], 'kube-apiserver-flag']);
  });

  test('renderClusterEnv checks what the user typed', () => {
    assert.equal(renderClusterEnv(['10.63.240.0/20', '10.64.0.0/16']), 'ISTIO_SERVICE_CIDR=10.63.240.0/20,10.64.0.0/16\n');
    assert.throws(() => renderClusterEnv(['10.63.240.0']), /not an IPv4 CIDR/);
    assert.throws(() => renderClusterEnv([]));
  });
});

describe('dnsmasq kubedns file', () => {
  test('from the internal load balancers, exactly as the guide shows it', async (t) => {
    const emu = await emulator(t, {
      seed: [fixtures.namespace('istio-system'), ...fixtures.meshExpansionIlbs({ dns: '10.150.0.7', mixer: '10.150.0.8', pilot: '10.150.0.6', ca: '10.150.0.9' })],
    });
    const r = await dnsmasqConfig(connect(emu));
    assert.ok(r.kind === 'ok');
    assert.equal(
      r.text,
      [
        'server=/svc.cluster.local/10.150.0.7',
        'address=/istio-mixer/10.150.0.8',
        'address=/istio-pilot/10.150.0.6',
        'address=/istio-ca/10.150.0.9',
        'address=/istio-mixer.istio-system/10.150.0.8',
        'address=/istio-pilot.istio-system/10.150.0.6',
        'address=/istio-ca.istio-system/10.150.0.9',
        '',
      ].join('\n'),
    );
  });

  test('dns-ilb in istio-system (the 0.2.7 YAML bug) is found, with a note', async (t) => {
    const emu = await emulator(t, {
      seed: [fixtures.namespace('istio-system'), ...fixtures.meshExpansionIlbs({ dns: '10.150.0.7', mixer: '10.150.0.8', pilot: '10.150.0.6', ca: '10.150.0.9' }, 'istio-system')],
    });
    const r = await dnsmasqConfig(connect(emu));
    assert.ok(r.kind === 'ok');
    assert.match(r.notes[0]!, /0\.2\.7/);
  });

  test('pending or missing load balancers: incomplete, with the right next step', async (t) => {
    const pending = await emulator(t, { seed: [fixtures.namespace('istio-system'), ...fixtures.meshExpansionIlbs({ dns: '10.150.0.7', mixer: '10.150.0.8', pilot: '10.150.0.6' })] });
    const p = await dnsmasqConfig(connect(pending));
    assert.ok(p.kind === 'incomplete');
    assert.deepEqual(p.missing.map((m) => [m.service, m.problem]), [['istio-system/istio-ca-ilb', 'pending']]);
    assert.match(p.nextStep, /try again/);
    const none = await emulator(t);
    const n = await dnsmasqConfig(connect(none));
    assert.ok(n.kind === 'incomplete');
    assert.equal(n.missing.length, 4);
    assert.match(n.nextStep, /mesh-expansion\.yaml/);
  });
});

describe('sidecar.env', () => {
  test('ISTIO_INBOUND_PORTS as the guide writes it', () => {
    assert.deepEqual(renderSidecarEnv([27017, '3306', 8080, 3306]), { ok: true, text: 'ISTIO_INBOUND_PORTS=27017,3306,8080\n' });
    assert.ok(!renderSidecarEnv(['x']).ok);
    assert.ok(!renderSidecarEnv([]).ok);
  });
});

describe('exportIstioSecret (istio.<sa> → key.pem, root-cert.pem, cert-chain.pem)', () => {
  const pems = {
    key: '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIKEYKEYKEY\n-----END EC PRIVATE KEY-----\n',
    root: '-----BEGIN CERTIFICATE-----\nROOTROOTROOT\n-----END CERTIFICATE-----\n',
    chain: '-----BEGIN CERTIFICATE-----\nCHAINCHAINCHAIN\n-----END CERTIFICATE-----\n',
  };

  test('decodes the three files; they never print', async (t) => {
    const emu = await emulator(t, { seed: [fixtures.namespace('onprem'), fixtures.istioSecret('onprem', 'vm-sa', pems)] });
    const r = await exportIstioSecret(connect(emu), { serviceAccount: 'vm-sa', namespace: 'onprem' });
    assert.ok(r.kind === 'ok');
    assert.equal(r.secret, 'onprem/istio.vm-sa');
    assert.equal(r.files['key.pem'].reveal(), pems.key);
    assert.equal(r.files['root-cert.pem'].reveal(), pems.root);
    assert.equal(r.files['cert-chain.pem'].reveal(), pems.chain);
    const printed = [JSON.stringify(r), inspect(r, { depth: 10 }), String(r.files['key.pem']), `${r.files['key.pem']}`].join('\n');
    for (const secret of ['KEYKEYKEY', 'ROOTROOTROOT', 'CHAINCHAINCHAIN']) {
      assert.ok(!printed.includes(secret), `${secret} printed`);
    }
    assert.match(printed, /\[redacted\]/);
  });

  test('defaults: service account "default" in the connection namespace; missing and incomplete secrets', async (t) => {
    const partial = fixtures.istioSecret('default', 'other', pems);
    delete (partial.data as JsonObject)['key.pem'];
    const emu = await emulator(t, { seed: [fixtures.istioSecret('default', 'default', pems), partial] });
    const conn = connect(emu);
    const r = await exportIstioSecret(conn);
    assert.ok(r.kind === 'ok' && r.secret === 'default/istio.default');
    const missing = await exportIstioSecret(conn, { serviceAccount: 'nobody' });
    assert.ok(missing.kind === 'not-found');
    assert.match(missing.nextStep, /istio-ca/);
    const incomplete = await exportIstioSecret(conn, { serviceAccount: 'other' });
    assert.ok(incomplete.kind === 'incomplete');
    assert.deepEqual(incomplete.missing, ['key.pem']);
    const forbidden = await exportIstioSecret(connect(emu, { token: emu.tokens.forbidden }));
    assert.ok(forbidden.kind === 'failed' && forbidden.problem.kind === 'forbidden');
  });
});
