import * as path from 'node:path';
import * as vscode from 'vscode';
import { clusterCrdsNotification, clusterInjectorNotification, type ClusterCrdsParams, type ClusterInjectorParams } from '../../../../server/src/protocol';
import type { CommandDeps } from '../../commands/types';
import { affectsConnection } from '../../config';
import { loadKubeconfig, type KubeconfigResult } from '../kubeconfig';
import { Redactor } from '../redact';
import type { FlowEnv } from './flowEnv';
import type { FlowUi } from './flowUi';
import { CrdSync } from './crdSync';
import { InjectorSync } from './injectorSync';
import { MeshView } from './meshView';
import { productionCheck } from './production';
import { clusterSettings, type ClusterSettings } from './settings';
import { RedactingUi } from './redactingUi';
import { VscodeFlowUi } from './vscodeUi';
import { WorkspaceTargets, writeSelection, type SelectionKey } from './workspaceState';

const REFRESH_DELAY_MS = 300;

/** What the session uses of the extension: created before the session, so the session is not among them. */
export type SessionDeps = Pick<CommandDeps, 'extensionContext' | 'log' | 'client'>;

/**
 * The cluster side of the extension: which kubeconfig (setting `istio.kubeconfig`), context and namespace (chosen per
 * workspace, kept in workspace state) the cluster commands use, shown in a status bar item and the "Istio Mesh" view,
 * refreshed when the settings or the kubeconfig files change. In Restricted Mode nothing is read until trust is granted.
 */
export class ClusterSession implements vscode.Disposable {
  readonly view: MeshView;
  /** The flows' UI: every line shown or logged is redacted. */
  readonly ui: FlowUi;
  /** Every credential value seen by this session's connections; the UI passes every line through it. */
  readonly redactor = new Redactor([]);
  /** The chosen target's injector ConfigMap, kept in the language server for the injection preview. */
  readonly injector: InjectorSync;
  /** The chosen target's Istio CRDs, kept in the language server as IST0106's schemas. */
  readonly crds: CrdSync;
  private readonly targets: WorkspaceTargets;
  private readonly status: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];
  private watchedFiles = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly deps: SessionDeps) {
    this.ui = new RedactingUi(new VscodeFlowUi(deps.log), this.redactor);
    this.targets = new WorkspaceTargets(deps.extensionContext.workspaceState);
    this.injector = new InjectorSync({
      load: () => this.load(),
      targets: this.targets,
      trusted: () => vscode.workspace.isTrusted,
      send: (params) => this.sendInjector(params),
      log: (level, line) => this.ui.log(level, line),
    });
    this.crds = new CrdSync({
      load: () => this.load(),
      targets: this.targets,
      trusted: () => vscode.workspace.isTrusted,
      send: (params) => this.sendCrds(params),
      log: (level, line) => this.ui.log(level, line),
    });
    this.view = new MeshView();
    this.status = vscode.window.createStatusBarItem('istio.cluster', vscode.StatusBarAlignment.Left, 10);
    this.status.name = vscode.l10n.t('Istio Cluster');
    this.status.command = 'istio.selectContext';
    this.disposables.push(
      this.view,
      this.status,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsConnection(e)) {
          this.refresh();
        }
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
    );
    this.refresh();
  }

  /** The cluster settings and this workspace's context and namespace. */
  settings(): ClusterSettings {
    return clusterSettings(this.deps.extensionContext.workspaceState);
  }

  /** Chooses (or, with undefined, stops choosing) this workspace's context or namespace. */
  async select(key: SelectionKey, value: string | undefined): Promise<void> {
    await writeSelection(this.deps.extensionContext.workspaceState, key, value);
  }

  /**
   * The connection this workspace chose, or with `overrides` exactly that context and namespace (`{}`: as kubectl).
   * Nothing is sent; credential files are read only when a request is.
   */
  load(overrides?: { readonly context?: string; readonly namespace?: string }): KubeconfigResult {
    const s = this.settings();
    const { context, namespace } = overrides ?? s;
    return loadKubeconfig({ path: s.kubeconfig, context, namespace, redactor: this.redactor });
  }

  /** The user confirmed this connection's target (by picking its context). */
  rememberTarget(key: string): void {
    this.targets.remember(key);
  }

  /** What the flows need, with the current settings. */
  env(): FlowEnv {
    const s = this.settings();
    return { ui: this.ui, l10n: vscode.l10n, load: () => this.load(), productionPattern: s.productionPattern, dryRunFirst: s.dryRunFirst, targets: this.targets };
  }

  /** Re-reads settings and kubeconfig: status bar, view, file watchers, the cluster injector (read if confirmed). */
  refresh(): void {
    void this.injector.sync();
    void this.crds.sync();
    if (!vscode.workspace.isTrusted) {
      // The kubeconfig stays unread in Restricted Mode; onDidGrantWorkspaceTrust refreshes.
      this.status.hide();
      this.watch([]);
      return;
    }
    const r = this.load();
    const s = this.settings();
    this.view.setConnection(r, s.productionPattern);
    this.updateStatus(r, s);
    this.watch(r.ok ? r.connection.files : []);
  }

  private sendInjector(params: ClusterInjectorParams): boolean {
    const client = this.deps.client();
    if (!client) {
      return false;
    }
    client.sendNotification(clusterInjectorNotification, params).catch((e: unknown) => this.deps.log.warn(`could not send the cluster injector to the language server: ${String(e)}`));
    return true;
  }

  private sendCrds(params: ClusterCrdsParams): boolean {
    const client = this.deps.client();
    if (!client) {
      return false;
    }
    client.sendNotification(clusterCrdsNotification, params).catch((e: unknown) => this.deps.log.warn(`could not send the cluster CRDs to the language server: ${String(e)}`));
    return true;
  }

  private updateStatus(r: KubeconfigResult, s: ClusterSettings): void {
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: ['istio.selectContext', 'istio.selectNamespace'] };
    if (!r.ok) {
      if (r.problem.kind === 'no-kubeconfig' && s.kubeconfig === undefined) {
        this.status.hide(); // no cluster at all: nothing to say in every window
        return;
      }
      this.status.text = `$(cloud) ${vscode.l10n.t('No cluster')}`;
      this.status.backgroundColor = undefined;
      md.appendText(this.redactor.redact(`${r.problem.message}\n\n${r.problem.nextStep}\n\n`));
    } else {
      const c = r.connection;
      const prod = productionCheck(c, s.productionPattern).production;
      this.status.text = `$(cloud) ${c.context}/${c.namespace}`;
      this.status.backgroundColor = prod ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      md.appendMarkdown(`**${vscode.l10n.t('Istio Mesh Tools cluster')}**${prod ? ` — $(warning) ${vscode.l10n.t('production')}` : ''}\n\n`);
      md.appendText(
        [
          vscode.l10n.t('Context: {0}', c.context),
          vscode.l10n.t('Cluster: {0}', c.cluster),
          vscode.l10n.t('Server: {0}', c.server),
          vscode.l10n.t('Namespace: {0}', c.namespace),
          vscode.l10n.t('Kubeconfig: {0}', c.files.join(path.delimiter)),
        ].join('\n') + '\n\n',
      );
    }
    md.appendMarkdown(`[${vscode.l10n.t('Select Context')}](command:istio.selectContext) · [${vscode.l10n.t('Select Namespace')}](command:istio.selectNamespace)`);
    this.status.tooltip = md;
    this.status.show();
  }

  /** Watches the kubeconfig files, so `kubectl config use-context` elsewhere shows here. */
  private watch(files: readonly string[]): void {
    const key = files.join('\n');
    if (key === this.watchedFiles) {
      return;
    }
    this.watchedFiles = key;
    this.watchers.forEach((w) => w.dispose());
    this.watchers = files.flatMap((f) => {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(f)), path.basename(f)));
      const later = (): void => {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.refresh(), REFRESH_DELAY_MS);
      };
      return [w, w.onDidChange(later), w.onDidCreate(later), w.onDidDelete(later)];
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.watchers.forEach((w) => w.dispose());
    this.disposables.forEach((d) => d.dispose());
  }
}
