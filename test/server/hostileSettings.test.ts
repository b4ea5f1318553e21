import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { workspaceSummaryRequest, type WorkspaceSummary } from '../../server/src/protocol';
import { TestClient } from './lspClient';

const UNNAMED_PORT = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    app: a\n  ports:\n  - port: 80\n';

describe('language server with hostile exclude patterns', () => {
  let dir: string;
  let client: TestClient;
  const shown: string[] = [];
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-lsp-globs-'));
    fs.writeFileSync(path.join(dir, 'svc.yaml'), UNNAMED_PORT);
    fs.writeFileSync(path.join(dir, 'gen.tmp.yaml'), UNNAMED_PORT.replace('name: s', 'name: t'));
    client = new TestClient();
    client.settings = { exclude: ['{*.tmp.yaml,x}', '{*.tmp'] };
    client.connection.onNotification('window/showMessage', (p: { message: string }) => shown.push(p.message));
    await client.initialize(dir);
  });
  after(async () => {
    await client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads the brace pattern, warns about the broken one by the setting, and keeps serving', async () => {
    assert.ok(client.alive, client.stderr);
    assert.equal(shown.length, 1, shown.join('\n'));
    assert.match(shown[0]!, /^Setting istio\.exclude: the pattern "\{\*\.tmp": "\{" at position 1 is not closed/);
    const diagnostics = await client.diagnostics(pathToFileURL(path.join(dir, 'svc.yaml')).toString());
    assert.ok(diagnostics.some((d) => d.code === 'svc-port-named'));
    const summary: WorkspaceSummary = await client.connection.sendRequest(workspaceSummaryRequest, {});
    assert.equal(summary.files, 1, 'gen.tmp.yaml is excluded by {*.tmp.yaml,x}');
    assert.equal(client.stderr, '');
  });
});
