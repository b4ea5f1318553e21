import * as vscode from 'vscode';
import type { KubeconfigResult } from '../kubeconfig';
import { connectionNode, verificationNode, type NodeModel, type VerifyState } from './meshTree';

/** The "Istio Mesh" tree view: the connection the cluster commands use, and the last verification of the install. */
export class MeshView implements vscode.TreeDataProvider<NodeModel>, vscode.Disposable {
  static readonly id = 'istio.meshView';
  private readonly changed = new vscode.EventEmitter<NodeModel | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<NodeModel>;
  private connection: KubeconfigResult | undefined;
  private productionPattern: string | null = null;
  private verify: VerifyState = { kind: 'none' };

  constructor() {
    this.view = vscode.window.createTreeView(MeshView.id, { treeDataProvider: this, showCollapseAll: true });
  }

  /** The connection changed (settings, kubeconfig file): a verification of another context no longer applies. */
  setConnection(r: KubeconfigResult, productionPattern: string | null): void {
    const before = this.connection?.ok ? this.connection.connection.context : undefined;
    const now = r.ok ? r.connection.context : undefined;
    if (before !== now && this.verify.kind !== 'none' && this.verify.kind !== 'running') {
      this.verify = { kind: 'none' };
    }
    this.connection = r;
    this.productionPattern = productionPattern;
    this.changed.fire(undefined);
  }

  setVerify(v: VerifyState): void {
    this.verify = v;
    this.changed.fire(undefined);
  }

  /** Shows the view (opens its container). */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${MeshView.id}.focus`);
  }

  getTreeItem(n: NodeModel): vscode.TreeItem {
    const state =
      n.children.length === 0
        ? vscode.TreeItemCollapsibleState.None
        : n.expanded
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(n.label, state);
    item.id = n.id;
    item.description = n.description;
    item.tooltip = n.tooltip;
    item.iconPath = new vscode.ThemeIcon(n.icon.id, n.icon.color ? new vscode.ThemeColor(n.icon.color) : undefined);
    if (n.command) {
      item.command = { command: n.command, title: n.label };
    }
    return item;
  }

  getChildren(n?: NodeModel): NodeModel[] {
    if (n) {
      return [...n.children];
    }
    if (!this.connection) {
      return [];
    }
    return [connectionNode(vscode.l10n, this.connection, this.productionPattern), verificationNode(vscode.l10n, this.verify)];
  }

  dispose(): void {
    this.view.dispose();
    this.changed.dispose();
  }
}
