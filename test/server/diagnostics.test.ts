import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { serverPath, TestClient } from './lspClient';

const UNNAMED = `apiVersion: v1
kind: Service
metadata:
  name: ratings
spec:
  selector:
    app: ratings
  ports:
    - port: 9080
`;

describe('language server over stdio', { skip: fs.existsSync(serverPath) ? false : 'dist/server.js missing: run npm run build' }, () => {
  let client: TestClient;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-lsp-'));
    fs.writeFileSync(path.join(dir, 'bad.yaml'), UNNAMED.replace('ratings', 'on-disk'));
    fs.writeFileSync(path.join(dir, 'notes.yaml'), 'just: some\nother: yaml\n');
    client = new TestClient();
    await client.initialize(dir);
  });

  after(async () => {
    await client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports an unnamed port on the port item, with the rule id and the Istio code', async () => {
    const uri = 'file:///virtual/svc.yaml';
    await client.open(uri, UNNAMED);
    const diags = await client.diagnostics(uri);
    assert.equal(diags.length, 1, JSON.stringify(diags));
    const d = diags[0];
    assert.ok(d);
    assert.equal(d.code, 'svc-port-named');
    assert.equal(d.source, 'istio');
    assert.match(d.message, /IST0118/);
    assert.match(d.message, /<protocol>\[-<suffix>\]/);
    assert.deepEqual(d.range, { start: { line: 8, character: 6 }, end: { line: 8, character: 16 } });
    assert.ok(d.codeDescription?.href.endsWith('/docs/rules/svc-port-named.md'));
  });

  it('drops the finding once the port is named', async () => {
    const uri = 'file:///virtual/edit.yaml';
    await client.open(uri, UNNAMED);
    assert.equal((await client.diagnostics(uri)).length, 1);
    await client.change(uri, UNNAMED.replace('- port: 9080', '- name: http-ratings\n      port: 9080'), 2);
    assert.deepEqual(await client.diagnostics(uri), []);
  });

  it('reads files of the workspace that are not open, and ignores YAML that is not Kubernetes', async () => {
    const onDisk = await client.diagnostics(pathToFileURL(path.join(dir, 'bad.yaml')).toString());
    assert.equal(onDisk.length, 1);
    assert.equal(onDisk[0]?.code, 'svc-port-named');
    assert.deepEqual(await client.diagnostics(pathToFileURL(path.join(dir, 'notes.yaml')).toString()), []);
  });

  it('follows the severity setting of a rule', async () => {
    const uri = 'file:///virtual/sev.yaml';
    client.settings = { rules: { 'svc-port-named': 'error' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.open(uri, UNNAMED);
    const diags = await client.diagnostics(uri);
    assert.equal(diags[0]?.severity, 1);
    client.settings = { rules: { 'svc-port-named': 'off' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(await client.diagnostics(uri), []);
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });

  it('offers quick fixes that rename the port', async () => {
    const uri = 'file:///virtual/fix.yaml';
    await client.open(uri, UNNAMED);
    const [d] = await client.diagnostics(uri);
    assert.ok(d);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    })) as { title: string; isPreferred?: boolean; edit?: { changes: Record<string, { newText: string }[]> } }[];
    const preferred = actions.find((a) => a.isPreferred);
    assert.equal(preferred?.title, 'Name the port "http-9080"');
    assert.equal(preferred?.edit?.changes[uri]?.[0]?.newText, 'name: http-9080\n      ');
    assert.ok(actions.some((a) => a.title === 'Disable svc-port-named for this line'));
  });

  it('follows Services across files: an edit in one file changes another file\'s diagnostics', async () => {
    const svc = (name: string, proto: string) =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  selector:\n    app: cart\n  ports:\n    - name: tcp-main\n      port: 7000\n      protocol: ${proto}\n`;
    const deploy =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\n  namespace: shop\nspec:\n  selector:\n    matchLabels:\n      app: cart\n  template:\n    metadata:\n      labels:\n        app: cart\n        version: v1\n    spec:\n      containers:\n        - name: cart\n          image: cart:1\n';
    const a = 'file:///virtual/cross/svc-a.yaml';
    const b = 'file:///virtual/cross/svc-b.yaml';
    const w = 'file:///virtual/cross/deploy.yaml';
    await client.open(a, svc('cart-tcp', 'TCP'));
    await client.open(b, svc('cart-udp', 'UDP'));
    await client.open(w, deploy);
    const conflict = (await client.diagnostics(w)).find((d) => d.code === 'workload-service-protocols-agree');
    assert.ok(conflict, 'the workload gets the conflict of two Services in other files');
    const relatedUris = (conflict.relatedInformation ?? []).map((r) => r.location.uri).sort();
    assert.deepEqual([...new Set(relatedUris)], [a, b]);
    const refreshed = client.nextRefresh();
    await client.change(b, svc('cart-udp', 'TCP'), 2);
    await refreshed;
    assert.equal((await client.diagnostics(w)).some((d) => d.code === 'workload-service-protocols-agree'), false);
  });
});
