import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Connection, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver/node';
import { CancellationToken, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MeshService } from '../../../server/src/core/service';
import { LspContext } from '../../../server/src/lsp/context';
import { SettingsCache } from '../../../server/src/lsp/settings';
import { WorkspaceDiagnostics } from '../../../server/src/lsp/workspaceDiagnostics';
import { WorkspaceScope } from '../../../server/src/lsp/workspaceScope';

const DEPLOY =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels:\n' +
  '        app: web\n        version: v1\n    spec:\n      containers:\n        - name: web\n          image: web:1\n';
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - name: http\n      port: 80\n';

/** The workspace report while the scan reads files in, with a fake scan driven by the test. */
describe('workspace diagnostics during the scan', () => {
  it('streams new files as they are read, and once the scan is done re-reports those whose findings changed', async () => {
    const service = new MeshService();
    const settings = new SettingsCache({} as Connection, () => false);
    settings.setFallback({ profile: 'legacy-0.2' });
    const ctx = new LspContext(service, new TextDocuments(TextDocument), settings);
    let scanning = true;
    const wd = new WorkspaceDiagnostics({
      ctx,
      scope: new WorkspaceScope(() => ['file:///ws'], settings),
      isOpen: () => false,
      scanning: () => scanning,
    });
    const streamed: WorkspaceDocumentDiagnosticReport[][] = [];
    service.setFile('file:///ws/deploy.yaml', DEPLOY);
    const done = wd.pull({ previousResultIds: [] }, CancellationToken.None, { report: (p) => streamed.push(p.items) });
    const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
    await tick();
    // The scan reads the Service: the Deployment now has one, but it is looked at again only when the scan ends.
    service.setFile('file:///ws/svc.yaml', SERVICE);
    wd.changed();
    await tick();
    const during = streamed.flat().map((r) => `${r.uri.slice('file:///ws/'.length)} ${r.kind}`);
    assert.deepEqual(during, ['deploy.yaml full', 'svc.yaml full']);
    scanning = false;
    wd.changed();
    const final = await done;
    assert.deepEqual(final.items, [], 'all was streamed');
    const all = streamed.flat();
    const deploy = all.filter((r) => r.uri === 'file:///ws/deploy.yaml');
    assert.equal(deploy.length, 2, JSON.stringify(all));
    const codes = deploy.map((r) => (r.kind === 'full' ? r.items.map((d) => d.code) : ['unchanged']));
    assert.deepEqual(codes, [['workload-has-service'], []]);
    assert.equal(all.filter((r) => r.uri === 'file:///ws/svc.yaml').length, 1, 'a file sent as it still is is not sent again');
  });

  it('without partial results, answers once the scan is done, with one report per file', async () => {
    const service = new MeshService();
    const settings = new SettingsCache({} as Connection, () => false);
    settings.setFallback({ profile: 'legacy-0.2' });
    const ctx = new LspContext(service, new TextDocuments(TextDocument), settings);
    let scanning = true;
    const wd = new WorkspaceDiagnostics({
      ctx,
      scope: new WorkspaceScope(() => ['file:///ws'], settings),
      isOpen: () => false,
      scanning: () => scanning,
    });
    service.setFile('file:///ws/deploy.yaml', DEPLOY);
    const done = wd.pull({ previousResultIds: [] }, CancellationToken.None);
    await new Promise((r) => setImmediate(r));
    service.setFile('file:///ws/svc.yaml', SERVICE);
    scanning = false;
    wd.changed();
    const { items } = await done;
    assert.deepEqual(
      items.map((r) => `${r.uri.slice('file:///ws/'.length)} ${r.kind} ${r.kind === 'full' ? r.items.length : '-'}`).sort(),
      ['deploy.yaml full 0', 'svc.yaml full 0'],
    );
  });
});
