import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CompletionList, Hover, Location, Position, TextEdit } from 'vscode-languageserver-protocol/node';
import { RULES } from '../unit/editorHelp/istioSupport';
import { serverPath, TestClient } from './lspClient';

const MESH = `apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: default}
spec:
  selector: {app: reviews}
  ports: [{name: http, port: 9080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-v1, namespace: default}
spec:
  template:
    metadata:
      labels: {app: reviews, version: v1}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-v2, namespace: default}
spec:
  template:
    metadata:
      labels: {app: reviews, version: v2}
`;

const VS = `apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: reviews
  namespace: default
spec:
  hosts: [reviews]
  http:
    - route:
        - destination:
            host: reviews
            subset: v1
          weight: 50
        - destination:
            host: reviews
            subset: v2
          weight: 50
`;

const MESH_URI = 'file:///virtual/istio/mesh.yaml';
const DR_URI = 'file:///virtual/istio/dr.yaml';
const VS_URI = 'file:///virtual/istio/vs.yaml';

/** The position of the n-th occurrence (0-based) of `needle` in `text`, plus `shift` characters. */
function positionOf(text: string, needle: string, n = 0, shift = 0): Position {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1);
  }
  assert.ok(at >= 0, `${needle} not in the text`);
  const before = text.slice(0, at + shift);
  return { line: before.split('\n').length - 1, character: before.length - (before.lastIndexOf('\n') + 1) };
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const offset = (p: Position): number => text.split('\n').slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((out, e) => out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end)), text);
}

describe('Istio editor help over LSP', { skip: fs.existsSync(serverPath) ? false : 'dist/server.js missing: run npm run build' }, () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient();
    client.settings = { profile: 'native' };
    await client.initialize();
    await client.open(MESH_URI, MESH);
    await client.open(DR_URI, RULES);
    await client.open(VS_URI, VS);
  });
  after(() => client.close());

  it('completes a destination host and its subsets from the other files', async () => {
    const typed = VS.replace('            host: reviews\n            subset: v2', '            host: \n            subset: v2');
    await client.change(VS_URI, typed, 2);
    const hosts = (await client.connection.sendRequest('textDocument/completion', {
      textDocument: { uri: VS_URI },
      position: positionOf(typed, 'host: ', 1, 'host: '.length),
    })) as CompletionList;
    const reviews = hosts.items.find((i) => i.label === 'reviews');
    assert.equal(reviews?.detail, 'Service default/reviews');
    assert.ok(hosts.items.some((i) => i.label === 'reviews.default.svc.cluster.local'));
    await client.change(VS_URI, VS, 3);
    const subsets = (await client.connection.sendRequest('textDocument/completion', {
      textDocument: { uri: VS_URI },
      position: positionOf(VS, 'subset: v2', 0, 'subset: '.length),
    })) as CompletionList;
    assert.deepEqual(subsets.items.map((i) => i.label), ['v1', 'v2']);
  });

  it('hovers a host with its Service and a subset with its pods', async () => {
    const host = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: VS_URI },
      position: positionOf(VS, 'host: reviews', 0, 'host: re'.length),
    })) as Hover;
    assert.match(JSON.stringify(host.contents), /Service default\/reviews/);
    const subset = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: VS_URI },
      position: positionOf(VS, 'subset: v2', 0, 'subset: v'.length),
    })) as Hover;
    assert.match(JSON.stringify(subset.contents), /Pods:\*\* 1 — Deployment reviews-v2/);
  });

  it('goes to the DestinationRule subset and to the Service', async () => {
    const subset = (await client.connection.sendRequest('textDocument/definition', {
      textDocument: { uri: VS_URI },
      position: positionOf(VS, 'subset: v2', 0, 'subset: v'.length),
    })) as Location[];
    assert.deepEqual(subset, [{ uri: DR_URI, range: { start: positionOf(RULES, 'v2', 0), end: positionOf(RULES, 'v2', 0, 2) } }]);
    const host = (await client.connection.sendRequest('textDocument/definition', {
      textDocument: { uri: VS_URI },
      position: positionOf(VS, 'host: reviews', 0, 'host: '.length),
    })) as Location[];
    assert.equal(host[0]?.uri, MESH_URI);
    assert.deepEqual(host[0]?.range.start, positionOf(MESH, 'reviews'));
  });

  it('shows the traffic split of a route in a CodeLens', async () => {
    const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: VS_URI } })) as {
      range: { start: Position };
      command?: { title: string };
    }[];
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title]),
      [[8, 'reviews: v1 50 %, v2 50 %']],
    );
  });

  it('adds a missing subset to the DestinationRule of another file with a quick fix', async () => {
    const v3 = VS.replace('subset: v2', 'subset: v3');
    await client.change(VS_URI, v3, 4);
    const diagnostics = await client.diagnostics(VS_URI);
    const missing = diagnostics.find((d) => d.code === 'vs-destination-subset-exists');
    assert.ok(missing, JSON.stringify(diagnostics));
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: VS_URI },
      range: missing.range,
      context: { diagnostics: [missing] },
    })) as CodeAction[];
    const add = actions.find((a) => a.title === "Add subset 'v3' to DestinationRule reviews");
    assert.ok(add?.edit?.changes, JSON.stringify(actions.map((a) => a.title)));
    assert.deepEqual(Object.keys(add.edit.changes), [DR_URI]);
    const fixed = applyEdits(RULES, add.edit.changes[DR_URI] ?? []);
    assert.equal(fixed, `${RULES}    - name: v3\n      labels:\n        version: v3\n`);
    await client.change(DR_URI, fixed, 2);
    assert.deepEqual((await client.diagnostics(VS_URI)).filter((d) => d.code === 'vs-destination-subset-exists'), []);
  });
});
