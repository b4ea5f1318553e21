import type { ClusterConnection } from '../kubeconfig';
import { refString, type ParsedManifest } from '../manifest';
import type { ManifestRunResult, RunProgress } from '../manifestRun';
import type { ObjectRef } from '../types';
import { loadOrExplain, parseOrExplain } from './explain';
import type { FlowEnv, Stopped } from './flowEnv';
import type { Choice, Notice, Question } from './flowUi';
import { commonChoices, objectLines, problemNotice, productionLines, targetLines } from './messages';
import type { ProductionCheck } from './production';
import type { Translator } from './translator';
import { checkPattern } from './writeLadder';

// What apply and delete share: a manifest parsed once, the first question naming its objects, a run logged object by
// object, and the notification it ends with.

/** What to write and how to name it in messages. */
export interface ManifestRequest {
  readonly text: string;
  readonly source: string;
}

/** What a write flow knows before its first question (nothing has been sent yet). */
export interface Prepared {
  readonly manifest: ParsedManifest;
  readonly conn: ClusterConnection;
  readonly prod: ProductionCheck;
}

/** Parses the manifest, then loads the connection: a broken manifest or no usable kubeconfig stops the flow, explained. */
export function prepare(env: FlowEnv, doing: string, req: ManifestRequest): Prepared | { stopped: Stopped } {
  const manifest = parseOrExplain(env, doing, req.text, req.source);
  if (typeof manifest === 'string') {
    return { stopped: manifest };
  }
  const conn = loadOrExplain(env, doing);
  if (!conn) {
    return { stopped: 'no-connection' };
  }
  return { manifest, conn, prod: checkPattern(env, conn) };
}

/** What the first confirmation of an apply or delete names. */
export interface FirstQuestion {
  conn: ClusterConnection;
  source: string;
  refs: readonly ObjectRef[];
  prod: ProductionCheck;
  dryRunFirst: boolean;
  /** More to review before saying yes (for Apply Injected: the images and the injection settings from the workspace). */
  notes?: readonly string[];
}

/** The first confirmation of a write: production warning, target, objects and a note; the write or Dry Run First (Cancel added). */
export function firstQuestion<T extends string>(l10n: Translator, a: FirstQuestion, message: string, note: string, write: Choice<T>): Question<T | 'dryRun'> {
  const notes = a.notes && a.notes.length > 0 ? ['', ...a.notes] : [];
  const detail = [...productionLines(l10n, a.prod), ...targetLines(l10n, a.conn), '', ...objectLines(l10n, a.refs), ...notes, '', note].join('\n');
  const dryRun: Choice<'dryRun'> = { id: 'dryRun', label: l10n.t('Dry Run First') };
  return { severity: 'warning', message, detail, choices: a.dryRunFirst ? [dryRun] : [write, dryRun] };
}

/** How apply and delete word their runs. */
export interface Wording<O extends { readonly outcome: string }, Done extends string> {
  /** The result kind where every object went through. */
  readonly done: Done;
  readonly formatOutcome: (o: O, dryRun: boolean) => string;
  readonly summarize: (r: ManifestRunResult<O, Done>) => string;
}

/** The first line of each outcome of a dry run: 15 at most, then how many more. */
export function dryRunLines<O>(l10n: Translator, outcomes: readonly O[], formatOutcome: (o: O, dryRun: boolean) => string): string[] {
  const lines = outcomes.map((o) => formatOutcome(o, true).split('\n')[0]!);
  return lines.length > 15 ? [...lines.slice(0, 15), l10n.t('… and {0} more', lines.length - 15)] : lines;
}

/** Runs one write (or dry run) with progress, logging every object as it is done, what was not sent, and the summary. */
export async function runLogged<O extends { readonly outcome: string }, Done extends string>(
  env: FlowEnv,
  title: string,
  dryRun: boolean,
  w: Wording<O, Done>,
  write: (signal: AbortSignal, onProgress: (e: RunProgress<O>) => void) => Promise<ManifestRunResult<O, Done>>,
): Promise<ManifestRunResult<O, Done>> {
  const { ui } = env;
  const r = await ui.progress(title, (report, signal) =>
    write(signal, (e) => {
      const line = w.formatOutcome(e.outcome, dryRun);
      ui.log(e.outcome.outcome === 'failed' ? 'warn' : 'info', line);
      report(line.split('\n')[0]!, e.index + 1, e.total);
    }),
  );
  if ('notAttempted' in r) {
    for (const ref of r.notAttempted) {
      ui.log('info', `${refString(ref)} not sent`);
    }
  }
  ui.log(r.kind === w.done ? 'info' : 'warn', w.summarize(r));
  return r;
}

/** The notification at the end of a write; `doing` names it when a problem stopped it. */
export function runNotice<O extends { readonly outcome: string }, Done extends string>(
  l10n: Translator,
  conn: ClusterConnection,
  r: ManifestRunResult<O, Done>,
  w: Wording<O, Done>,
  doing: string,
): Notice {
  if ('problem' in r) {
    return problemNotice(l10n, doing, r.problem);
  }
  const summary = l10n.t('Context "{0}": {1}', conn.context, w.summarize(r));
  if (r.kind === w.done) {
    return { severity: 'info', message: summary, actions: commonChoices(l10n, ['showLogs']) };
  }
  return {
    severity: r.kind === 'cancelled' ? 'warning' : 'error',
    message: r.kind === 'partial' ? l10n.t('{0} The log shows what failed and the next step for each object.', summary) : summary,
    actions: commonChoices(l10n, ['showLogs']),
  };
}

/** Where a ladder that stopped leaves a manifest flow: why, and the dry run when one ran. */
export function stoppedWith<R>(end: { readonly stopped: Stopped; readonly dryRun?: R }): { stopped: Stopped; dryRun?: R } {
  return { stopped: end.stopped, ...(end.dryRun === undefined ? {} : { dryRun: end.dryRun }) };
}
