import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completionsAt } from '../../../server/src/core/editorHelp/completion';
import { hoverAt } from '../../../server/src/core/editorHelp/hover';
import { istioDefinitionAt } from '../../../server/src/core/editorHelp/istioDefinition';
import { routeLenses } from '../../../server/src/core/editorHelp/routeLens';
import { EDITED_URI, inMesh, MESH, MESH_URI, RULES, RULES_URI, vs } from './istioSupport';

function hover(text: string) {
  const { entry, offset, ws } = inMesh(text);
  const h = hoverAt(entry, offset, 'native', ws);
  return { markdown: h?.markdown ?? '', covered: h ? entry.text.slice(h.span.start, h.span.end) : undefined };
}

/** The text each definition target points at, as `uri: text`. */
function definitions(text: string): string[] {
  const { entry, offset, ws } = inMesh(text);
  const files: Record<string, string> = { [MESH_URI]: MESH, [RULES_URI]: RULES, [entry.uri]: entry.text };
  return istioDefinitionAt(entry, offset, ws).map((t) => `${t.uri}: ${(files[t.uri] ?? '').slice(t.span.start, t.span.end)}`);
}

const dest = (fields: string): string => vs(`  hosts: [reviews]\n  http:\n    - route:\n        - destination: ${fields}\n`);

describe('Istio hover', () => {
  it('resolves a destination host to its Service, with namespace and ports, in flow style too', () => {
    const h = hover(dest('{host: revi|ews, subset: v1}'));
    assert.equal(h.covered, 'reviews');
    assert.match(h.markdown, /\*\*reviews\.default\.svc\.cluster\.local\*\* — Service default\/reviews/);
    assert.match(h.markdown, /Ports:\*\* 9080 \(http\), 9090 \(grpc-admin\)/);
    assert.match(hover(dest('{host: api.exa|mple.com}')).markdown, /ServiceEntry default\/external-api[\s\S]*443 \(https\)[\s\S]*DNS/);
    assert.match(hover(dest('{host: nowh|ere}')).markdown, /no Service or ServiceEntry visible from namespace default/);
  });

  it('resolves a subset to its labels and the pods it selects (the Service’s namespace only)', () => {
    const h = hover(dest('{host: reviews, subset: v|1}'));
    assert.equal(h.covered, 'v1');
    assert.match(h.markdown, /subset of DestinationRule default\/reviews/);
    assert.match(h.markdown, /Labels:\*\* `version=v1`/);
    assert.match(h.markdown, /Pods:\*\* 1 — Deployment reviews-v1$/m);
    assert.match(hover(dest('{host: reviews, subset: v|9}')).markdown, /no DestinationRule for reviews visible here defines this subset/);
  });

  it('describes a gateway reference and mesh', () => {
    assert.match(hover(vs('  gateways: [istio-system/pub|lic]\n')).markdown, /Gateway istio-system\/public[\s\S]*istio=ingressgateway[\s\S]*443 HTTPS/);
    assert.match(hover(vs('  gateways:\n    - me|sh\n')).markdown, /sidecars of the mesh/);
  });

  it('gives nothing on other values, keys, and broken shapes', () => {
    assert.equal(hover(vs('  http:\n    - timeout: 1|0s\n')).covered, undefined);
    assert.equal(hover(dest('{ho|st: reviews}')).covered, undefined);
    assert.equal(hover(dest('[host, rev|iews]')).covered, undefined);
  });
});

describe('Istio go to definition', () => {
  it('goes from a destination host to the Service, from a ServiceEntry host to its entry', () => {
    assert.deepEqual(definitions(dest('{host: reviews.default.svc.cluster.lo|cal}')), [`${MESH_URI}: reviews`]);
    assert.deepEqual(definitions(dest('{host: api.example.c|om}')), [`${MESH_URI}: api.example.com`]);
    assert.deepEqual(definitions(dest('{host: nowh|ere}')), []);
  });

  it('goes from a subset to the DestinationRule subset entry, and from a gateway to the Gateway', () => {
    const [target] = definitions(dest('{host: reviews, subset: v|2}'));
    assert.equal(target, `${RULES_URI}: v2`);
    const { entry, offset, ws } = inMesh(dest('{host: reviews, subset: v|2}'));
    const span = istioDefinitionAt(entry, offset, ws)[0]?.span;
    assert.equal(RULES.slice(0, span?.start).split('\n').length, 12, 'the second subset’s name line');
    assert.deepEqual(definitions(vs('  gateways: [bookinfo-gate|way]\n')), [`${MESH_URI}: bookinfo-gateway`]);
    assert.deepEqual(definitions(vs('  gateways: [me|sh]\n')), []);
  });
});

describe('Istio hover: DestinationRule subsets and ports', () => {
  it('describes a subset on its DestinationRule entry, and a destination port', () => {
    const { entry, offset, ws } = inMesh(RULES.replace('- name: v2', '- name: v|2'), { [MESH_URI]: MESH });
    assert.match(hoverAt(entry, offset, 'native', ws)?.markdown ?? '', /Pods:\*\* 1 — Deployment reviews-v2/);
    assert.match(hover(dest('{host: reviews, port: {number: 90|90}}')).markdown, /\*\*9090\*\* \(grpc-admin\) — port of Service reviews/);
    assert.match(hover(dest('{host: reviews, port: {number: 70|70}}')).markdown, /has no such port \(it serves 9080, 9090\)/);
    assert.match(hover(vs('  http:\n    - mirrors:\n        - destination: {host: reviews, subset: v|2}\n')).markdown, /Deployment reviews-v2/);
  });
});

describe('Istio editor help on broken input', () => {
  it('never throws, at any offset of any prefix of a VirtualService', () => {
    const text = dest('{host: reviews, subset: v1, port: {number: 9080}}') + '      mirror: {host: "api.example.com"}\n  gateways: [mesh, istio-system/public]\n';
    const { ws } = inMesh('|');
    for (let cut = 0; cut <= text.length; cut += 5) {
      const entry = ws.index.set(EDITED_URI, text.slice(0, cut));
      for (let offset = 0; offset <= cut; offset += 2) {
        hoverAt(entry, offset, 'native', ws);
        completionsAt(entry, offset, 'native', ws);
        istioDefinitionAt(entry, offset, ws);
      }
      routeLenses(entry, 'default');
    }
  });
});
