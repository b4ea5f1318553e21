import type { TestContext } from 'node:test';
import { connectionFromText, type KubeconfigResult } from '../../../client/src/cluster/kubeconfig';
import type { FlowEnv } from '../../../client/src/cluster/ui/flow';
import type { FlowUi, Notice, Question } from '../../../client/src/cluster/ui/flowUi';
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
}

/** A FlowUi that answers from a script and records everything it was shown. */
export class ScriptedUi implements FlowUi {
  readonly questions: Question<string>[] = [];
  readonly prompts: { prompt: string; expected: string }[] = [];
  readonly notices: Notice[] = [];
  readonly logs: { level: string; line: string }[] = [];
  readonly progressTitles: string[] = [];

  constructor(private readonly script: Script = {}) {}

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
