import * as vscode from 'vscode';
import { trackOpenSampleStep, type OpenSampleHost } from './openSampleStep';

/** Ticks the walkthrough's "Open the sample" step in this window (see `openSampleStep.ts` for how and why). */
export function trackWalkthrough(): vscode.Disposable {
  const host: OpenSampleHost = {
    folderOpen: () => (vscode.workspace.workspaceFolders?.length ?? 0) > 0,
    activeTabIsOpaque: () => {
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      return tab !== undefined && tab.input === undefined;
    },
    setContext: (key, value) => vscode.commands.executeCommand('setContext', key, value),
    onDidChange: (listener) =>
      vscode.Disposable.from(
        vscode.window.tabGroups.onDidChangeTabs((e) => {
          if ([...e.opened, ...e.changed].some((t) => t.isActive)) {listener();}
        }),
        vscode.window.tabGroups.onDidChangeTabGroups(() => listener()),
        vscode.workspace.onDidChangeWorkspaceFolders(() => listener()),
      ),
  };
  const tracking = trackOpenSampleStep(host);
  return new vscode.Disposable(() => tracking.dispose());
}
