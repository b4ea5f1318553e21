import * as vscode from 'vscode';
import { gatedCommands } from '../../commands/gated';
import type { CommandTable } from '../../commands/types';

// Workspace Trust: in Restricted Mode the offline features work, while whatever reads a kubeconfig, runs a credential
// plugin or the user's istioctl waits until the folder is trusted (package.json declares `untrustedWorkspaces: limited`).

const MANAGE_TRUST = 'workbench.trust.manage';

/** What waits for trust. */
export type TrustedFeature = 'cluster' | 'istioctl';

/** True in a trusted workspace; otherwise says why the feature does not run and offers to manage trust. */
export async function requireTrust(feature: TrustedFeature): Promise<boolean> {
  if (vscode.workspace.isTrusted) {
    return true;
  }
  const manage = vscode.l10n.t('Manage Workspace Trust');
  const message =
    feature === 'cluster'
      ? vscode.l10n.t(
          'Cluster commands are off in Restricted Mode: they read your kubeconfig and run its credential plugins, which a folder you have not trusted should not trigger. Trust the folder to use them; checks and the offline preview work meanwhile.',
        )
      : vscode.l10n.t(
          'Rendering with istioctl is off in Restricted Mode: it runs a program for a folder you have not trusted. The offline injector renders the preview instead; trust the folder to use istioctl.',
        );
  void vscode.window.showWarningMessage(message, manage).then((pick) => (pick === manage ? vscode.commands.executeCommand(MANAGE_TRUST) : undefined));
  return false;
}

/** The same commands, each refusing to run (and saying why) in Restricted Mode. */
export function trustedCommands(feature: TrustedFeature, table: CommandTable): CommandTable {
  return gatedCommands(table, () => requireTrust(feature));
}
