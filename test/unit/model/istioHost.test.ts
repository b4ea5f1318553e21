import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  exportScopes,
  gatewayServerHosts,
  hostMatches,
  hostsForNamespace,
  serviceOfFqdn,
  shortOrFullName,
  toFqdn,
} from '../../../server/src/core/model/istioHost';

test('hostMatches: equal names, wildcards either side, two wildcards by the longer suffix', () => {
  assert.equal(hostMatches('a.com', 'a.com'), true);
  assert.equal(hostMatches('a.com', 'b.com'), false);
  assert.equal(hostMatches('*.a.com', 'x.a.com'), true);
  assert.equal(hostMatches('x.a.com', '*.a.com'), true);
  assert.equal(hostMatches('*.a.com', 'a.com'), false);
  assert.equal(hostMatches('*', 'anything.org'), true);
  assert.equal(hostMatches('*.a.com', '*.x.a.com'), true);
  assert.equal(hostMatches('*.x.a.com', '*.a.com'), true);
  assert.equal(hostMatches('*.b.com', '*.a.com'), false);
});

test('toFqdn resolves short names in the namespace; wildcards and dotted names stay', () => {
  assert.equal(toFqdn('reviews', 'shop'), 'reviews.shop.svc.cluster.local');
  assert.equal(toFqdn('reviews', 'shop', 'corp.internal'), 'reviews.shop.svc.corp.internal');
  assert.equal(toFqdn('reviews.other', 'shop'), 'reviews.other');
  assert.equal(toFqdn('*', 'shop'), '*');
});

test('serviceOfFqdn reads <name>.<namespace>.svc.<domain> only', () => {
  assert.deepEqual(serviceOfFqdn('reviews.shop.svc.cluster.local'), { namespace: 'shop', name: 'reviews' });
  assert.equal(serviceOfFqdn('reviews.example.com'), undefined);
  assert.equal(serviceOfFqdn('shop.svc.cluster.local'), undefined);
});

test('shortOrFullName: the reader namespace unless namespace/name', () => {
  assert.deepEqual(shortOrFullName('web', 'gw'), { namespace: 'web', name: 'gw' });
  assert.deepEqual(shortOrFullName('web', 'istio-system/gw'), { namespace: 'istio-system', name: 'gw' });
});

test('gatewayServerHosts makes scopes explicit; hostsForNamespace keeps what a namespace sees', () => {
  assert.deepEqual(gatewayServerHosts(['./a.com', '*/b.com', 'c.com', 'ns/d.com'], 'gwns'), ['gwns/a.com', 'b.com', 'c.com', 'ns/d.com']);
  assert.deepEqual(gatewayServerHosts(['./a.com', '*/*'], 'gwns'), ['*']);
  assert.deepEqual(hostsForNamespace(['gwns/a.com', 'b.com', '*/c.com', 'ns/d.com'], 'ns'), ['b.com', 'c.com', 'd.com']);
  assert.deepEqual(hostsForNamespace(['gwns/a.com'], 'gwns'), ['a.com']);
});

test('exportScopes: none or * is all, . is the own namespace', () => {
  assert.deepEqual(exportScopes([], 'a'), ['*']);
  assert.deepEqual(exportScopes(['b', '*'], 'a'), ['*']);
  assert.deepEqual(exportScopes(['.', 'b', 'a'], 'a'), ['a', 'b']);
});
