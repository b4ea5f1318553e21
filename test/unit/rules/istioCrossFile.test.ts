import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../../server/src/core/rules/registry';
import type { Rule } from '../../../server/src/core/rules/rule';
import type { Finding } from '../../../server/src/core/service';
import { MeshService } from '../../../server/src/core/service';
import { normalizeSettings } from '../../../server/src/core/settings';

/**
 * The Istio resource rules across files, through MeshService and its rule-result cache: what the fixtures cannot
 * show — an edit of another file's Gateway or Service reaching a VirtualService's findings, and edits of kinds a rule
 * does not read leaving its results in place.
 */

const NATIVE = normalizeSettings({ profile: 'native' });

const gateway = (name: string, hosts: string): string =>
  `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: ${name}\n  namespace: istio-system\nspec:\n` +
  `  selector:\n    istio: ingressgateway\n  servers:\n    - port: {number: 80, name: http, protocol: HTTP}\n` +
  `      hosts: [${hosts}]\n`;
const virtualService =
  'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: shop\n  namespace: web\nspec:\n' +
  '  hosts: [shop.example.com]\n  gateways: [istio-system/public]\n  http:\n    - route:\n' +
  '        - destination: {host: shop}\n';
const service = (name: string): string =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: web\nspec:\n  ports:\n    - {name: http, port: 80}\n`;
const deployment = (app: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${app}\n  namespace: web\nspec:\n  template:\n` +
  `    metadata:\n      labels: {app: ${app}}\n    spec:\n      containers: [{name: c, image: x}]\n`;

function codes(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.code).filter((c) => c.startsWith('vs-')).sort();
}

/** A service whose rule `id` counts its runs. */
function counting(id: string): { service: MeshService; runs: () => number } {
  let runs = 0;
  const rules = allRules.map((r): Rule =>
    r.id === id
      ? {
          ...r,
          check: (ctx) => {
            runs++;
            return r.check(ctx);
          },
        }
      : r,
  );
  return { service: new MeshService(rules), runs: () => runs };
}

describe('Istio resource rules across files', () => {
  it('a Gateway and a Service in other files decide the VirtualService findings, as they are added, edited and removed', () => {
    const s = new MeshService();
    s.setFile('file:///vs.yaml', virtualService);
    assert.deepEqual(codes(s.validate('file:///vs.yaml', NATIVE)), [
      'vs-destination-host-exists',
      'vs-gateway-exists',
      'vs-host-in-gateway',
    ]);
    s.setFile('file:///gw.yaml', gateway('public', '"*/shop.example.com"'));
    s.setFile('file:///svc.yaml', service('shop'));
    assert.deepEqual(codes(s.validate('file:///vs.yaml', NATIVE)), []);

    s.setFile('file:///gw.yaml', gateway('public', '"./shop.example.com"'));
    const scoped = s.validate('file:///vs.yaml', NATIVE).filter((f) => f.code === 'vs-host-in-gateway');
    assert.equal(scoped.length, 1);
    assert.deepEqual(scoped[0]?.related.map((r) => r.uri), ['file:///gw.yaml']);

    s.removeFile('file:///svc.yaml');
    assert.deepEqual(codes(s.validate('file:///vs.yaml', NATIVE)), ['vs-destination-host-exists', 'vs-host-in-gateway']);
  });

  it('keeps vs-gateway-exists results while kinds it does not read change, and re-runs when a Gateway changes', () => {
    const { service: s, runs } = counting('vs-gateway-exists');
    s.setFile('file:///vs.yaml', virtualService);
    s.setFile('file:///gw.yaml', gateway('publik', '"*"'));
    s.setFile('file:///app.yaml', deployment('shop'));
    assert.equal(s.validate('file:///vs.yaml', NATIVE).filter((f) => f.code === 'vs-gateway-exists').length, 1);
    const first = runs();
    s.setFile('file:///app.yaml', deployment('shop-v2'));
    s.setFile('file:///svc.yaml', service('shop'));
    s.validate('file:///vs.yaml', NATIVE);
    assert.equal(runs(), first, 'a Deployment or Service edit must not re-run the rule');
    s.setFile('file:///gw.yaml', gateway('public', '"*"'));
    assert.equal(s.validate('file:///vs.yaml', NATIVE).filter((f) => f.code === 'vs-gateway-exists').length, 0);
    assert.equal(runs(), first + 1);
  });

  it('a Deployment in another file makes a DestinationRule subset select pods', () => {
    const s = new MeshService();
    const dr =
      'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: shop\n  namespace: web\nspec:\n' +
      '  host: shop\n  subsets:\n    - {name: v1, labels: {app: shop}}\n';
    s.setFile('file:///dr.yaml', dr);
    s.setFile('file:///svc.yaml', service('shop'));
    const subset = (): Finding[] => s.validate('file:///dr.yaml', NATIVE).filter((f) => f.code === 'dr-subset-selects-pods');
    assert.equal(subset().length, 1);
    s.setFile('file:///app.yaml', deployment('shop'));
    assert.equal(subset().length, 0);
    s.setFile('file:///app.yaml', deployment('other'));
    assert.equal(subset().length, 1);
  });
});
