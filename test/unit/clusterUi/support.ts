import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { connectionFromText, type KubeconfigResult } from '../../../client/src/cluster/kubeconfig';
import { targetKey, type FlowEnv, type TargetMemory } from '../../../client/src/cluster/ui/flowEnv';
import type { FileRef, FlowUi, GeneratedDocument, InputRequest, Notice, PickedFolder, PickItem, PickRequest, Question } from '../../../client/src/cluster/ui/flowUi';
import type { TargetSyncEnv } from '../../../client/src/cluster/ui/targetSync';
import type { Translator } from '../../../client/src/cluster/ui/translator';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../cluster/emulator';

/** vscode.l10n.t without a bundle: fills {0}, {1}… */
export const l10n: Translator = {
  t: (message, ...args) => message.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] === undefined ? m : String(args[Number(i)]))),
};

/** What a scripted user answers, in order. `undefined` dismisses. */
export interface Script {
  asks?: (string | undefined)[];
  typed?: (string | undefined)[];
  notifies?: (string | undefined)[];
  /** Abort the signal of the n-th progress (0-based) as soon as it starts. */
  cancelProgress?: number;
  /** Quick picks: the label of the item to pick (a RegExp matches it), in order. */
  picks?: (string | RegExp | undefined)[];
  /** Input boxes: what is typed, in order; a value the box's validation refuses fails the test. */
  inputs?: (string | undefined)[];
  folders?: (PickedFolder | undefined)[];
  /** Where "Save As" of a generated document saves, in order. */
  saves?: (string | undefined)[];
  /** The workspace's files by path (`install/kubernetes/istio.yaml`) and their text. */
  files?: Record<string, string>;
  /** What the open dialog answers (a path of `files`), in order. */
  openFiles?: (string | undefined)[];
}

const fileRef = (p: string): FileRef => ({ id: p, name: p.slice(p.lastIndexOf('/') + 1), shown: p });

/** `install/kubernetes/{istio,istio-auth}.yaml` as a RegExp (the globs the wizards use: `**`, `*`, `{a,b}`). */
function globRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^$()|[\]\\]/g, '\\$&')
    .replace(/\{([^}]*)\}/g, (_m, alts: string) => `(?:${alts.split(',').join('|')})`)
    .replace(/\*\*\//g, '\u0000')
    .replace(/\*/g, '[^/]*')
    .replace(/\u0000/g, '(?:.*/)?');
  return new RegExp(`^${body}$`);
}

/** A FlowUi that answers from a script and records everything it was shown. */
export class ScriptedUi implements FlowUi {
  readonly questions: Question<string>[] = [];
  readonly prompts: { prompt: string; expected: string }[] = [];
  readonly notices: Notice[] = [];
  readonly logs: { level: string; line: string }[] = [];
  readonly progressTitles: string[] = [];
  readonly pickers: PickRequest<unknown>[] = [];
  readonly inputBoxes: InputRequest[] = [];
  readonly generated: { language: string; content: string; saved: string[] }[] = [];
  readonly copied: string[] = [];
  readonly opened: string[] = [];

  constructor(private readonly script: Script = {}) {}

  async pick<T>(q: PickRequest<T>): Promise<PickItem<T> | undefined> {
    this.pickers.push(q);
    const want = (this.script.picks ?? []).shift();
    if (want === undefined) {
      return undefined;
    }
    const item = q.items.find((i) => (typeof want === 'string' ? i.label === want : want.test(i.label)));
    if (!item) {
      throw new Error(`scripted pick "${String(want)}" is not an item of "${q.title}" (${q.items.map((i) => i.label).join(', ')})`);
    }
    return item;
  }

  async input(q: InputRequest): Promise<string | undefined> {
    this.inputBoxes.push(q);
    const typed = (this.script.inputs ?? []).shift();
    const refused = typed === undefined ? undefined : q.validate?.(typed);
    if (refused !== undefined) {
      throw new Error(`scripted input "${typed}" is refused by "${q.title}": ${refused}`);
    }
    return typed;
  }

  async pickFolder(): Promise<PickedFolder | undefined> {
    return (this.script.folders ?? []).shift();
  }

  async showGenerated(q: { language: string; content: string }): Promise<GeneratedDocument> {
    const doc = { ...q, saved: [] as string[] };
    this.generated.push(doc);
    return {
      saveAs: async () => {
        const where = (this.script.saves ?? []).shift();
        if (where !== undefined) {
          doc.saved.push(where);
        }
        return where;
      },
    };
  }

  async copy(text: string): Promise<void> {
    this.copied.push(text);
  }

  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }

  async findFiles(glob: string, limit: number): Promise<FileRef[]> {
    const re = globRegExp(glob);
    return Object.keys(this.script.files ?? {}).filter((p) => re.test(p)).slice(0, limit).map(fileRef);
  }

  async sibling(file: FileRef, name: string): Promise<FileRef | undefined> {
    const p = `${file.id.slice(0, file.id.lastIndexOf('/') + 1)}${name}`;
    return this.script.files?.[p] === undefined ? undefined : fileRef(p);
  }

  async pickYamlFile(): Promise<FileRef | undefined> {
    const p = (this.script.openFiles ?? []).shift();
    return p === undefined ? undefined : fileRef(p);
  }

  async readText(file: FileRef): Promise<string> {
    const text = this.script.files?.[file.id];
    if (text === undefined) {
      throw new Error(`no scripted file ${file.id}`);
    }
    return text;
  }

  async ask<T extends string>(q: Question<T>): Promise<T | undefined> {
    this.questions.push(q);
    const answer = (this.script.asks ?? []).shift();
    if (answer !== undefined && !q.choices.some((c) => c.id === answer)) {
      throw new Error(`scripted answer "${answer}" is not a choice of "${q.message}" (${q.choices.map((c) => c.id).join(', ')})`);
    }
    return answer as T | undefined;
  }

  async typeToConfirm(q: { prompt: string; expected: string }): Promise<string | undefined> {
    this.prompts.push(q);
    return (this.script.typed ?? []).shift();
  }

  async progress<R>(title: string, task: (report: (message: string, done: number, total: number) => void, signal: AbortSignal) => Promise<R>): Promise<R> {
    const index = this.progressTitles.length;
    this.progressTitles.push(title);
    const abort = new AbortController();
    if (this.script.cancelProgress === index) {
      abort.abort();
    }
    return task(() => undefined, abort.signal);
  }

  log(level: 'info' | 'warn' | 'error', line: string): void {
    this.logs.push({ level, line });
  }

  async notify(n: Notice): Promise<string | undefined> {
    this.notices.push(n);
    return (this.script.notifies ?? []).shift();
  }

  /** Everything shown to the user or written to the log, as one text. */
  everything(): string {
    return [
      ...this.questions.flatMap((q) => [q.message, q.detail]),
      ...this.prompts.map((p) => p.prompt),
      ...this.pickers.flatMap((p) => [p.title, p.placeHolder ?? '', ...p.items.flatMap((i) => [i.label, i.description ?? '', i.detail ?? ''])]),
      ...this.inputBoxes.map((i) => `${i.title}\n${i.prompt}`),
      ...this.notices.map((n) => n.message),
      ...this.logs.map((l) => l.line),
    ].join('\n');
  }
}

/** An emulator stopped when the test ends. */
export async function emulator(t: TestContext, opts: EmulatorOptions = {}): Promise<Emulator> {
  const emu = await startEmulator(opts);
  t.after(() => emu.close());
  return emu;
}

/** A flow environment over the emulator with a scripted user. */
export function flowEnv(
  emu: Emulator,
  script: Script,
  opts: { context?: string; token?: string; namespace?: string; productionPattern?: string | null; dryRunFirst?: boolean } = {},
): { env: FlowEnv; ui: ScriptedUi; loads: () => number } {
  const ui = new ScriptedUi(script);
  let loads = 0;
  const load = (): KubeconfigResult => {
    loads++;
    return connectionFromText(emu.kubeconfigYaml(opts.context ?? 'emulator', opts.token ?? emu.tokens.admin, { namespace: opts.namespace }), {
      requestTimeoutMs: 10_000,
    });
  };
  return {
    env: { ui, l10n, load, productionPattern: opts.productionPattern, dryRunFirst: opts.dryRunFirst },
    ui,
    loads: () => loads,
  };
}

/** Confirmed targets kept in memory (VS Code's workspace state in the extension). */
export class MemoryTargets implements TargetMemory {
  readonly keys = new Set<string>();
  confirmed(key: string): boolean {
    return this.keys.has(key);
  }
  remember(key: string): void {
    this.keys.add(key);
  }
}

/**
 * A background sync's host whose chosen kubeconfig, trust and server can be switched, recording what the server was
 * sent and what was logged; `confirm` confirms the target chosen now.
 */
export function syncHost<P>(first: string, opts: { trusted?: boolean; serverUp?: boolean } = {}) {
  const sent: (P | null)[] = [];
  const logs: { level: string; line: string }[] = [];
  const targets = new MemoryTargets();
  const state = { kubeconfig: first, trusted: opts.trusted ?? true, serverUp: opts.serverUp ?? true };
  const load = (): KubeconfigResult => connectionFromText(state.kubeconfig, { requestTimeoutMs: 10_000 });
  const env: TargetSyncEnv<P> = {
    load,
    targets,
    trusted: () => state.trusted,
    send: (p) => {
      if (state.serverUp) {
        sent.push(p);
      }
      return state.serverUp;
    },
    log: (level, line) => logs.push({ level, line }),
  };
  const confirm = (): void => {
    const r = load();
    assert.ok(r.ok);
    targets.remember(targetKey(r.connection));
  };
  return { env, sent, logs, state, confirm };
}
