import * as vscode from 'vscode';

/**
 * The context key the walkthrough's "Open the sample" step completes on. VS Code for the Web (code-server) never
 * ticks a step on the workbench's own `workspaceFolderCount`, while a key the extension sets ticks on desktop and web
 * alike; the extension activates on the walkthrough and on any workspace with YAML in it.
 */
export const FOLDER_OPEN_CONTEXT = 'istio.workspaceFolderOpen';

/** Keeps {@link FOLDER_OPEN_CONTEXT} equal to whether a folder is open. */
export function trackOpenFolder(): vscode.Disposable {
  const update = (): void => {
    void vscode.commands.executeCommand('setContext', FOLDER_OPEN_CONTEXT, (vscode.workspace.workspaceFolders?.length ?? 0) > 0);
  };
  update();
  return vscode.workspace.onDidChangeWorkspaceFolders(update);
}
