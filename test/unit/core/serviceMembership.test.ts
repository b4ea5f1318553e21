import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inMesh, servicesSelecting } from '../../../server/src/core/index/serviceMembership';
import { MeshService } from '../../../server/src/core/service';

const deployment = (ns: string | undefined, labels: string, extra = ''): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\n${ns ? `  namespace: ${ns}\n` : ''}spec:\n` +
  `  template:\n    metadata:\n${extra}      labels: ${labels}\n    spec:\n      containers: [{name: c, image: x}]\n`;
const service = (name: string, ns: string | undefined, selector: string): string =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}spec:\n` +
  `  selector: ${selector}\n  ports: [{name: http, port: 80}]\n`;

function workloadOf(s: MeshService, uri: string) {
  const w = s.index.get(uri)?.objects[0];
  assert.ok(w);
  return w;
}

describe('servicesSelecting', () => {
  it('matches by namespace and full selector, across files, in workspace order', () => {
    const s = new MeshService();
    s.setFile('w', deployment('shop', '{app: web, tier: front}'));
    s.setFile('a', service('a', 'shop', '{app: web}'));
    s.setFile('b', service('b', 'shop', '{tier: front, app: web}'));
    s.setFile('c', service('c', 'shop', '{app: web, track: canary}'));
    s.setFile('d', service('d', 'other', '{app: web}'));
    s.setFile('e', service('e', 'shop', '{}'));
    assert.deepEqual(servicesSelecting(s.index, workloadOf(s, 'w'), 'default').map((x) => x.service.name), ['a', 'b']);
  });
  it('uses the default namespace for both sides and follows edits', () => {
    const s = new MeshService();
    s.setFile('w', deployment(undefined, '{app: web}'));
    s.setFile('a', service('a', undefined, '{app: web}'));
    s.setFile('b', service('b', 'team', '{app: web}'));
    assert.deepEqual(servicesSelecting(s.index, workloadOf(s, 'w'), 'default').map((x) => x.service.name), ['a']);
    assert.deepEqual(servicesSelecting(s.index, workloadOf(s, 'w'), 'team').map((x) => x.service.name), ['a', 'b']);
    s.setFile('a', service('a', undefined, '{app: other}'));
    assert.deepEqual(servicesSelecting(s.index, workloadOf(s, 'w'), 'default').map((x) => x.service.name), []);
    s.removeFile('b');
    assert.deepEqual(servicesSelecting(s.index, workloadOf(s, 'w'), 'team').map((x) => x.service.name), []);
  });
});

describe('inMesh (as Istio analyzers judge it)', () => {
  const judge = (text: string, ns = '', profile: 'native' | 'legacy-0.2' = 'native'): boolean => {
    const s = new MeshService();
    s.setFile('w', text);
    if (ns) {
      s.setFile('ns', ns);
    }
    return inMesh(workloadOf(s, 'w'), profile, s.index, 'default');
  };
  const nsText = (labels: string): string => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: ${labels}\n`;
  it('reads the pod label, then the annotation, then the Namespace', () => {
    assert.equal(judge(deployment('shop', '{app: w, sidecar.istio.io/inject: "true"}'), nsText('{}')), true);
    assert.equal(judge(deployment('shop', '{app: w, sidecar.istio.io/inject: "false"}'), nsText('{istio-injection: enabled}')), false);
    const annotated = deployment('shop', '{app: w}', '      annotations: {sidecar.istio.io/inject: "true"}\n');
    assert.equal(judge(annotated, nsText('{istio-injection: disabled}')), true);
    assert.equal(judge(deployment('shop', '{app: w}'), nsText('{istio-injection: enabled}')), true);
    assert.equal(judge(deployment('shop', '{app: w}'), nsText('{istio.io/rev: canary}')), true);
    assert.equal(judge(deployment('shop', '{app: w}'), nsText('{team: a}')), false);
  });
  it('counts a namespace missing from the workspace as injected', () => {
    assert.equal(judge(deployment('shop', '{app: w}')), true);
  });
  it('legacy-0.2: only an explicit "false" keeps pods out', () => {
    assert.equal(judge(deployment('shop', '{app: w}'), nsText('{team: a}'), 'legacy-0.2'), true);
    const off = deployment('shop', '{app: w}', '      annotations: {sidecar.istio.io/inject: "false"}\n');
    assert.equal(judge(off, '', 'legacy-0.2'), false);
  });
});
