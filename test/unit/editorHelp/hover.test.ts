import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hoverAt } from '../../../server/src/core/editorHelp/hover';
import { withCursor } from './support';

const DEPLOYMENT = (annotations: string, own = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews
${own}spec:
  template:
    metadata:
      annotations:
${annotations}
    spec:
      containers:
        - name: reviews
          image: reviews:1.0
`;

function hover(text: string, profile: 'native' | 'legacy-0.2' = 'native') {
  const { entry, offset } = withCursor(text);
  const h = hoverAt(entry, offset, profile);
  return { h, text: entry.text, covered: h ? entry.text.slice(h.span.start, h.span.end) : undefined };
}

describe('hoverAt', () => {
  it('describes a pod annotation on its key: what it does, where, its values, its deprecation', () => {
    const { h, covered } = hover(DEPLOYMENT('        sidecar.istio.io/in|ject: "true"'));
    assert.ok(h);
    assert.equal(covered, 'sidecar.istio.io/inject');
    assert.match(h.markdown, /\*\*sidecar\.istio\.io\/inject\*\* — Istio annotation/);
    assert.match(h.markdown, /Belongs on:\*\* A Pod or a workload’s pod template/);
    assert.match(h.markdown, /`"true"`, `"false"`/);
    assert.match(h.markdown, /Deprecated\*\*: use the `sidecar\.istio\.io\/inject` label/);
    assert.doesNotMatch(h.markdown, /does not read it/);
  });

  it('warns when the annotation is where the profile does not read it, and follows the profile', () => {
    const own = '  annotations:\n    sidecar.istio.io/inj|ect: "false"\n';
    const native = hover(DEPLOYMENT('        a: b', own));
    assert.match(native.h?.markdown ?? '', /Istio does not read it on Deployment metadata/);
    const legacy = hover(DEPLOYMENT('        a: b', own), 'legacy-0.2');
    assert.doesNotMatch(legacy.h?.markdown ?? '', /does not read it/);
    assert.doesNotMatch(legacy.h?.markdown ?? '', /Deprecated/);
    const onTemplate = hover(DEPLOYMENT('        sidecar.istio.io/inj|ect: "false"'), 'legacy-0.2');
    assert.match(onTemplate.h?.markdown ?? '', /does not read it on the pod template/);
  });

  it('explains what is wrong with a value under the cursor', () => {
    const { h, covered } = hover(DEPLOYMENT('        traffic.sidecar.istio.io/includeInboundPorts: "80,h|ttp"'));
    assert.equal(covered, '"80,http"');
    assert.match(h?.markdown ?? '', /⚠ `80,http`: "http" is not a port number/);
  });

  it('describes Istio labels, e.g. istio-injection on a Namespace', () => {
    const { h } = hover('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-inj|ection: enabled\n');
    assert.match(h?.markdown ?? '', /\*\*istio-injection\*\* — Istio label/);
    assert.match(h?.markdown ?? '', /`"enabled"`, `"disabled"`/);
  });

  it('says an unknown name in Istio’s namespace is ignored, and stays quiet on other projects’ annotations', () => {
    const unknown = hover(DEPLOYMENT('        sidecar.istio.io/inj|et: "true"'));
    assert.match(unknown.h?.markdown ?? '', /not an annotation Istio knows/);
    assert.equal(hover(DEPLOYMENT('        prometheus.io/scr|ape: "true"')).h, undefined);
  });

  it('tells which protocol Istio reads from a Service port name', () => {
    const svc = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n    - port: 80\n      name: ${name}\n`;
    assert.match(hover(svc('grpc-web-u|i')).h?.markdown ?? '', /protocol `grpc-web`/);
    assert.match(hover(svc('http2f|oo')).h?.markdown ?? '', /no protocol Istio knows/);
    assert.match(hover(svc('htt|ps')).h?.markdown ?? '', /protocol `https`/);
    assert.match(hover(svc('htt|ps'), 'legacy-0.2').h?.markdown ?? '', /no protocol Istio knows/);
  });

  it('has nothing to say elsewhere', () => {
    assert.equal(hover(DEPLOYMENT('        a: b').replace('name: reviews', 'na|me: reviews')).h, undefined);
    assert.equal(hover('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  sidecar.istio.io/inj|ect: "true"\n').h, undefined);
  });
});
