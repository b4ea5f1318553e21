import type { Connection, InitializeParams, InitializeResult } from 'vscode-languageserver/node';
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MeshService } from '../core/service';
import { isManifestName } from '../core/index/fileSelection';
import type { InitializationOptions, WorkspaceSummary, WorkspaceSummaryParams } from '../protocol';
import {
  clusterInjectorNotification,
  previewInjectionRequest,
  workspaceChangedNotification,
  workspaceSummaryRequest,
} from '../protocol';
import { provideSchemaSources } from './schemaSources';
import { previewInjection } from './preview';
import { codeActions } from './codeActions';
import { codeLenses } from './codeLens';
import { completion, COMPLETION_TRIGGERS } from './completion';
import { definition } from './definition';
import { hover } from './hover';
import { LspContext } from './context';
import { documentDiagnostics } from './diagnostics';
import { SettingsCache } from './settings';
import { readManifest } from './workspaceFiles';
import { scanWorkspace } from './workspaceScan';
import { WorkspaceDiagnostics } from './workspaceDiagnostics';
import { WorkspaceScope } from './workspaceScope';
import { isWorkload } from '../core/model/workload';

/** A timer of 0 runs after the I/O callbacks at hand: the messages already read are handled before the refresh. */
const REFRESH_DELAY_MS = 0;

/** Bench and diagnostics aid: the server process's memory (`process.memoryUsage()`). Not part of the protocol. */
const MEMORY_USAGE_REQUEST = '$/istio/memoryUsage';

/** Wires the LSP connection to the core service. */
export class Session {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly service: MeshService;
  private readonly settings: SettingsCache;
  private readonly ctx: LspContext;
  private folders: string[] = [];
  private canPullConfig = false;
  private canRefresh = false;
  private canWatch = false;
  private canRefreshLenses = false;
  private refreshTimer: NodeJS.Timeout | undefined;
  private scanning = false;
  private readonly workspaceDiagnostics: WorkspaceDiagnostics;
  private readonly scope: WorkspaceScope;

  constructor(private readonly connection: Connection) {
    this.service = new MeshService(undefined, (ruleId, error) =>
      connection.console.error(`Rule ${ruleId} failed and was skipped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    );
    this.settings = new SettingsCache(connection, () => this.canPullConfig);
    this.ctx = new LspContext(this.service, this.documents, this.settings);
    this.scope = new WorkspaceScope(() => this.folders, this.settings);
    this.workspaceDiagnostics = new WorkspaceDiagnostics({
      ctx: this.ctx,
      scope: this.scope,
      isOpen: (uri) => this.documents.get(uri) !== undefined,
      scanning: () => this.scanning,
    });
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(() => void this.initialized());
    c.onShutdown(() => {
      clearTimeout(this.refreshTimer);
      this.workspaceDiagnostics.dispose();
    });
    c.languages.diagnostics.on((p) => documentDiagnostics(this.ctx, p.textDocument.uri));
    c.languages.diagnostics.onWorkspace((p, token, _work, progress) => this.workspaceDiagnostics.pull(p, token, progress));
    c.onCodeAction((p) => codeActions(this.ctx, p));
    c.onCodeLens((p) => codeLenses(this.ctx, p));
    c.onHover((p) => hover(this.ctx, p));
    c.onCompletion((p) => completion(this.ctx, p));
    c.onDefinition((p) => definition(this.ctx, p));
    c.onDidChangeConfiguration((p) => {
      this.settings.clear();
      if (!this.canPullConfig) {
        this.settings.setFallback((p.settings as { istio?: unknown } | null)?.istio);
      }
      this.scheduleRefresh();
    });
    c.onDidChangeWatchedFiles((p) => void this.onWatchedFiles(p.changes));
    c.onRequest(workspaceSummaryRequest, (p) => this.summary(p));
    c.onRequest(MEMORY_USAGE_REQUEST, () => process.memoryUsage());
    c.onRequest(previewInjectionRequest, (p) => previewInjection(this.ctx, p));
    c.onNotification(clusterInjectorNotification, (p) => {
      this.ctx.setClusterInjector(p);
      void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
      // Open previews render again with the cluster's templates.
      void this.connection.sendNotification(workspaceChangedNotification);
    });
    provideSchemaSources(c, this.service, () => this.scheduleRefresh());
    this.documents.onDidChangeContent((e) => {
      this.service.setFile(e.document.uri, e.document.getText(), e.document.version);
      this.scheduleRefresh();
    });
    this.documents.onDidClose((e) => void this.onClose(e.document.uri));
    this.documents.listen(c);
    c.listen();
  }

  private initialize(p: InitializeParams): InitializeResult {
    const caps = p.capabilities;
    this.canPullConfig = caps.workspace?.configuration === true;
    this.canRefresh = caps.workspace?.diagnostics?.refreshSupport === true;
    this.canWatch = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    this.canRefreshLenses = caps.workspace?.codeLens?.refreshSupport === true;
    this.folders = (p.workspaceFolders ?? []).map((f) => f.uri);
    if (this.folders.length === 0 && p.rootUri) {
      this.folders = [p.rootUri];
    }
    // From here, not from `initialized`: a workspace pull arriving before the scan starts waits for it.
    this.scanning = this.folders.length > 0;
    this.settings.setFallback((p.initializationOptions as InitializationOptions | undefined)?.settings);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: true },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        codeLensProvider: { resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
      },
      serverInfo: { name: 'istio-mesh-tools' },
    };
  }

  private async initialized(): Promise<void> {
    try {
      if (this.canWatch) {
        await this.connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/*.{yaml,yml,json}' }],
        });
      }
      const exclude = this.folders.length > 0 ? (await this.settings.get(this.folders[0] ?? '')).exclude : [];
      await scanWorkspace(this.folders, exclude, {
        isOpen: (uri) => this.documents.get(uri) !== undefined,
        index: (uri, text) => this.service.setFile(uri, text),
        batchIndexed: () => this.workspaceDiagnostics.changed(),
        warn: (message) => {
          this.connection.console.warn(message);
          // A notification, not `window.showWarningMessage` (a request): a client that does not answer it must not
          // leave a rejected promise behind, which ends the process.
          this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }).catch(() => undefined);
        },
        notice: (message) => this.connection.console.info(message),
        error: (message) => this.connection.console.error(message),
      });
    } catch (e) {
      // Whatever stops the scan, the server keeps serving the files the editor has open.
      this.connection.console.error(`The workspace scan stopped, so files not open are not checked: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
    this.scanning = false;
    this.workspaceDiagnostics.changed();
    this.scheduleRefresh();
  }

  private async onWatchedFiles(changes: readonly { uri: string; type: FileChangeType }[]): Promise<void> {
    for (const ch of changes) {
      if (!isManifestName(ch.uri) || this.documents.get(ch.uri)) {
        continue;
      }
      if (ch.type === FileChangeType.Deleted || !(await this.scope.settingsOf(ch.uri))) {
        this.service.removeFile(ch.uri);
      } else {
        const text = await readManifest(ch.uri);
        if (text === undefined) {
          this.service.removeFile(ch.uri);
        } else {
          this.service.setFile(ch.uri, text);
        }
      }
    }
    this.scheduleRefresh();
  }

  private async onClose(uri: string): Promise<void> {
    this.workspaceDiagnostics.editorClosed(uri);
    this.settings.clear(uri);
    this.ctx.forget(uri);
    // A closed editor falls back to what is on disk (or leaves the index when the file was never saved).
    // An excluded file is read while open only.
    const text = (await this.scope.settingsOf(uri)) ? await readManifest(uri) : undefined;
    if (text === undefined) {
      this.service.removeFile(uri);
    } else {
      this.service.setFile(uri, text);
    }
    this.scheduleRefresh();
  }

  /**
   * Other files' diagnostics depend on this change (Services select workloads across files): ask for a re-pull. Sent
   * once the messages already received are handled (changes arriving together give one refresh), without a fixed
   * delay: a re-pull costs little, since unchanged objects' findings come from the service's cache.
   */
  private scheduleRefresh(): void {
    if (this.refreshTimer) {
      return;
    }
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.workspaceDiagnostics.changed();
      if (this.canRefresh) {
        this.connection.languages.diagnostics.refresh();
      }
      if (this.canRefreshLenses) {
        void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
      }
      void this.connection.sendNotification(workspaceChangedNotification);
    }, REFRESH_DELAY_MS);
  }

  private async summary(p: WorkspaceSummaryParams): Promise<WorkspaceSummary> {
    const settings = await this.settings.get(p.uri ?? this.folders[0] ?? '');
    let workloads = 0;
    let files = 0;
    for (const uri of this.service.index.uris()) {
      files++;
      workloads += this.service.index.get(uri)?.objects.filter(isWorkload).length ?? 0;
    }
    return {
      profile: this.service.resolveProfile(settings, p.uri),
      files,
      workloads,
      services: this.service.index.ofKind('Service').length,
    };
  }
}
