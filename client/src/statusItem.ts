import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import { workspaceSummaryRequest } from '../../server/src/protocol';
import type { CommandDeps } from './commands/types';

/** The language status item for YAML: server state, profile and what the workspace holds. */
export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;

  constructor(private readonly deps: CommandDeps) {
    this.item = vscode.languages.createLanguageStatusItem('istio.status', { language: 'yaml' });
    this.item.name = 'Istio';
    this.item.text = '$(loading~spin) Istio';
    this.item.command = { command: 'istio.showLogs', title: vscode.l10n.t('Show Logs') };
    deps.extensionContext.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(() => this.refresh()));
  }

  setServerState(state: State): void {
    if (state === State.Running) {
      this.refresh();
    } else {
      this.item.text = state === State.Starting ? '$(loading~spin) Istio' : '$(error) Istio: server stopped';
      this.item.severity = state === State.Stopped ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
      this.item.command = state === State.Stopped
        ? { command: 'istio.restartServer', title: vscode.l10n.t('Restart Server') }
        : { command: 'istio.showLogs', title: vscode.l10n.t('Show Logs') };
    }
  }

  refresh(): void {
    const client = this.deps.client();
    if (!client) {
      return;
    }
    client.sendRequest(workspaceSummaryRequest, { uri: vscode.window.activeTextEditor?.document.uri.toString() }).then(
      (s) => {
        this.item.severity = vscode.LanguageStatusSeverity.Information;
        this.item.text = `$(check) Istio (${s.profile})`;
        this.item.detail = vscode.l10n.t('Workloads: {0} · Services: {1} · Files: {2}', s.workloads, s.services, s.files);
        this.item.command = { command: 'istio.showLogs', title: vscode.l10n.t('Show Logs') };
      },
      (e: unknown) => this.deps.log.error('workspace summary failed', e),
    );
  }

  dispose(): void {
    this.item.dispose();
  }
}
