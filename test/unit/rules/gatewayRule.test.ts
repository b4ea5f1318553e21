/**
 * The gw-* rules check Istio's Gateway only (defineGatewayRule): a Kubernetes Gateway API `Gateway` written with the
 * fields an Istio Gateway would be faulted for is left alone by every one of them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MeshService } from '../../../server/src/core/service';
import { normalizeSettings } from '../../../server/src/core/settings';

function gateway(apiVersion: string, name: string): string {
  return `apiVersion: ${apiVersion}
kind: Gateway
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {app: no-such-gateway}
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: [shop.example.com]
    tls: {mode: SIMPLE, credentialName: shop-cert}
`;
}

function gatewayRuleCodes(apiVersion: string): string[] {
  const s = new MeshService();
  const uri = 'file:///ws/gateways.yaml';
  s.setFile(uri, `${gateway(apiVersion, 'front')}---\n${gateway(apiVersion, 'back')}`);
  const codes = s
    .validate(uri, normalizeSettings({}))
    .map((f) => f.code)
    .filter((c) => c.startsWith('gw-'));
  return [...new Set(codes)].sort();
}

describe('defineGatewayRule: the gw-* rules check Istio Gateways only', () => {
  it('an Istio Gateway with these servers is faulted by several gw-* rules', () => {
    assert.deepEqual(gatewayRuleCodes('networking.istio.io/v1'), ['gw-certificate-unique', 'gw-credential-exists', 'gw-selector-matches', 'gw-servers-distinct']);
  });
  it('a Kubernetes Gateway API Gateway with the same fields is not checked by any of them', () => {
    assert.deepEqual(gatewayRuleCodes('gateway.networking.k8s.io/v1'), []);
  });
});
