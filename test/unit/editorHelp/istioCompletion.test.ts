import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completionsAt } from '../../../server/src/core/editorHelp/completion';
import { inMesh, MESH, MESH_URI, vs } from './istioSupport';

function complete(text: string, files?: Readonly<Record<string, string>>) {
  const { entry, offset, ws } = inMesh(text, files);
  const items = completionsAt(entry, offset, 'native', ws);
  return {
    items,
    labels: items.map((i) => i.label),
    item: (label: string) => items.find((i) => i.label === label),
    replaced: (label: string) => {
      const i = items.find((x) => x.label === label);
      return i ? entry.text.slice(i.span.start, i.span.end) : undefined;
    },
  };
}

const route = (destination: string): string => `  hosts: [reviews]\n  http:\n    - route:\n        - destination:\n${destination}`;

describe('Istio completion: hosts', () => {
  it('offers Services as short name (own namespace only) and FQDN, and ServiceEntry hosts, in a destination', () => {
    const c = complete(vs(route('            host: rev|\n')));
    assert.deepEqual(c.labels.sort(), [
      'api.example.com',
      'ratings.shop.svc.cluster.local',
      'reviews',
      'reviews.default.svc.cluster.local',
    ]);
    assert.equal(c.item('reviews')?.detail, 'Service default/reviews');
    assert.equal(c.item('ratings.shop.svc.cluster.local')?.detail, 'Service shop/ratings');
    assert.equal(c.replaced('reviews'), 'rev');
    assert.match(c.item('reviews')?.documentation ?? '', /9080 \(http\), 9090 \(grpc-admin\)/);
    assert.equal(c.item('reviews')?.kind, 'host');
  });

  it('leaves out hosts not exported to the namespace, as the host table resolves them', () => {
    const hidden = `apiVersion: v1\nkind: Service\nmetadata:\n  name: secret\n  namespace: vault\n  annotations:\n    networking.istio.io/exportTo: "."\nspec:\n  ports: [{port: 8200}]\n`;
    const c = complete(vs(route('            host: |\n')), { [MESH_URI]: MESH, 'file:///hidden.yaml': hidden });
    assert.ok(c.labels.includes('reviews'));
    assert.ok(!c.labels.some((l) => l.startsWith('secret')));
    const inVault = complete(vs(route('            host: |\n')).replace('namespace: default', 'namespace: vault'), { 'file:///hidden.yaml': hidden });
    assert.deepEqual(inVault.labels, ['secret', 'secret.vault.svc.cluster.local']);
  });

  it('completes spec.hosts items, mirror hosts and a DestinationRule host, all API versions, keeping quotes', () => {
    assert.ok(complete(vs('  hosts:\n    - |\n', 'networking.istio.io/v1alpha3')).labels.includes('reviews'));
    assert.ok(complete(vs('  http:\n    - mirror:\n        host: |\n', 'networking.istio.io/v1beta1')).labels.includes('api.example.com'));
    const dr = `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: x\n  namespace: shop\nspec:\n  host: "rat|\n`;
    const c = complete(dr);
    assert.ok(c.labels.includes('ratings'), 'a short name in the rule’s own namespace');
    assert.ok(!c.labels.includes('reviews'), 'a short name of another namespace would not resolve');
    assert.equal(c.item('ratings')?.insertText, '"ratings"');
  });

  it('offers nothing Istio-specific outside the references, and bad shapes offer nothing', () => {
    assert.deepEqual(complete(vs('  http:\n    - timeout: |\n')).labels, []);
    assert.deepEqual(complete(vs('  http:\n    - route:\n        - destination: 7\n          subset: |\n')).labels, []);
    assert.deepEqual(complete('apiVersion: networking.istio.io/v1\nkind: VirtualService\nspec:\n  hosts: 3\n  http: [|\n').labels, []);
  });
});

describe('Istio completion: subsets, gateways, ports', () => {
  it('offers the subsets of the DestinationRules for the destination host', () => {
    const c = complete(vs(route('            host: reviews\n            subset: |\n')));
    assert.deepEqual(c.labels, ['v1', 'v2']);
    assert.match(c.item('v1')?.detail ?? '', /DestinationRule default\/reviews/);
    assert.match(c.item('v1')?.documentation ?? '', /1 — Deployment reviews-v1/);
    // The FQDN names the same host.
    assert.deepEqual(complete(vs(route('            host: reviews.default.svc.cluster.local\n            subset: v|\n'))).labels, ['v1', 'v2']);
    // Another host has no rule.
    assert.deepEqual(complete(vs(route('            host: api.example.com\n            subset: |\n'))).labels, []);
  });

  it('does not offer subsets of a rule not exported to the namespace', () => {
    const rules = `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: ratings\n  namespace: shop\nspec:\n  host: ratings\n  exportTo: ["."]\n  subsets: [{name: v1, labels: {version: v1}}]\n`;
    const files = { [MESH_URI]: MESH, 'file:///r.yaml': rules };
    const c = complete(vs(route('            host: ratings.shop.svc.cluster.local\n            subset: |\n')), files);
    assert.deepEqual(c.labels, []);
    const inShop = complete(vs(route('            host: ratings\n            subset: |\n')).replace('namespace: default', 'namespace: shop'), files);
    assert.deepEqual(inShop.labels, ['v1']);
  });

  it('offers gateways as name (same namespace) and namespace/name, and mesh', () => {
    const c = complete(vs('  gateways:\n    - |\n'));
    assert.deepEqual(c.labels.sort(), ['bookinfo-gateway', 'default/bookinfo-gateway', 'istio-system/public', 'mesh']);
    assert.deepEqual(complete(vs('  http:\n    - match:\n        - gateways:\n            - |\n')).labels.length, 4);
  });

  it('offers the destination Service’s port numbers', () => {
    const c = complete(vs(route('            host: reviews\n            port:\n              number: |\n')));
    assert.deepEqual(c.labels, ['9080', '9090']);
    assert.match(c.item('9090')?.detail ?? '', /grpc-admin/);
  });
});
