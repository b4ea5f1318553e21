import * as vscode from 'vscode';

/**
 * The context key the walkthrough's "Open the sample" step completes on, kept equal to "a folder is open". In VS Code
 * for the Web (code-server) the workbench's own `workspaceFolderCount` never ticks the step; this key ticks it when it
 * changes while the walkthrough is set up (the extension activates on the walkthrough too), but not yet when it was
 * set long before the walkthrough was first opened (the e2e suite shows both).
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
