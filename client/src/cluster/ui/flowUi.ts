// The interaction a cluster flow needs from its host: modal questions, a typed confirmation, cancellable progress, the
// log and notifications. VS Code implements it in vscodeUi.ts; tests script it.

export type Severity = 'info' | 'warning' | 'error';

/** A button or action: a stable id and its (translated) label. */
export interface Choice<T extends string = string> {
  readonly id: T;
  readonly label: string;
}

/** A modal question. The host always adds Cancel; dismissing it answers undefined. */
export interface Question<T extends string> {
  readonly severity: Severity;
  readonly message: string;
  readonly detail: string;
  readonly choices: readonly Choice<T>[];
}

/** Actions any notification may carry; the host carries them out itself and answers undefined. */
export type CommonAction = 'showLogs' | 'selectContext' | 'selectNamespace' | 'openSettings';

/** A non-modal notification. */
export interface Notice {
  readonly severity: Severity;
  readonly message: string;
  readonly actions: readonly Choice[];
}

/** What a cluster flow asks of its host. */
export interface FlowUi {
  ask<T extends string>(q: Question<T>): Promise<T | undefined>;
  /** Asks the user to type `expected`; answers what was typed (undefined when dismissed). */
  typeToConfirm(q: { readonly prompt: string; readonly expected: string }): Promise<string | undefined>;
  /** Runs a task with cancellable progress; cancelling aborts the signal. */
  progress<R>(title: string, task: (report: (message: string, done: number, total: number) => void, signal: AbortSignal) => Promise<R>): Promise<R>;
  log(level: 'info' | 'warn' | 'error', line: string): void;
  /** Shows a notification; answers the id of the action picked unless it is a CommonAction (handled by the host). */
  notify(n: Notice): Promise<string | undefined>;
}
