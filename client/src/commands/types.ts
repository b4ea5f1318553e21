import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { InjectedDocuments } from '../preview/injectedDocuments';

/** What every command handler may use; built once in activate(). */
export interface CommandDeps {
  readonly extensionContext: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  /** The running language client, or undefined while the server is down. */
  readonly client: () => LanguageClient | undefined;
  /** Injected previews (`istio-injected:` documents). */
  readonly previews: InjectedDocuments;
}

/** A command: its handler, built from the shared dependencies. */
export type CommandFactory = (deps: CommandDeps) => (...args: unknown[]) => unknown;

/** Command id (as contributed in package.json) → handler factory. */
export type CommandTable = Readonly<Record<string, CommandFactory>>;
