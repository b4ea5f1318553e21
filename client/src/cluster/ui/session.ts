import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CommandDeps } from '../../commands/types';
import { loadKubeconfig, type KubeconfigResult } from '../kubeconfig';
import type { FlowEnv } from './flow';
import { MeshView } from './meshView';
import { productionCheck } from './production';
import { affectsConnection, clusterSettings } from './settings';
import { VscodeFlowUi } from './vscodeUi';

const REFRESH_DELAY_MS = 300;

/**
 * The cluster side of the extension: which kubeconfig, context and namespace the cluster commands use (settings
 * `istio.kubeconfig`, `istio.cluster.context`, `istio.cluster.namespace`), shown in a status bar item and the
 * "Istio Mesh" view, refreshed when the settings or the kubeconfig files change.
 */
export class ClusterSession implements vscode.Disposable {
  readonly view: MeshView;
  readonly ui: VscodeFlowUi;
  private readonly status: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];
  private watchedFiles = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly deps: CommandDeps) {
    this.ui = new VscodeFlowUi(deps.log);
    this.view = new MeshView();
    this.status = vscode.window.createStatusBarItem('istio.cluster', vscode.StatusBarAlignment.Left, 10);
    this.status.name = vscode.l10n.t('Istio Cluster');
    this.status.command = 'istio.selectContext';
    this.disposables.push(
      this.view,
      this.status,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsConnection(e) || e.affectsConfiguration('istio.cluster.productionPattern')) {
          this.refresh();
        }
      }),
    );
    this.refresh();
  }

  /** The connection as the settings choose it (nothing is sent). */
  load(): KubeconfigResult {
    const s = clusterSettings();
    return loadKubeconfig({ path: s.kubeconfig, context: s.context, namespace: s.namespace });
  }

  /** What the flows need, with the current settings. */
  env(): FlowEnv {
    const s = clusterSettings();
    return { ui: this.ui, l10n: vscode.l10n, load: () => this.load(), productionPattern: s.productionPattern, dryRunFirst: s.dryRunFirst };
  }

  /** Re-reads settings and kubeconfig: status bar, view, file watchers. */
  refresh(): void {
    const r = this.load();
    const s = clusterSettings();
    this.view.setConnection(r, s.productionPattern);
    this.updateStatus(r, s.kubeconfig !== undefined);
    this.watch(r.ok ? r.connection.files : []);
  }

  private updateStatus(r: KubeconfigResult, configured: boolean): void {
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: ['istio.selectContext', 'istio.selectNamespace'] };
    if (!r.ok) {
      if (r.problem.kind === 'no-kubeconfig' && !configured) {
        this.status.hide(); // no cluster at all: nothing to say in every window
        return;
      }
      this.status.text = `$(cloud) ${vscode.l10n.t('No cluster')}`;
      this.status.backgroundColor = undefined;
      md.appendText(`${r.problem.message}\n\n${r.problem.nextStep}\n\n`);
    } else {
      const c = r.connection;
      const prod = productionCheck(c, clusterSettings().productionPattern).production;
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

/** The session Ctx created (see ctx.ts). */
export function clusterSessionOf(deps: CommandDeps): ClusterSession {
  const s = (deps as CommandDeps & { readonly cluster?: ClusterSession }).cluster;
  if (!s) {
    throw new Error('the cluster session was not created (Ctx.cluster)');
  }
  return s;
}
