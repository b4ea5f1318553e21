import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { clusterCommands } from './cluster';
import { previewCommands } from './preview';
import type { CommandTable } from './types';

/** Commands that work while the server is down. */
const serverCommands: CommandTable = {
  'istio.restartServer': (deps) => async () => {
    await (deps as Ctx).restart();
    void vscode.window.showInformationMessage(vscode.l10n.t('Istio language server restarted.'));
  },
  'istio.showLogs': (deps) => () => deps.log.show(),
};

/** Every command table of the extension; a new family of commands adds one entry. */
const tables: readonly CommandTable[] = [serverCommands, previewCommands, clusterCommands];

export function registerCommands(ctx: Ctx): void {
  for (const table of tables) {
    for (const [id, factory] of Object.entries(table)) {
      ctx.extensionContext.subscriptions.push(vscode.commands.registerCommand(id, factory(ctx)));
    }
  }
}
