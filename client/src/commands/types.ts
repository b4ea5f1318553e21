import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ClusterSession } from '../cluster/ui/session';
import type { InjectedDocuments } from '../preview/injectedDocuments';

/** What every command handler may use; built once in activate(). */
export interface CommandDeps {
  readonly extensionContext: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  /** The running language client, or undefined while the server is down. */
  readonly client: () => LanguageClient | undefined;
  /** Injected previews (`istio-injected:` documents). */
  readonly previews: InjectedDocuments;
  /** Cluster context/namespace state, its status bar item and the "Istio Mesh" view. */
  readonly cluster: ClusterSession;
  /** Stops the language server and starts it again. */
  readonly restart: () => Promise<void>;
}

/** What a command runs when invoked. */
export type Handler = (...args: unknown[]) => unknown;

/** A handler, built from the shared dependencies. */
export type CommandFactory = (deps: CommandDeps) => Handler;

/**
 * A command in rust-analyzer's style: what it runs while the language server runs, and while it does not. Without
 * `disabled`, the command says the server is not running and offers its logs (see commands/index.ts).
 */
export interface Command {
  readonly enabled: CommandFactory;
  /** Given the shared fallback, for commands that can do part of their work without the server. */
  readonly disabled?: (deps: CommandDeps, notRunning: Handler) => Handler;
}

/** Command id (as contributed in package.json) → command. */
export type CommandTable = Readonly<Record<string, Command>>;

/** A command that never talks to the language server: it runs the same whether the server runs or not. */
export const serverless = (factory: CommandFactory): Command => ({ enabled: factory, disabled: factory });

/**
 * The handler registered for a command: at each invocation, `enabled` while the server runs, else `disabled`, else
 * the shared fallback. Built once per command, so a handler's own state lives as long as the extension.
 */
export function dispatch(command: Command, deps: CommandDeps, notRunning: Handler): Handler {
  const enabled = command.enabled(deps);
  const disabled = command.disabled ? (command.disabled === command.enabled ? enabled : command.disabled(deps, notRunning)) : notRunning;
  return (...args: unknown[]) => (deps.client() ? enabled(...args) : disabled(...args));
}
