import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { Ctx } from './ctx';
import { trackWalkthrough } from './walkthrough';

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  ctx = new Ctx(context);
  context.subscriptions.push(trackWalkthrough());
  registerCommands(ctx);
  try {
    await ctx.start();
  } catch (error) {
    ctx.log.error('Istio language server failed to start', error);
    void vscode.window
      .showErrorMessage(vscode.l10n.t('Istio language server failed to start: {0}', errorText(error)), vscode.l10n.t('Show Logs'))
      .then((pick) => (pick ? ctx?.log.show() : undefined));
  }
}

export async function deactivate(): Promise<void> {
  await ctx?.dispose();
  ctx = undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
