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
export interface FlowUi extends WizardUi {
  ask<T extends string>(q: Question<T>): Promise<T | undefined>;
  /** Asks the user to type `expected`; answers what was typed (undefined when dismissed). */
  typeToConfirm(q: { readonly prompt: string; readonly expected: string }): Promise<string | undefined>;
  /** Runs a task with cancellable progress; cancelling aborts the signal. */
  progress<R>(title: string, task: (report: (message: string, done: number, total: number) => void, signal: AbortSignal) => Promise<R>): Promise<R>;
  log(level: 'info' | 'warn' | 'error', line: string): void;
  /** Shows a notification; answers the id of the action picked unless it is a CommonAction (handled by the host). */
  notify(n: Notice): Promise<string | undefined>;
}

// The wizards' part of the port: pickers, input boxes, dialogs and editors. Like the rest, plain data both ways.

/** A quick pick item; `value` is what the wizard gets back when it is picked. */
export interface PickItem<T> {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  readonly value: T;
}

/** A quick pick. */
export interface PickRequest<T> {
  readonly title: string;
  readonly placeHolder?: string;
  readonly items: readonly PickItem<T>[];
  readonly matchOnDescription?: boolean;
}

/** An input box; it stays open when focus moves, since the answer is often looked up elsewhere. */
export interface InputRequest {
  readonly title: string;
  readonly prompt: string;
  readonly value?: string;
  readonly placeHolder?: string;
  /** A message saying what is wrong with the value, or undefined when it is fine. */
  readonly validate?: (value: string) => string | undefined;
}

/** A folder the user chose: on this machine's disk, or elsewhere (named as the editor names it). */
export type PickedFolder = { readonly path: string } | { readonly notLocal: string };

/** Generated text open in an editor: the user may edit it before saving. */
export interface GeneratedDocument {
  /** Asks where to save what the editor holds now (suggesting `fileName` in the first workspace folder); answers where it went. */
  saveAs(q: { readonly title: string; readonly fileName: string }): Promise<string | undefined>;
}

/** A file of the workspace (or picked from disk): how the host finds it again, and how messages name it. */
export interface FileRef {
  /** The host's handle (a URI in VS Code); wizards only pass it back. */
  readonly id: string;
  /** Its base name, `istio.yaml`. */
  readonly name: string;
  /** Its path as the workspace shows it. */
  readonly shown: string;
}

/** What the cluster wizards ask of their host besides the flows' questions. */
export interface WizardUi {
  /** Answers the picked item, or undefined when dismissed. */
  pick<T>(q: PickRequest<T>): Promise<PickItem<T> | undefined>;
  input(q: InputRequest): Promise<string | undefined>;
  pickFolder(q: { readonly title: string; readonly openLabel: string }): Promise<PickedFolder | undefined>;
  /** Opens generated text in a new untitled editor of that language. */
  showGenerated(q: { readonly language: string; readonly content: string }): Promise<GeneratedDocument>;
  copy(text: string): Promise<void>;
  openExternal(url: string): Promise<void>;
  /** Files of the workspace matching a glob (skipping node_modules), at most `limit`. */
  findFiles(glob: string, limit: number): Promise<FileRef[]>;
  /** The file `name` in the same folder as `file`, when it exists. */
  sibling(file: FileRef, name: string): Promise<FileRef | undefined>;
  /** Asks for a YAML file (the open dialog, starting in the first workspace folder). */
  pickYamlFile(q: { readonly title: string; readonly openLabel: string }): Promise<FileRef | undefined>;
  /** A file's text as UTF-8, from disk rather than an editor (a large manifest is not opened as a document). */
  readText(file: FileRef): Promise<string>;
}
