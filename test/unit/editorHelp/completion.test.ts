import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completionsAt } from '../../../server/src/core/editorHelp/completion';
import { withCursor } from './support';

function complete(text: string, profile: 'native' | 'legacy-0.2' = 'native') {
  const { entry, offset } = withCursor(text);
  const items = completionsAt(entry, offset, profile);
  return {
    items,
    labels: items.map((i) => i.label),
    replaced: (label: string) => {
      const item = items.find((i) => i.label === label);
      return item ? entry.text.slice(item.span.start, item.span.end) : undefined;
    },
    item: (label: string) => items.find((i) => i.label === label),
  };
}

const deployment = (templateAnnotations: string, own = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews
${own}spec:
  selector:
    matchLabels:
      app: reviews
  template:
    metadata:
      annotations:
${templateAnnotations}
      labels:
        app: reviews
    spec:
      containers:
        - name: reviews
          image: reviews:1.0
`;

describe('completionsAt: annotation and label keys', () => {
  it('offers pod annotations in a pod template, replacing the word typed so far', () => {
    const c = complete(deployment('        sidecar.istio.io/inj|'));
    const inject = c.item('sidecar.istio.io/inject');
    assert.ok(inject);
    assert.equal(inject.insertText, 'sidecar.istio.io/inject: ');
    assert.equal(inject.retrigger, true);
    assert.equal(inject.deprecated, true);
    assert.equal(c.replaced('sidecar.istio.io/inject'), 'sidecar.istio.io/inj');
    assert.ok(c.labels.includes('proxy.istio.io/config'));
    assert.ok(c.labels.includes('traffic.sidecar.istio.io/excludeOutboundPorts'));
    assert.ok(!c.labels.includes('networking.istio.io/exportTo'), 'a Service annotation is not offered on a pod');
    assert.ok(!c.labels.includes('sidecar.istio.io/status'), 'annotations Istio writes itself are not offered');
    assert.ok(!c.labels.includes('proxy.istio.io/overrides'), 'internal annotations are not offered');
  });

  it('works on an empty, indented line and leaves out the keys already written', () => {
    const c = complete(deployment('        proxy.istio.io/config: "{}"\n        |\n        sidecar.istio.io/proxyCPU: 100m'));
    assert.ok(c.labels.includes('sidecar.istio.io/proxyMemory'));
    assert.ok(!c.labels.includes('proxy.istio.io/config'));
    assert.ok(!c.labels.includes('sidecar.istio.io/proxyCPU'));
  });

  it('replaces only the key when the line already has a value', () => {
    const c = complete(deployment('        sidecar.istio.io/proxyC|: 100m'));
    assert.equal(c.item('sidecar.istio.io/proxyCPU')?.insertText, 'sidecar.istio.io/proxyCPU');
    assert.equal(c.replaced('sidecar.istio.io/proxyCPU'), 'sidecar.istio.io/proxyC');
  });

  it('offers what belongs on the object’s own metadata: Service annotations, Namespace labels', () => {
    const svc = complete('apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n    net|\nspec:\n  ports: []\n');
    assert.ok(svc.labels.includes('networking.istio.io/exportTo'));
    assert.ok(!svc.labels.includes('sidecar.istio.io/proxyCPU'));
    const ns = complete('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    |\n');
    assert.ok(ns.labels.includes('istio-injection'));
    assert.ok(ns.labels.includes('istio.io/rev'));
    assert.ok(!ns.labels.includes('sidecar.istio.io/inject'));
  });

  it('follows the profile: Istio 0.2 read the inject annotation on the Deployment itself', () => {
    const own = '  annotations:\n    |\n';
    assert.ok(complete(deployment('        a: b', own), 'legacy-0.2').labels.includes('sidecar.istio.io/inject'));
    assert.ok(!complete(deployment('        a: b', own), 'native').labels.includes('sidecar.istio.io/inject'));
    const legacyTemplate = complete(deployment('        |'), 'legacy-0.2');
    assert.ok(!legacyTemplate.labels.includes('sidecar.istio.io/inject'));
    assert.equal(legacyTemplate.item('proxy.istio.io/config')?.deprecated, undefined);
  });

  it('knows the CronJob pod template and pod labels', () => {
    const cron = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          labels:
            sid|
`;
    assert.ok(complete(cron).labels.includes('sidecar.istio.io/inject'));
  });
});

describe('completionsAt: values', () => {
  it('offers "true" and "false" as quoted strings for the inject annotation and label', () => {
    const c = complete(deployment('        sidecar.istio.io/inject: |'));
    assert.deepEqual(c.labels, ['true', 'false']);
    assert.equal(c.item('true')?.insertText, '"true"');
    const typed = complete(deployment('        sidecar.istio.io/inject: "t|'));
    assert.equal(typed.item('true')?.insertText, '"true"');
    assert.equal(typed.item('true')?.filterText, '"true');
    assert.equal(typed.replaced('true'), '"t');
    const single = complete(deployment("        sidecar.istio.io/inject: 'f|'"));
    assert.equal(single.item('false')?.insertText, "'false'");
    assert.equal(single.replaced('false'), "'f'");
  });

  it('offers enum values, plain when YAML reads them back as strings', () => {
    const ns = complete('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: |\n');
    assert.deepEqual(ns.labels, ['enabled', 'disabled']);
    assert.equal(ns.item('enabled')?.insertText, 'enabled');
    const mode = complete(deployment('        sidecar.istio.io/interceptionMode: T|'));
    assert.deepEqual(mode.labels, ['REDIRECT', 'TPROXY', 'NONE']);
    assert.equal(mode.replaced('TPROXY'), 'T');
  });

  it('offers nothing for free text or unknown keys', () => {
    assert.deepEqual(complete(deployment('        sidecar.istio.io/proxyImage: |')).labels, []);
    assert.deepEqual(complete(deployment('        example.com/thing: |')).labels, []);
  });
});

describe('completionsAt: Service port names', () => {
  const svc = (ports: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    app: s\n  ports:\n${ports}\n`;

  it('offers the protocols a port name starts with, on the first or a later line of the item', () => {
    const first = complete(svc('    - name: |\n      port: 80'));
    assert.ok(first.labels.includes('http'));
    assert.ok(first.labels.includes('grpc-web'));
    assert.ok(!first.labels.includes('udp'));
    const later = complete(svc('    - port: 80\n      targetPort: 8080\n      name: ht|'));
    assert.ok(later.labels.includes('http2'));
    assert.equal(later.replaced('http2'), 'ht');
    const dashAtParent = complete('apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - name: |\n');
    assert.ok(dashAtParent.labels.includes('tcp'));
  });

  it('offers the 0.2 guide’s protocols in legacy-0.2', () => {
    const legacy = complete(svc('    - name: |'), 'legacy-0.2');
    assert.deepEqual(legacy.labels, ['http', 'http2', 'grpc', 'mongo', 'redis', 'tcp']);
  });

  it('does not offer protocols for other names', () => {
    assert.deepEqual(complete(svc('    - port: 80\n      targetPort: |')).labels, []);
    const deploymentPort = complete(deployment('        a: b').replace('        - name: reviews', '        - name: |'));
    assert.deepEqual(deploymentPort.labels, []);
  });
});
