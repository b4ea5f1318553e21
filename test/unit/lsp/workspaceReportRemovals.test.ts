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
  '        app: web\n    spec:\n      containers:\n        - name: web\n          image: web:1\n';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const brief = (reports: readonly WorkspaceDocumentDiagnosticReport[]): string[] =>
  reports.map((r) => `${r.uri.slice(r.uri.lastIndexOf('/') + 1)} ${r.kind === 'full' ? r.items.map((d) => d.code).join(',') || 'none' : 'unchanged'}`);

/** Files that leave the workspace while the client has diagnostics for them: their diagnostics are cleared. */
describe('workspace report of removed files', () => {
  const setup = (scanning: () => boolean) => {
    const service = new MeshService();
    const settings = new SettingsCache({} as Connection, () => false);
    settings.setFallback({ profile: 'legacy-0.2' });
    const ctx = new LspContext(service, new TextDocuments(TextDocument), settings);
    const wd = new WorkspaceDiagnostics({ ctx, scope: new WorkspaceScope(() => ['file:///ws'], settings), isOpen: () => false, scanning });
    return { service, wd };
  };

  it('clears a file removed after the scan at the next pull', async () => {
    const { service, wd } = setup(() => false);
    service.setFile('file:///ws/a.yaml', DEPLOY);
    service.setFile('file:///ws/b.yaml', DEPLOY.replace(/web/g, 'api'));
    const first = (await wd.pull({ previousResultIds: [] }, CancellationToken.None)).items;
    assert.deepEqual(brief(first).sort(), ['a.yaml workload-has-service,workload-version-label', 'b.yaml workload-has-service,workload-version-label']);
    service.removeFile('file:///ws/b.yaml');
    wd.changed();
    const ids = first.map((r) => ({ uri: r.uri, value: r.resultId ?? '' }));
    assert.deepEqual(brief((await wd.pull({ previousResultIds: ids }, CancellationToken.None)).items), ['b.yaml none']);
  });

  it('clears a file removed while the scan reads the others, by the end of the scan', async () => {
    let scanning = true;
    const { service, wd } = setup(() => scanning);
    service.setFile('file:///ws/a.yaml', DEPLOY);
    const streamed: WorkspaceDocumentDiagnosticReport[] = [];
    const done = wd.pull(
      { previousResultIds: [{ uri: 'file:///ws/gone.yaml', value: 'an id the client kept' }] },
      CancellationToken.None,
      { report: (p) => streamed.push(...p.items) },
    );
    await tick();
    service.setFile('file:///ws/b.yaml', DEPLOY.replace(/web/g, 'api'));
    wd.changed();
    await tick();
    scanning = false;
    wd.changed();
    streamed.push(...(await done).items);
    assert.deepEqual(brief(streamed).sort(), ['a.yaml workload-has-service,workload-version-label', 'b.yaml workload-has-service,workload-version-label', 'gone.yaml none']);
  });
});

describe('workspace scope', () => {
  it('finds the folder of a file with the folders as they are now', () => {
    let folders = ['file:///one', 'file:///one/two/'];
    const scope = new WorkspaceScope(() => folders, new SettingsCache({} as Connection, () => false));
    assert.equal(scope.folderOf('file:///one/two/x.yaml'), 'file:///one/two/');
    assert.equal(scope.folderOf('file:///one/x.yaml'), 'file:///one/');
    assert.equal(scope.folderOf('file:///three/x.yaml'), undefined);
    folders = ['file:///three'];
    assert.equal(scope.folderOf('file:///three/x.yaml'), 'file:///three/');
    folders.push('file:///three/four');
    assert.equal(scope.folderOf('file:///three/four/x.yaml'), 'file:///three/four/');
  });
});
