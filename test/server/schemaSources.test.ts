import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { FAULTY_VS, VS_CRD_YAML } from '../unit/schema/support';
import { serverPath, TestClient } from './lspClient';

// The language server's schema sources for IST0106 beyond the workspace: the bundled schemas, loaded after the first
// diagnostics and then pulled again, and the cluster's CRDs the client sends (istio/clusterCrds), which win over them.

const CRD = parse(VS_CRD_YAML) as unknown;
const URI = 'file:///virtual/vs.yaml';

describe('IST0106 schema sources in the language server', { skip: fs.existsSync(serverPath) ? false : 'dist/server.js missing: run npm run build' }, () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient();
    await client.initialize();
  });
  after(() => client.close());

  const schemaMessages = async (): Promise<string[]> =>
    (await client.diagnostics(URI)).filter((d: Diagnostic) => d.code === 'istio-schema-valid').map((d) => d.message);

  it('the first diagnostics do not wait for the bundled schemas; once loaded, the server asks for a pull again', async () => {
    const opened = client.nextRefresh();
    await client.open(URI, FAULTY_VS);
    await opened; // the refresh an opened document brings: after it, only the load can ask for one
    const loaded = client.nextRefresh();
    assert.deepEqual(await schemaMessages(), [], 'answered before the bundled schemas were loaded (this pull asks for them)');
    await loaded;
    const m = await schemaMessages();
    assert.equal(m.length, 1, JSON.stringify(m));
    assert.match(m[0] ?? '', /`spec\.http\[0\]\.timeout`: expected a string, got the number 5\. Checked against Istio 1\.29's schema \(bundled\)/);
  });

  it("the cluster's CRDs replace them while connected; disconnecting brings them back", async () => {
    let refreshed = client.nextRefresh();
    await client.connection.sendNotification('istio/clusterCrds', { origin: 'context "dev"', crds: [CRD] });
    await refreshed;
    const connected = await schemaMessages();
    assert.equal(connected.length, 2, JSON.stringify(connected));
    assert.match(connected[0] ?? '', /unknown field `hostss`/, 'the CRD flags unknown fields, the bundled schemas do not');
    assert.ok(connected.every((x) => !x.includes('bundled')));
    refreshed = client.nextRefresh();
    await client.connection.sendNotification('istio/clusterCrds', null);
    await refreshed;
    const after = await schemaMessages();
    assert.equal(after.length, 1);
    assert.match(after[0] ?? '', /\(bundled\)/);
    assert.equal(client.stderr, '');
  });
});
