import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { verifyInstall, type VerifyItem, type VerifyReport, type VerifyResult } from '../../client/src/cluster/verify';
import { fixtures, type EmulatorOptions } from './emulator';
import { connect, emulator } from './helpers';

function report(r: VerifyResult): VerifyReport {
  assert.equal(r.kind, 'verified', r.kind === 'failed' ? r.problem.message : '');
  return (r as { report: VerifyReport }).report;
}
const item = (rep: VerifyReport, name: string): VerifyItem => {
  const found = rep.items.find((i) => i.label === name);
  assert.ok(found, `no item ${name}`);
  return found;
};
const statuses = (rep: VerifyReport): Record<string, string> => Object.fromEntries(rep.items.map((i) => [i.label, i.status]));

async function verify(t: Parameters<typeof emulator>[0], seed: EmulatorOptions['seed'], profile?: 'legacy-0.2' | 'native' | 'classic' | 'auto'): Promise<VerifyReport> {
  const emu = await emulator(t, { seed });
  return report(await verifyInstall(connect(emu), { profile }));
}

describe('verifyInstall: legacy-0.2 (the install guide)', () => {
  test('a healthy install: every component ok, the ingress LoadBalancer IP shown', async (t) => {
    const rep = await verify(t, fixtures.istio02Install({ initializer: true }), 'legacy-0.2');
    assert.equal(rep.status, 'ok');
    assert.deepEqual(statuses(rep), {
      'istio-pilot': 'ok',
      'istio-mixer': 'ok',
      'istio-ingress': 'ok',
      'istio-egress': 'ok',
      'istio-ca': 'ok',
      'istio-initializer': 'ok',
    });
    const ingress = item(rep, 'istio-ingress');
    assert.deepEqual(ingress.children.map((c) => c.label), ['Service istio-ingress', 'Pod istio-ingress-1842462111-j3vcs']);
    assert.equal(ingress.children[0]!.message, 'LoadBalancer 35.184.245.62 (80:32730/TCP,443:30574/TCP)');
    assert.equal(item(rep, 'istio-mixer').children[1]!.message, '2/2 Running');
    assert.deepEqual(item(rep, 'istio-ca').children.map((c) => c.label), ['Pod istio-ca-3657790228-j21b9'], 'the 0.2 CA has pods, no Service');
    assert.equal(rep.summary, 'Istio (legacy-0.2) in istio-system: all 6 components ok.');
  });

  test('auto picks legacy-0.2 for an istio-pilot install; the initializer is optional', async (t) => {
    const rep = await verify(t, fixtures.istio02Install(), 'auto');
    assert.equal(rep.profile, 'legacy-0.2');
    assert.equal(rep.status, 'ok');
    assert.match(item(rep, 'istio-initializer').message, /not installed \(optional\)/);
  });

  test('a missing component is an error', async (t) => {
    const rep = await verify(t, fixtures.istio02Install({ components: { 'istio-mixer': 'missing' } }), 'legacy-0.2');
    assert.equal(rep.status, 'error');
    const mixer = item(rep, 'istio-mixer');
    assert.equal(mixer.status, 'error');
    assert.deepEqual(mixer.children.map((c) => [c.label, c.status, c.message]), [
      ['Service istio-mixer', 'error', 'Service istio-mixer not found'],
      ['Pods istio-mixer-*', 'error', 'no istio-mixer pods'],
    ]);
    assert.match(rep.summary, /1 error/);
  });

  test('LoadBalancer <pending> is a warning that explains NodePort (minikube)', async (t) => {
    const rep = await verify(t, fixtures.istio02Install({ ingress: 'pending' }), 'legacy-0.2');
    assert.equal(rep.status, 'warn');
    const svc = item(rep, 'istio-ingress').children[0]!;
    assert.equal(svc.status, 'warn');
    assert.match(svc.message, /EXTERNAL-IP <pending>/);
    assert.match(svc.message, /minikube/);
    assert.match(svc.message, /NodePort 32730/);
  });

  test('pod readiness: crash loops are errors, not-ready and pending are warnings', async (t) => {
    const rep = await verify(
      t,
      fixtures.istio02Install({ components: { 'istio-pilot': 'crash-loop', 'istio-mixer': 'not-ready', 'istio-egress': 'pending', 'istio-ca': 'image-pull' } }),
      'legacy-0.2',
    );
    const pod = (name: string): VerifyItem => item(rep, name).children.find((c) => c.label.startsWith('Pod '))!;
    assert.deepEqual([pod('istio-pilot').status, pod('istio-pilot').message], ['error', '0/1 CrashLoopBackOff (7 restarts): back-off 5m0s restarting failed container']);
    assert.deepEqual([pod('istio-mixer').status, pod('istio-mixer').message], ['warn', '1/2 Running: not all containers are ready yet']);
    assert.deepEqual([pod('istio-egress').status, pod('istio-egress').message], ['warn', '0/1 ContainerCreating: not running yet']);
    assert.equal(pod('istio-ca').status, 'error');
    assert.deepEqual(statuses(rep), {
      'istio-pilot': 'error',
      'istio-mixer': 'warn',
      'istio-ingress': 'ok',
      'istio-egress': 'warn',
      'istio-ca': 'error',
      'istio-initializer': 'ok',
    });
  });

  test('no istio-system: not installed, with the guide\'s install command', async (t) => {
    const rep = await verify(t, [], 'legacy-0.2');
    assert.equal(rep.status, 'error');
    assert.equal(rep.items.length, 1);
    assert.match(rep.items[0]!.message, /kubectl apply -f install\/kubernetes\/istio\.yaml/);
  });
});

describe('verifyInstall: classic/native (istiod)', () => {
  test('istiod and the ingress gateway; the egress gateway is optional', async (t) => {
    const rep = await verify(t, fixtures.istiodInstall(), 'auto');
    assert.equal(rep.profile, 'native');
    assert.deepEqual(statuses(rep), { istiod: 'ok', 'istio-ingressgateway': 'ok', 'istio-egressgateway': 'ok' });
    assert.match(item(rep, 'istio-egressgateway').message, /not installed \(optional\)/);
    const withEgress = await verify(t, fixtures.istiodInstall({ egressGateway: true }), 'classic');
    assert.equal(item(withEgress, 'istio-egressgateway').children.length, 2);
  });

  test('checking a 0.2 install against the native profile reports istiod missing', async (t) => {
    const rep = await verify(t, fixtures.istio02Install(), 'native');
    assert.equal(item(rep, 'istiod').status, 'error');
  });
});

describe('verifyInstall: cluster problems', () => {
  test('403 comes back as a problem, not a report', async (t) => {
    const emu = await emulator(t, { seed: fixtures.istio02Install() });
    const r = await verifyInstall(connect(emu, { token: emu.tokens.forbidden }));
    assert.ok(r.kind === 'failed');
    assert.equal(r.problem.kind, 'forbidden');
    assert.match(r.problem.message, /cannot get resource "namespaces"/);
  });
});
