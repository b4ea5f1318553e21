import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findGatewayUrl, type GatewayAddress, type GatewayResult } from '../../client/src/cluster/gateway';
import { fixtures } from './emulator';
import { connect, emulator } from './helpers';

function found(r: GatewayResult): GatewayAddress {
  assert.equal(r.kind, 'found', r.kind === 'not-found' ? r.message : r.kind === 'failed' ? r.problem.message : '');
  return (r as { address: GatewayAddress }).address;
}

describe('findGatewayUrl', () => {
  test('LoadBalancer IP of istio-ingress (0.2): GATEWAY_URL=130.211.10.121:80 style', async (t) => {
    const emu = await emulator(t, { seed: fixtures.istio02Install({ ingress: 'load-balancer' }) });
    const a = found(await findGatewayUrl(connect(emu), { profile: 'legacy-0.2' }));
    assert.deepEqual([a.url, a.gatewayUrl, a.how, a.service], ['http://35.184.245.62:80', '35.184.245.62:80', 'load-balancer', 'istio-system/istio-ingress']);
  });

  test('LoadBalancer hostname (AWS) of istio-ingressgateway, http2 port', async (t) => {
    const emu = await emulator(t, { seed: fixtures.istiodInstall({ ingress: 'load-balancer-hostname' }) });
    const a = found(await findGatewayUrl(connect(emu)));
    assert.deepEqual([a.url, a.how, a.service], ['http://a1b2c3.elb.us-east-1.amazonaws.com:80', 'load-balancer', 'istio-system/istio-ingressgateway']);
  });

  test('minikube: LoadBalancer <pending>, one node with only an InternalIP → node address + http NodePort', async (t) => {
    const emu = await emulator(t, {
      seed: [...fixtures.istio02Install({ ingress: 'pending', nodeName: 'minikube', hostIP: '192.168.49.2' }), fixtures.node('minikube', { internalIP: '192.168.49.2' })],
    });
    const a = found(await findGatewayUrl(connect(emu), { profile: 'auto' }));
    assert.deepEqual([a.url, a.gatewayUrl, a.how, a.port], ['http://192.168.49.2:32730', '192.168.49.2:32730', 'node-port', 32730]);
    assert.match(a.message, /<pending>/);
    assert.match(a.message, /firewall-rules create allow-book --allow tcp:32730/);
  });

  test('GKE/Bluemix: NodePort Service, a worker node ExternalIP is preferred over InternalIP', async (t) => {
    const emu = await emulator(t, {
      seed: [
        ...fixtures.istio02Install({ ingress: 'node-port', nodeName: 'gke-pool-1' }),
        fixtures.node('gke-pool-1', { internalIP: '10.128.0.2', externalIP: '35.192.0.10' }),
        fixtures.node('gke-pool-2', { internalIP: '10.128.0.3', externalIP: '35.192.0.11', ready: false }),
      ],
    });
    const a = found(await findGatewayUrl(connect(emu), { profile: 'legacy-0.2' }));
    assert.deepEqual([a.host, a.port, a.how], ['35.192.0.10', 32730, 'node-port']);
    assert.match(a.message, /ExternalIP/);
  });

  test('without node read access (403), the ingress pod hostIP is used (the guide\'s minikube command)', async (t) => {
    const emu = await emulator(t, {
      seed: [...fixtures.istio02Install({ ingress: 'pending', hostIP: '192.168.99.100' }), fixtures.node('n1', { internalIP: '10.0.0.9' })],
    });
    const a = found(await findGatewayUrl(connect(emu, { token: emu.tokens.namespaceReader }), { profile: 'legacy-0.2' }));
    assert.ok(emu.requests.some((q) => q.path === '/api/v1/nodes' && q.status === 403));
    assert.equal(a.gatewayUrl, '192.168.99.100:32730');
    assert.match(a.message, /hostIP/);
  });

  test('istio-ingressgateway NodePort picks the http2 port, not status-port', async (t) => {
    const emu = await emulator(t, { seed: [...fixtures.istiodInstall({ ingress: 'node-port' }), fixtures.node('n1', { internalIP: '10.0.0.5' })] });
    const a = found(await findGatewayUrl(connect(emu), { profile: 'native' }));
    assert.equal(a.gatewayUrl, '10.0.0.5:31380');
  });

  test('ClusterIP only, or no ingress at all: not found, with what to do', async (t) => {
    const emu = await emulator(t, { seed: fixtures.istio02Install({ ingress: 'cluster-ip' }) });
    const clusterIp = await findGatewayUrl(connect(emu), { profile: 'legacy-0.2' });
    assert.ok(clusterIp.kind === 'not-found');
    assert.match(clusterIp.message, /ClusterIP with no NodePort/);
    assert.match(clusterIp.nextStep, /Port-forward/);
    const none = await findGatewayUrl(connect(emu), { profile: 'native' });
    assert.ok(none.kind === 'not-found');
    assert.match(none.message, /No ingress Service \(istio-ingressgateway\) in istio-system/);
  });

  test('cluster problems come back as failed', async (t) => {
    const emu = await emulator(t, { seed: fixtures.istio02Install() });
    const r = await findGatewayUrl(connect(emu, { token: emu.tokens.invalid }));
    assert.ok(r.kind === 'failed' && r.problem.kind === 'unauthorized');
  });
});
