import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { LanguageClient, State, TransportKind } from 'vscode-languageclient/node';
import type { InitializationOptions } from '../../server/src/protocol';
import { workspaceChangedNotification, YAML_LANGUAGE_ID } from '../../server/src/protocol';
import { ClusterSession } from './cluster/ui/session';
import type { CommandDeps } from './commands/types';
import { serverSettings } from './config';
import { InjectedDocuments } from './preview/injectedDocuments';
import { StatusItem } from './statusItem';

/** Owns the language client's lifecycle, the log and the status item. */
export class Ctx implements CommandDeps {
  readonly log: vscode.LogOutputChannel;
  private languageClient: LanguageClient | undefined;
  private readonly status: StatusItem;
  readonly previews: InjectedDocuments;
  private restarting = false;
  private disposing = false;
  /** Cluster context/namespace state, its status bar item and the "Istio Mesh" view. */
  readonly cluster: ClusterSession;

  constructor(readonly extensionContext: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Istio Mesh Tools', { log: true });
    this.status = new StatusItem(this);
    this.previews = new InjectedDocuments(this);
    this.cluster = new ClusterSession(this);
    extensionContext.subscriptions.push(this.log, this.status, this.previews, this.cluster);
  }

  readonly client = (): LanguageClient | undefined =>
    this.languageClient?.state === State.Running ? this.languageClient : undefined;

  async start(): Promise<void> {
    const module = this.extensionContext.asAbsolutePath(path.join('dist', 'server.js'));
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.stdio },
      debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
    };
    const initializationOptions: InitializationOptions = { settings: serverSettings() };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: YAML_LANGUAGE_ID },
        { scheme: 'untitled', language: YAML_LANGUAGE_ID },
      ],
      outputChannel: this.log,
      initializationOptions,
    };
    const client = new LanguageClient('istio', 'Istio Language Server', serverOptions, clientOptions);
    let crashed = false;
    client.onDidChangeState((e) => {
      this.status.setServerState(e.newState);
      if (e.newState === State.Running) {
        // A (re)started server holds no cluster injector nor CRDs. Deferred: the client sends `initialized` right after this event.
        setImmediate(() => {
          this.cluster.injector.serverStarted();
          this.cluster.crds.serverStarted();
        });
      }
      if (e.oldState === State.Running && e.newState === State.Stopped && !this.restarting && !this.disposing) {
        crashed = true;
        this.log.warn('Istio language server stopped unexpectedly; the client restarts it');
      } else if (e.newState === State.Running && crashed) {
        crashed = false;
        void vscode.window
          .showWarningMessage(vscode.l10n.t('The Istio language server stopped unexpectedly and was restarted.'), vscode.l10n.t('Show Logs'))
          .then((pick) => (pick ? this.log.show() : undefined));
      }
    });
    this.languageClient = client;
    await client.start();
    this.extensionContext.subscriptions.push(
      client.onNotification(workspaceChangedNotification, () => {
        this.status.refresh();
        this.previews.refreshAll();
      }),
    );
    this.status.refresh();
  }

  async restart(): Promise<void> {
    this.restarting = true;
    try {
      await this.stopClient();
      await this.start();
    } finally {
      this.restarting = false;
    }
  }

  private async stopClient(): Promise<void> {
    if (this.languageClient) {
      await this.languageClient.stop().catch((e: unknown) => this.log.error('stopping the server failed', e));
      this.languageClient = undefined;
    }
  }

  async dispose(): Promise<void> {
    this.disposing = true;
    await this.languageClient?.stop();
  }
}
