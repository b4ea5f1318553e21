import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { clusterCommands } from './cluster';
import { previewCommands } from './preview';
import { dispatch, serverless, type CommandDeps, type CommandTable } from './types';

/** Commands about the server itself: they are what the user needs while it is down. */
const serverCommands: CommandTable = {
  'istio.restartServer': serverless((deps) => async () => {
    await deps.restart();
    void vscode.window.showInformationMessage(vscode.l10n.t('Istio language server restarted.'));
  }),
  'istio.showLogs': serverless((deps) => () => deps.log.show()),
};

/** Every command table of the extension; a new family of commands adds one entry. */
const tables: readonly CommandTable[] = [serverCommands, previewCommands, clusterCommands];

/** What a command that needs the server does while it is down: says so, and offers the log that tells why. */
function notRunning(deps: CommandDeps): () => Promise<undefined> {
  return async () => {
    const showLogs = vscode.l10n.t('Show Logs');
    const pick = await vscode.window.showErrorMessage(
      vscode.l10n.t('The Istio language server is not running. Run "Istio: Restart Server", or show the logs to see why it stopped.'),
      showLogs,
    );
    if (pick === showLogs) {
      deps.log.show();
    }
    return undefined;
  };
}

export function registerCommands(ctx: Ctx): void {
  const fallback = notRunning(ctx);
  for (const table of tables) {
    for (const [id, command] of Object.entries(table)) {
      ctx.extensionContext.subscriptions.push(vscode.commands.registerCommand(id, dispatch(command, ctx, fallback)));
    }
  }
}
