import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  splitList,
  validateCidrs,
  validateInboundPorts,
  validateNamespace,
  validateRegisterPorts,
  validateServiceAccount,
  validateServiceName,
  validateVmIp,
} from '../../../client/src/cluster/ui/inputs';
import { l10n } from './support';

test('splitList takes blanks and commas', () => {
  assert.deepEqual(splitList(' http:7000, mysql:3306\t27017 ,'), ['http:7000', 'mysql:3306', '27017']);
  assert.deepEqual(splitList('   '), []);
});

test('register ports: name:port or a well-known bare port, as istioctl register takes them', () => {
  assert.equal(validateRegisterPorts(l10n, 'http:7000 mysql:3306'), undefined);
  assert.equal(validateRegisterPorts(l10n, '3306'), undefined);
  // istioctl register 0.2 names a bare port by its number.
  assert.equal(validateRegisterPorts(l10n, '27017'), undefined);
  assert.match(validateRegisterPorts(l10n, 'http:99999') ?? '', /1 to 65535/);
  assert.match(validateRegisterPorts(l10n, '') ?? '', /at least one port/);
});

test('service name, namespace, service account, VM address', () => {
  assert.equal(validateServiceName(l10n, 'mysql'), undefined);
  assert.match(validateServiceName(l10n, '') ?? '', /Enter the name/);
  assert.match(validateServiceName(l10n, '1db') ?? '', /starting with a letter/);
  assert.equal(validateNamespace(l10n, 'onprem'), undefined);
  assert.ok(validateNamespace(l10n, 'On_Prem'));
  assert.equal(validateServiceAccount(l10n, 'bookinfo.reviews'), undefined);
  assert.ok(validateServiceAccount(l10n, 'Default'));
  assert.equal(validateVmIp(l10n, '10.150.0.5'), undefined);
  assert.match(validateVmIp(l10n, '127.0.0.1') ?? '', /loopback/);
  assert.match(validateVmIp(l10n, '10.150.0') ?? '', /IPv4/);
});

test('cluster.env CIDRs and sidecar.env ports', () => {
  assert.equal(validateCidrs(l10n, '10.63.240.0/20'), undefined);
  assert.equal(validateCidrs(l10n, '10.63.240.0/20, 10.96.0.0/12'), undefined);
  assert.match(validateCidrs(l10n, '10.63.240.0') ?? '', /not an IPv4 CIDR/);
  assert.match(validateCidrs(l10n, '') ?? '', /no service CIDR/);
  assert.equal(validateInboundPorts(l10n, '27017,3306,8080'), undefined);
  assert.match(validateInboundPorts(l10n, 'http') ?? '', /not a port/);
});
