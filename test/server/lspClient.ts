import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MessageConnection } from 'vscode-languageserver-protocol/node';
import {
  createMessageConnection,
  DiagnosticRefreshRequest,
  DocumentDiagnosticRequest,
  InitializeRequest,
  InitializedNotification,
  StreamMessageReader,
  StreamMessageWriter,
  WorkspaceDiagnosticRequest,
} from 'vscode-languageserver-protocol/node';
import type {
  CancellationToken,
  ClientCapabilities,
  Diagnostic,
  FileEvent,
  FullDocumentDiagnosticReport,
  PreviousResultId,
  WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver-protocol/node';

/** What one workspace pull answered: the reports streamed as partial results, then the final response's. */
export interface WorkspacePull {
  readonly streamed: WorkspaceDocumentDiagnosticReport[];
  readonly final: WorkspaceDocumentDiagnosticReport[];
}

export const repoRoot = path.resolve(__dirname, '..', '..');
export const serverPath = path.join(repoRoot, 'dist', 'server.js');

/** A real LSP client talking JSON-RPC to `node dist/server.js --stdio`. */
export class TestClient {
  readonly connection: MessageConnection;
  private readonly proc: ChildProcess;
  private refreshWaiters: (() => void)[] = [];
  private partialTokens = 0;
  settings: Record<string, unknown> = {};
  stderr = '';
  /** Every `window/logMessage` the server sent. */
  readonly logs: { type: number; message: string }[] = [];

  /** `args`: what node runs (default `dist/server.js --stdio`), e.g. a launcher that wraps the server. */
  constructor(args: readonly string[] = [serverPath, '--stdio']) {
    this.proc = spawn(process.execPath, [...args], { stdio: ['pipe', 'pipe', 'pipe'], cwd: repoRoot });
    this.proc.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    const stdout = this.proc.stdout;
    const stdin = this.proc.stdin;
    if (!stdout || !stdin) {
      throw new Error('server process has no stdio');
    }
    this.connection = createMessageConnection(new StreamMessageReader(stdout), new StreamMessageWriter(stdin));
    this.connection.onRequest(DiagnosticRefreshRequest.type, () => {
      const waiters = this.refreshWaiters;
      this.refreshWaiters = [];
      waiters.forEach((w) => w());
    });
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/logMessage', (p: { type: number; message: string }) => this.logs.push(p));
    this.connection.listen();
  }

  /** `scanTimeoutMs`: how long the background scan of the folder may take (it ends with a refresh request). */
  async initialize(workspaceFolder?: string, scanTimeoutMs = 10_000): Promise<void> {
    const capabilities: ClientCapabilities = {
      workspace: { configuration: true, diagnostics: { refreshSupport: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
      textDocument: { diagnostic: { dynamicRegistration: false }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } },
    };
    const folders = workspaceFolder ? [{ uri: pathToFileURL(workspaceFolder).toString(), name: 'ws' }] : null;
    const waitScan = this.nextRefresh(scanTimeoutMs);
    await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folders?.[0]?.uri ?? null,
      workspaceFolders: folders,
      capabilities,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    if (workspaceFolder) {
      await waitScan; // the background scan ends with a refresh request
    }
  }

  /** Resolves at the server's next `workspace/diagnostic/refresh`. */
  nextRefresh(timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no diagnostic refresh within ${timeoutMs} ms`)), timeoutMs);
      this.refreshWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  change(uri: string, text: string, version: number): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const r = (await this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } })) as FullDocumentDiagnosticReport;
    return r.items;
  }

  /** One `workspace/diagnostic` pull with a partial-result token; resolves when the server answers it. */
  async workspaceDiagnostics(previousResultIds: PreviousResultId[] = [], token?: CancellationToken): Promise<WorkspacePull> {
    const partialResultToken = `workspace-pull-${++this.partialTokens}`;
    const streamed: WorkspaceDocumentDiagnosticReport[] = [];
    const sub = this.connection.onProgress(WorkspaceDiagnosticRequest.partialResult, partialResultToken, (p) => streamed.push(...p.items));
    try {
      const r = await this.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds, partialResultToken }, token);
      return { streamed, final: r.items };
    } finally {
      sub.dispose();
    }
  }

  watchedFiles(changes: FileEvent[]): Promise<void> {
    return this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  /** Tells the server the settings changed (it pulls them again through `workspace/configuration`). */
  configurationChanged(): Promise<void> {
    return this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  /** True while the server process runs. */
  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  async close(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } finally {
      this.connection.dispose();
      this.proc.kill();
    }
  }
}
