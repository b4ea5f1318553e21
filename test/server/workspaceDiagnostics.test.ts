import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, FileChangeType } from 'vscode-languageserver-protocol/node';
import type { PreviousResultId, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver-protocol/node';
import { serverPath, TestClient, type WorkspacePull } from './lspClient';

const service = (portName: string): string =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: reviews\n  namespace: shop\nspec:\n  selector:\n    app: reviews\n  ports:\n    - ${portName}port: 9080\n`;
const deployment = (name: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  template:\n    metadata:\n      labels:\n        app: ${name}\n        version: v1\n    spec:\n      containers:\n        - name: ${name}\n          image: ${name}:1\n`;

/** Guards a pull the server holds: a bug that never answers fails the test instead of hanging it. */
function within<T>(p: Promise<T>, what: string, ms = 15_000): Promise<T> {
  return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer to ${what} within ${ms} ms`)), ms).unref())]);
}

const reports = (pull: WorkspacePull): WorkspaceDocumentDiagnosticReport[] => [...pull.streamed, ...pull.final];
const idsOf = (pull: WorkspacePull, before: PreviousResultId[] = []): PreviousResultId[] => {
  const ids = new Map(before.map((p) => [p.uri, p.value]));
  for (const r of reports(pull)) {
    if (r.resultId === undefined) {
      ids.delete(r.uri);
    } else {
      ids.set(r.uri, r.resultId);
    }
  }
  return [...ids].map(([uri, value]) => ({ uri, value }));
};
const codes = (r: WorkspaceDocumentDiagnosticReport | undefined): string[] =>
  r && r.kind === 'full' ? r.items.map((d) => String(d.code)).sort() : [];

describe('workspace diagnostics over stdio', { skip: fs.existsSync(serverPath) ? false : 'dist/server.js missing: run npm run build' }, () => {
  let client: TestClient;
  let dir: string;
  const uri = (rel: string): string => pathToFileURL(path.join(dir, rel)).toString();
  const byUri = (pull: WorkspacePull): Map<string, WorkspaceDocumentDiagnosticReport> => new Map(reports(pull).map((r) => [r.uri, r]));
  let ids: PreviousResultId[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-wsdiag-'));
    fs.writeFileSync(path.join(dir, 'svc.yaml'), service(''));
    fs.writeFileSync(path.join(dir, 'deploy.yaml'), deployment('reviews'));
    fs.writeFileSync(path.join(dir, 'lonely.yaml'), deployment('ratings'));
    fs.writeFileSync(path.join(dir, 'notes.yaml'), 'just: some\nother: yaml\n');
    fs.mkdirSync(path.join(dir, 'gen'));
    fs.writeFileSync(path.join(dir, 'gen', 'skip.yaml'), service(''));
    client = new TestClient();
    client.settings = { profile: 'legacy-0.2', exclude: ['**/gen/**'] };
    await client.initialize(dir);
  });

  after(async () => {
    await client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports files that were never opened, streamed as partial results, and leaves excluded files out', async () => {
    const pull = await within(client.workspaceDiagnostics(), 'the first pull');
    assert.ok(pull.streamed.length > 0, 'reports come as partial results when the client gives a token');
    assert.deepEqual(pull.final, [], 'what was streamed is not sent again');
    const got = byUri(pull);
    assert.deepEqual([...got.keys()].sort(), [uri('deploy.yaml'), uri('lonely.yaml'), uri('notes.yaml'), uri('svc.yaml')].sort());
    assert.ok([...got.values()].every((r) => r.kind === 'full' && r.resultId !== undefined && r.version === null));
    assert.deepEqual(codes(got.get(uri('svc.yaml'))), ['svc-port-named']);
    assert.deepEqual(codes(got.get(uri('lonely.yaml'))), ['workload-has-service']);
    assert.deepEqual(codes(got.get(uri('notes.yaml'))), []);
    ids = idsOf(pull);
  });

  it('holds a pull with nothing new, then re-reports only the files an edit can change', async () => {
    const pending = client.workspaceDiagnostics(ids);
    fs.writeFileSync(path.join(dir, 'svc.yaml'), service('name: http-reviews\n      '));
    fs.writeFileSync(path.join(dir, 'gen', 'new.yaml'), service(''));
    fs.mkdirSync(path.join(dir, 'node_modules', 'dep'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules', 'dep', 'svc.yaml'), service(''));
    await client.watchedFiles([
      { uri: uri('svc.yaml'), type: FileChangeType.Changed },
      { uri: uri('gen/new.yaml'), type: FileChangeType.Created },
      { uri: uri('node_modules/dep/svc.yaml'), type: FileChangeType.Created },
    ]);
    const pull = await within(pending, 'the pull held until the edit');
    const got = byUri(pull);
    assert.deepEqual(codes(got.get(uri('svc.yaml'))), [], 'the edited file is reported again, fixed');
    assert.equal(got.get(uri('svc.yaml'))?.kind, 'full');
    // The Deployment the Service selects depends on it: looked at again, its findings are the same.
    assert.equal(got.get(uri('deploy.yaml'))?.kind, 'unchanged', JSON.stringify(pull));
    assert.equal(got.has(uri('notes.yaml')), false, 'a file that depends on nothing edited is not reported');
    assert.equal(got.has(uri('lonely.yaml')), false, 'a workload no edited Service selects is not reported');
    assert.equal(got.has(uri('gen/new.yaml')), false, 'excluded files stay out when they appear later');
    assert.equal(got.has(uri('node_modules/dep/svc.yaml')), false, 'so do files of folders the scan skips');
    ids = idsOf(pull, ids);
  });

  it('clears a file deleted from disk', async () => {
    const pending = client.workspaceDiagnostics(ids);
    fs.rmSync(path.join(dir, 'lonely.yaml'));
    await client.watchedFiles([{ uri: uri('lonely.yaml'), type: FileChangeType.Deleted }]);
    const got = byUri(await within(pending, 'the pull after the delete'));
    const gone = got.get(uri('lonely.yaml'));
    assert.ok(gone?.kind === 'full' && gone.items.length === 0 && gone.resultId === undefined, JSON.stringify(gone));
    ids = idsOf({ streamed: [], final: [...got.values()] }, ids);
  });

  it('leaves open files to document pulls', async () => {
    await client.open(uri('deploy.yaml'), deployment('reviews').replace('version: v1', 'version: v2'));
    const got = byUri(await within(client.workspaceDiagnostics(), 'a pull with an open file'));
    assert.equal(got.has(uri('deploy.yaml')), false);
    assert.ok(got.has(uri('svc.yaml')));
  });

  it('sends a file closed without saving in full, from disk, whatever the result id the client has', async () => {
    const pending = client.workspaceDiagnostics(ids);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri('deploy.yaml') } });
    const got = byUri(await within(pending, 'the pull after the close'));
    const closed = got.get(uri('deploy.yaml'));
    assert.ok(closed?.kind === 'full', 'what the client shows came from the editor text: it is replaced');
    assert.equal(closed.resultId, ids.find((i) => i.uri === uri('deploy.yaml'))?.value, 'the same diagnostics as before it was opened');
    ids = idsOf({ streamed: [], final: [...got.values()] }, ids);
  });

  it('a restarted server reports files whose diagnostics are the same as unchanged', async () => {
    const fresh = new TestClient();
    fresh.settings = client.settings;
    try {
      await fresh.initialize(dir);
      const pull = await within(fresh.workspaceDiagnostics(ids), 'a pull of a restarted server');
      const got = byUri(pull);
      assert.deepEqual([...got.keys()].sort(), ids.map((i) => i.uri).sort());
      assert.ok([...got.values()].every((r) => r.kind === 'unchanged'), JSON.stringify(reports(pull)));
    } finally {
      await fresh.close();
    }
  });

  it('with istio.diagnostics.scope openFiles, clears what the workspace report showed and reports nothing', async () => {
    const pending = client.workspaceDiagnostics(ids);
    client.settings = { ...client.settings, diagnostics: { scope: 'openFiles' } };
    await client.configurationChanged();
    const got = byUri(await within(pending, 'the pull after the scope changed'));
    assert.deepEqual([...got.keys()].sort(), ids.map((i) => i.uri).sort());
    assert.ok([...got.values()].every((r) => r.kind === 'full' && r.items.length === 0));
    // Nothing is in scope now: a new pull is held until cancelled, and then answers nothing.
    const cancel = new CancellationTokenSource();
    const held = client.workspaceDiagnostics([], cancel.token);
    await client.diagnostics(uri('deploy.yaml')); // a round trip: the held pull has been received
    cancel.cancel();
    const pull: WorkspacePull | Error = await within(held, 'the cancelled pull').catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    assert.ok(pull instanceof Error ? !/no answer/.test(pull.message) : reports(pull).length === 0, String(pull));
  });
});

describe('the workspace the server reads, as the CLI reads it', { skip: fs.existsSync(serverPath) ? false : 'dist/server.js missing: run npm run build' }, () => {
  it('follows symlinked files and folders, reads JSON manifests, and skips a FIFO with a notice', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-wsfiles-'));
    const client = new TestClient();
    try {
      fs.mkdirSync(path.join(dir, 'real'));
      fs.writeFileSync(path.join(dir, 'real', 'svc.yaml'), service(''));
      fs.writeFileSync(path.join(dir, 'real', 'svc.json'), JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'j' }, spec: { ports: [{ port: 81 }] } }));
      fs.mkdirSync(path.join(dir, 'ws'));
      fs.symlinkSync('../real', path.join(dir, 'ws', 'linked'));
      fs.symlinkSync('../real/svc.yaml', path.join(dir, 'ws', 'one.yaml'));
      fs.symlinkSync('.', path.join(dir, 'ws', 'loop'));
      execFileSync('mkfifo', [path.join(dir, 'ws', 'pipe.yaml')]);
      await client.initialize(path.join(dir, 'ws'));
      const pull = await within(client.workspaceDiagnostics(), 'the first pull');
      const got = new Map(reports(pull).map((r) => [path.relative(path.join(dir, 'ws'), new URL(r.uri).pathname), codes(r)]));
      assert.deepEqual([...got].sort(), [
        ['linked/svc.json', ['svc-port-named']],
        ['linked/svc.yaml', ['svc-port-named']],
        ['one.yaml', ['svc-port-named']],
      ]);
      const logged = client.logs.map((l) => l.message).join('\n');
      assert.match(logged, /pipe\.yaml is a FIFO \(named pipe\), not a regular file, so it is skipped without being read/);
      assert.match(logged, /loop is a symbolic link to a folder it is in \(a loop\), so it is not followed/);
    } finally {
      await client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
