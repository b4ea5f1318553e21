import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { serverPath, TestClient } from './lspClient';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ratings-v1
  namespace: shop
spec:
  selector:
    matchLabels:
      app: ratings
  template:
    metadata:
      labels:
        app: ratings
        version: v1
    spec:
      containers:
        - name: ratings # the app
          image: example/ratings:1
          ports:
            - containerPort: 9080
`;

const NAMESPACE = (label: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: ${label}
`;

interface Lens {
  range: { start: { line: number } };
  command?: { title: string; command: string; arguments?: unknown[] };
}

describe('injection over LSP', { skip: fs.existsSync(serverPath) ? false : 'dist/server.js missing: run npm run build' }, () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient();
    client.settings = { profile: 'native' };
    await client.initialize();
  });
  after(() => client.close());

  it('previews the injected workload in the minimal style, comments kept, source untouched', async () => {
    const uri = 'file:///virtual/deploy.yaml';
    await client.open(uri, DEPLOYMENT);
    const r = (await client.connection.sendRequest('istio/previewInjection', { uri })) as { ok: boolean; text: string; profile: string };
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.profile, 'native');
    assert.match(r.text, /# the app/);
    const [doc] = parseAllDocuments(r.text);
    const obj = doc?.toJS() as { spec: { template: { spec: { initContainers: { name: string; restartPolicy?: string }[] } } } };
    const proxy = obj.spec.template.spec.initContainers.find((c) => c.name === 'istio-proxy');
    assert.equal(proxy?.restartPolicy, 'Always', 'native layout: istio-proxy is a native sidecar');
  });

  it('reports an injection error instead of throwing', async () => {
    const uri = 'file:///virtual/bad-anno.yaml';
    await client.open(uri, DEPLOYMENT.replace('      labels:\n        app', '      annotations:\n        sidecar.istio.io/proxyCPU: "lots"\n      labels:\n        app'));
    const r = (await client.connection.sendRequest('istio/previewInjection', { uri })) as { ok: boolean; error?: string };
    assert.equal(r.ok, false);
    assert.match(r.error ?? '', /proxyCPU/);
  });

  it('explains the injection decision in a CodeLens, following the namespace across files', async () => {
    const uri = 'file:///virtual/lens.yaml';
    await client.open(uri, DEPLOYMENT);
    const lenses = async (): Promise<Lens[]> =>
      (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as Lens[];
    const first = await lenses();
    assert.match(first[0]?.command?.title ?? '', /^Sidecar: depends on the cluster — namespace shop is not in the workspace/);
    assert.equal(first[1]?.command?.command, 'istio.previewWorkloadInjection');
    assert.equal(first[0]?.range.start.line, 1, 'the lens sits on the kind line');

    await client.open('file:///virtual/ns.yaml', NAMESPACE('enabled'));
    assert.match((await lenses())[0]?.command?.title ?? '', /^Sidecar: injected — namespace shop is labelled istio-injection=enabled/);
    await client.change('file:///virtual/ns.yaml', NAMESPACE('disabled'), 2);
    assert.match((await lenses())[0]?.command?.title ?? '', /^Sidecar: not injected — namespace shop is labelled istio-injection=disabled/);
  });

  it('follows the 0.2 policy table in legacy-0.2', async () => {
    const uri = 'file:///virtual/legacy.yaml';
    client.settings = { profile: 'legacy-0.2', injection: { injectConfig: { policy: 'disabled' } } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.open(uri, DEPLOYMENT);
    const lens = ((await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as Lens[])[0];
    assert.match(lens?.command?.title ?? '', /^Sidecar: not injected — policy disabled, annotation omitted/);
    client.settings = { profile: 'native' };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });
});
