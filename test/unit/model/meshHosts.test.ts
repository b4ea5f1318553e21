import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { K8sObject } from '../../../server/src/core/model/k8sObject';
import type { HostDeclaration } from '../../../server/src/core/model/meshHosts';
import { MeshHostTable } from '../../../server/src/core/model/meshHosts';

function decl(name: string, host: string, namespace: string, exportTo: string[] = []): HostDeclaration {
  const object = { kind: 'ServiceEntry', name, namespace } as unknown as K8sObject;
  return { host, namespace, exportTo, entry: { object, ports: [], workloadLabels: undefined } };
}

const table = new MeshHostTable(
  [
    decl('reviews', 'reviews', 'default'),
    decl('local', 'local.example.com', 'other', ['.']),
    decl('exported', 'abc.example.com', 'other', ['default']),
    decl('eu', '*.eu.example.com', 'other'),
    decl('hidden-wild', '*', 'ignore', ['.']),
  ],
  'cluster.local',
);
const found = (ns: string, host: string, exportTo: string[] = []): string | undefined =>
  table.resolve(ns, exportTo, host)?.object.name;

test('short names resolve in the reader namespace, FQDNs anywhere exported', () => {
  assert.equal(found('default', 'reviews'), 'reviews');
  assert.equal(found('shop', 'reviews'), undefined);
  assert.equal(found('shop', 'reviews.default.svc.cluster.local'), 'reviews');
  assert.equal(table.resolve('default', [], 'reviews')?.fqdn, 'reviews.default.svc.cluster.local');
});

test('exportTo limits where a host is visible; the reader exportTo names the scopes looked in', () => {
  assert.equal(found('other', 'local.example.com'), 'local');
  assert.equal(found('default', 'local.example.com'), undefined);
  assert.equal(found('default', 'abc.example.com'), 'exported');
  assert.equal(found('shop', 'abc.example.com'), undefined);
  assert.equal(found('shop', 'abc.example.com', ['default']), 'exported');
  assert.equal(found('default', 'abc.example.com', ['bogus']), undefined);
});

test('wildcard hosts cover names and narrower wildcards, where visible', () => {
  assert.equal(found('shop', 'de.eu.example.com'), 'eu');
  assert.equal(found('shop', '*.eu.example.com'), 'eu');
  assert.equal(found('shop', 'eu.example.com'), undefined);
  assert.equal(found('ignore', 'whatever.org'), 'hidden-wild');
  assert.equal(found('shop', 'whatever.org'), undefined);
});
