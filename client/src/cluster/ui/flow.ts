import { formatApplyOutcome, summarizeApply, applyManifest, type ApplyOutcome, type ApplyResult } from '../apply';
import { deleteManifest, formatDeleteOutcome, summarizeDelete, type DeleteOutcome, type DeleteResult } from '../delete';
import { ClusterError, type ClusterProblem } from '../errors';
import { describeConnection, type ClusterConnection, type KubeconfigResult } from '../kubeconfig';
import { applyOrder, deleteOrder, formatManifestError, parseManifest, refString, type ManifestObject } from '../manifest';
import type { ManifestRunResult, RunProgress } from '../manifestRun';
import { registerVm, type RegisterResult, type RegisterVmOptions } from '../meshExpansion';
import type { KubeObject, ObjectRef } from '../types';
import type { Choice, FlowUi, Notice, Question } from './flowUi';
import {
  commonChoices,
  conflictLines,
  conflictManagers,
  conflictOutcomes,
  objectLines,
  problemLines,
  problemNotice,
  productionLines,
  targetLines,
} from './messages';
import { productionCheck, typedConfirmationMatches, type ProductionCheck } from './production';
import type { Translator } from './translator';

// The cluster flows, free of vscode. Writes (apply, delete, register a VM): load the connection (no request), name the
// target in a modal confirmation (loud, plus a typed confirmation, for production), then connect, optionally dry-run
// and confirm again, then write with cancellable progress, logging each object and ending with one notification.
// Reads (verify, gateway, namespaces, mesh expansion) name the target once per workspace before the first request.
// Nothing is sent, and no credential plugin runs, before the user confirmed that exact target.

/** What every flow needs from its host. */
export interface FlowEnv {
  readonly ui: FlowUi;
  readonly l10n: Translator;
  /** The connection the user chose (istio.kubeconfig; the context and namespace chosen for this workspace). */
  readonly load: () => KubeconfigResult;
  /** `istio.cluster.productionPattern`. */
  readonly productionPattern?: string | null;
  /** `istio.cluster.dryRunFirst`: a server dry run always comes before the real write. */
  readonly dryRunFirst?: boolean;
  /** Targets the user already confirmed in this workspace (reads ask once per target); without it, reads always ask. */
  readonly targets?: TargetMemory;
}

/** Remembers which targets the user confirmed (workspace state in VS Code). */
export interface TargetMemory {
  confirmed(key: string): boolean;
  remember(key: string): void;
}

/** What identifies a target: the files it came from and every name a confirmation shows. */
export function targetKey(c: ClusterConnection): string {
  return JSON.stringify([c.source, c.files, c.context, c.cluster, c.server, c.user]);
}

/** A connection that answered, and the Kubernetes version it reported. */
export interface Connected {
  readonly conn: ClusterConnection;
  readonly serverVersion: string;
}

/** Why a flow stopped before writing. */
export type Stopped = 'invalid-manifest' | 'empty' | 'no-connection' | 'cancelled' | 'dry-run-failed';

/** How an apply flow ended. */
export interface ApplyFlowResult {
  readonly stopped?: Stopped;
  readonly dryRun?: ApplyResult;
  /** The real apply, when one was sent. */
  readonly result?: ApplyResult;
  /** When objects conflicted: settles once the user answered the offer to force (undefined: not forced). */
  readonly forced?: Promise<ApplyResult | undefined>;
}

/** How a delete flow ended. */
export interface DeleteFlowResult {
  readonly stopped?: Stopped;
  readonly dryRun?: DeleteResult;
  readonly result?: DeleteResult;
}

type ApplyChoice = 'apply' | 'dryRun' | 'force';
type DeleteChoice = 'delete' | 'dryRun';

/** Logs a problem and shows it with its next step; never waits for the user. */
export function explain(env: FlowEnv, doing: string, p: ClusterProblem): void {
  for (const line of problemLines(doing, p)) {
    env.ui.log(p.kind === 'cancelled' ? 'info' : 'error', line);
  }
  void env.ui.notify(problemNotice(env.l10n, doing, p));
}

/** The chosen connection, or undefined after explaining why there is none (no kubeconfig, no context…). */
export function loadOrExplain(env: FlowEnv, doing: string): ClusterConnection | undefined {
  const r = env.load();
  if (!r.ok) {
    explain(env, doing, r.problem);
    return undefined;
  }
  return r.connection;
}

/** The question naming a target before the first read from it. */
export function readQuestion(l10n: Translator, conn: ClusterConnection, doing: string): Question<'connect'> {
  return {
    severity: 'warning',
    message: l10n.t('{0}: connect to context "{1}"?', doing, conn.context),
    detail: [
      ...targetLines(l10n, conn),
      l10n.t('Kubeconfig: {0}', conn.files.join(', ') || conn.source),
      '',
      l10n.t('Nothing has been sent yet. Connecting runs the credential plugin of user "{0}", if it has one, and reads from the cluster; this workspace asks once per target.', conn.user),
    ].join('\n'),
    choices: [{ id: 'connect', label: l10n.t('Connect') }],
  };
}

/**
 * The chosen connection once its target is confirmed: asked the first time a workspace reads from it, so neither a
 * request nor a credential plugin runs against a target the user has not seen.
 */
export async function confirmedOrExplain(env: FlowEnv, doing: string): Promise<ClusterConnection | undefined> {
  const conn = loadOrExplain(env, doing);
  if (!conn) {
    return undefined;
  }
  const key = targetKey(conn);
  if (env.targets?.confirmed(key)) {
    return conn;
  }
  if ((await env.ui.ask(readQuestion(env.l10n, conn, doing))) !== 'connect') {
    env.ui.log('info', `${doing}: cancelled; nothing was sent to context "${conn.context}".`);
    return undefined;
  }
  env.targets?.remember(key);
  return conn;
}

/** Asks the server its version once the target is confirmed, so 401, TLS and unreachable show before the write. */
async function probeOrExplain(env: FlowEnv, conn: ClusterConnection, doing: string): Promise<Connected | undefined> {
  try {
    const version = await env.ui.progress(env.l10n.t('Connecting to {0}…', conn.context), (_report, signal) =>
      conn.api.request<{ gitVersion?: string }>({ method: 'GET', path: '/version', signal }),
    );
    return { conn, serverVersion: version.gitVersion ?? 'unknown' };
  } catch (e) {
    if (e instanceof ClusterError) {
      explain(env, doing, e.problem);
      return undefined;
    }
    throw e;
  }
}

function stop(env: FlowEnv, doing: string, why: string): { stopped: 'cancelled' } {
  env.ui.log('info', `${doing}: ${why}`);
  return { stopped: 'cancelled' };
}

/** For production targets: the user must type the context name; when it was not typed, says that nothing changed. */
async function typedConfirmation(env: FlowEnv, conn: ClusterConnection, prod: ProductionCheck): Promise<boolean> {
  if (!prod.production) {
    return true;
  }
  const typed = await env.ui.typeToConfirm({
    prompt: env.l10n.t('"{0}" looks like a production context. Type its name to continue.', conn.context),
    expected: conn.context,
  });
  if (typedConfirmationMatches(typed, conn.context)) {
    return true;
  }
  void env.ui.notify({ severity: 'info', message: env.l10n.t('Cancelled: the context name was not typed, so nothing was changed on {0}.', conn.context), actions: [] });
  return false;
}

function checkPattern(env: FlowEnv, conn: ClusterConnection): ProductionCheck {
  const prod = productionCheck(conn, env.productionPattern);
  if (prod.patternError !== undefined) {
    env.ui.log('warn', `istio.cluster.productionPattern cannot be used (${prod.patternError}); using "${prod.pattern}" instead. Fix the pattern in your user settings.`);
  }
  return prod;
}

function showLogs(env: FlowEnv): Choice[] {
  return commonChoices(env.l10n, ['showLogs']);
}

/** Parses locally first: a broken manifest never reaches the confirmation, let alone the cluster. */
function parseOrExplain(env: FlowEnv, doing: string, text: string, source: string): readonly ManifestObject[] | Stopped {
  const parsed = parseManifest(text);
  if (!parsed.ok) {
    env.ui.log('error', `${doing}: the YAML has ${parsed.errors.length} problem(s); nothing was sent.`);
    for (const e of parsed.errors) {
      env.ui.log('error', `    ${formatManifestError(e)}`);
    }
    void env.ui.notify({
      severity: 'error',
      message: env.l10n.t('{0}: the YAML has {1} problem(s), so nothing was sent. Fix them (the log lists each) and run the command again.', source, parsed.errors.length),
      actions: showLogs(env),
    });
    return 'invalid-manifest';
  }
  if (parsed.objects.length === 0) {
    void env.ui.notify({
      severity: 'warning',
      message: env.l10n.t('{0} contains no Kubernetes objects (each needs apiVersion, kind and metadata.name); nothing was sent.', source),
      actions: [],
    });
    return 'empty';
  }
  // As kubectl does: a repeated key keeps its last value, a document it would refuse fails alone (in the run's outcomes).
  for (const w of parsed.warnings) {
    env.ui.log('warn', `${doing}: ${formatManifestError(w)}`);
  }
  for (const r of parsed.rejected) {
    env.ui.log('warn', `${doing}: ${formatManifestError(r)}; that document will not be sent, the others will`);
  }
  return parsed.objects;
}

// ---- what apply and delete share ----

/** What a write flow knows before its first question (nothing has been sent yet). */
interface Prepared {
  readonly objects: readonly ManifestObject[];
  readonly conn: ClusterConnection;
  readonly prod: ProductionCheck;
}

/** Parses the manifest, then loads the connection: a broken manifest or no usable kubeconfig stops the flow, explained. */
function prepare(env: FlowEnv, doing: string, req: { readonly text: string; readonly source: string }): Prepared | { stopped: Stopped } {
  const objects = parseOrExplain(env, doing, req.text, req.source);
  if (typeof objects === 'string') {
    return { stopped: objects };
  }
  const conn = loadOrExplain(env, doing);
  if (!conn) {
    return { stopped: 'no-connection' };
  }
  return { objects, conn, prod: checkPattern(env, conn) };
}

/** Once the first question is answered: the target counts as confirmed, and the server is asked whether it answers. */
async function confirmed(env: FlowEnv, conn: ClusterConnection, doing: string): Promise<Connected | undefined> {
  env.targets?.remember(targetKey(conn));
  return probeOrExplain(env, conn, doing);
}

/** What the first confirmation of an apply or delete names. */
interface FirstQuestion {
  conn: ClusterConnection;
  source: string;
  refs: readonly ObjectRef[];
  prod: ProductionCheck;
  dryRunFirst: boolean;
  /** More to review before saying yes (for Apply Injected: the images and the injection settings from the workspace). */
  notes?: readonly string[];
}

/** The first confirmation of a write: production warning, target, objects and a note; the write or Dry Run First (Cancel added). */
function firstQuestion<T extends string>(l10n: Translator, a: FirstQuestion, message: string, note: string, write: Choice<T>): Question<T | 'dryRun'> {
  const notes = a.notes && a.notes.length > 0 ? ['', ...a.notes] : [];
  const detail = [...productionLines(l10n, a.prod), ...targetLines(l10n, a.conn), '', ...objectLines(l10n, a.refs), ...notes, '', note].join('\n');
  const dryRun: Choice<'dryRun'> = { id: 'dryRun', label: l10n.t('Dry Run First') };
  return { severity: 'warning', message, detail, choices: a.dryRunFirst ? [dryRun] : [write, dryRun] };
}

/** How apply and delete word their runs. */
interface Wording<O extends { readonly outcome: string }, Done extends string> {
  /** The result kind where every object went through. */
  readonly done: Done;
  readonly formatOutcome: (o: O, dryRun: boolean) => string;
  readonly summarize: (r: ManifestRunResult<O, Done>) => string;
}

const APPLY: Wording<ApplyOutcome, 'applied'> = { done: 'applied', formatOutcome: formatApplyOutcome, summarize: summarizeApply };
const DELETE: Wording<DeleteOutcome, 'deleted'> = { done: 'deleted', formatOutcome: formatDeleteOutcome, summarize: summarizeDelete };

/** The first line of each outcome of a dry run: 15 at most, then how many more. */
function dryRunLines<O>(l10n: Translator, outcomes: readonly O[], formatOutcome: (o: O, dryRun: boolean) => string): string[] {
  const lines = outcomes.map((o) => formatOutcome(o, true).split('\n')[0]!);
  return lines.length > 15 ? [...lines.slice(0, 15), l10n.t('… and {0} more', lines.length - 15)] : lines;
}

/** Runs one write (or dry run) with progress, logging every object as it is done, what was not sent, and the summary. */
async function runLogged<O extends { readonly outcome: string }, Done extends string>(
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
function runNotice<O extends { readonly outcome: string }, Done extends string>(
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

// ---- apply ----

/** The first confirmation of an apply: target, objects, production warning; Apply / Dry Run First (Cancel added). */
export function applyQuestion(l10n: Translator, a: FirstQuestion): Question<ApplyChoice> {
  const message = a.prod.production
    ? l10n.t('⚠ PRODUCTION ⚠ Apply {0} object(s) from {1} to context "{2}"?', a.refs.length, a.source, a.conn.context)
    : l10n.t('Apply {0} object(s) from {1} to context "{2}"?', a.refs.length, a.source, a.conn.context);
  return firstQuestion(l10n, a, message, l10n.t('Server-side apply, field manager istio-mesh-tools.'), { id: 'apply', label: l10n.t('Apply') });
}

/** The confirmation after a dry run: per-object outcome, then Apply (and Force Apply when fields conflict). */
export function afterDryRunQuestion(l10n: Translator, conn: ClusterConnection, dr: ApplyResult, prod: ProductionCheck, serverVersion?: string): Question<ApplyChoice> {
  const outcomes = 'outcomes' in dr ? dr.outcomes : [];
  const failed = outcomes.filter((o) => o.outcome === 'failed').length;
  const conflicts = conflictOutcomes(outcomes);
  const message =
    failed === 0
      ? l10n.t('Dry run passed on context "{0}". Apply for real?', conn.context)
      : l10n.t('Dry run on context "{0}": {1} of {2} object(s) would fail. Apply anyway?', conn.context, failed, outcomes.length);
  const detail = [
    ...productionLines(l10n, prod),
    summarizeApply(dr),
    '',
    ...dryRunLines(l10n, outcomes, formatApplyOutcome),
    ...(conflicts.length > 0 ? ['', l10n.t('Fields owned by other managers ({0}):', conflictManagers(conflicts).join(', ')), ...conflictLines(conflicts)] : []),
    '',
    ...targetLines(l10n, conn, serverVersion),
  ].join('\n');
  const choices: Choice<ApplyChoice>[] = [{ id: 'apply', label: l10n.t('Apply') }];
  if (conflicts.length > 0) {
    choices.push({ id: 'force', label: l10n.t('Force Apply') });
  }
  return { severity: failed === 0 && !prod.production ? 'info' : 'warning', message, detail, choices };
}

/** Runs one apply (or dry run) with progress, logging every object as it is done. */
async function runApply(env: FlowEnv, conn: ClusterConnection, text: string, source: string, opts: { dryRun?: boolean; force?: boolean }): Promise<ApplyResult> {
  const { ui, l10n } = env;
  const dryRun = opts.dryRun === true;
  const what = dryRun ? 'Dry run of' : opts.force ? 'Force apply of' : 'Apply of';
  ui.log('info', `${what} ${source} → ${describeConnection(conn)}`);
  const title = dryRun
    ? l10n.t('Dry run on {0}', conn.context)
    : opts.force
      ? l10n.t('Force applying to {0}', conn.context)
      : l10n.t('Applying to {0}', conn.context);
  return runLogged(env, title, dryRun, APPLY, (signal, onProgress) => applyManifest(conn, text, { dryRun, force: opts.force === true, signal, onProgress }));
}

/** The notification at the end of an apply. */
export function applyNotice(l10n: Translator, conn: ClusterConnection, r: ApplyResult): Notice {
  return runNotice(l10n, conn, r, APPLY, l10n.t('Apply to {0}', conn.context));
}

/** The objects of a manifest that match refs (kind, apiVersion, name, and namespace when the manifest names one), as JSON documents. */
export function manifestSubset(text: string, refs: readonly ObjectRef[]): string {
  const parsed = parseManifest(text);
  if (!parsed.ok) {
    return '';
  }
  const wanted = (o: ManifestObject): boolean =>
    refs.some((r) => r.apiVersion === o.ref.apiVersion && r.kind === o.ref.kind && r.name === o.ref.name && (o.ref.namespace === undefined || o.ref.namespace === r.namespace));
  // JSON is YAML that keeps every string a string whatever YAML version reads it.
  return parsed.objects.filter(wanted).map((o) => JSON.stringify(o.body)).join('\n---\n');
}

/** What to apply, how to name it, and what else the first confirmation should show about these objects. */
export interface ApplyRequest {
  readonly text: string;
  readonly source: string;
  readonly notes?: (objects: readonly KubeObject[]) => readonly string[];
}

/**
 * Apply: parse locally, connect, confirm (naming context, cluster, server, namespace), optional dry run and second
 * confirmation, typed confirmation for production, server-side apply with progress; conflicts are explained and a
 * forced apply of just those objects is offered (confirmed again).
 */
export async function applyFlow(env: FlowEnv, req: ApplyRequest): Promise<ApplyFlowResult> {
  const { ui, l10n } = env;
  const doing = l10n.t('Apply {0}', req.source);
  const ready = prepare(env, doing, req);
  if ('stopped' in ready) {
    return ready;
  }
  const { conn, prod } = ready;
  const refs = applyOrder(ready.objects).map((o) => o.ref);
  const notes = req.notes?.(ready.objects.map((o) => o.body)) ?? [];
  let choice = await ui.ask(applyQuestion(l10n, { conn, source: req.source, refs, prod, dryRunFirst: env.dryRunFirst === true, notes }));
  if (!choice) {
    return stop(env, doing, 'cancelled; nothing was sent.');
  }
  const connected = await confirmed(env, conn, doing);
  if (!connected) {
    return { stopped: 'no-connection' };
  }
  let dryRun: ApplyResult | undefined;
  if (choice === 'dryRun') {
    dryRun = await runApply(env, conn, req.text, req.source, { dryRun: true });
    if (dryRun.kind === 'failed' || dryRun.kind === 'cancelled' || dryRun.kind === 'invalid-manifest' || dryRun.kind === 'empty') {
      void ui.notify(applyNotice(l10n, conn, dryRun));
      return { stopped: dryRun.kind === 'cancelled' ? 'cancelled' : 'dry-run-failed', dryRun };
    }
    choice = await ui.ask(afterDryRunQuestion(l10n, conn, dryRun, prod, connected.serverVersion));
    if (!choice || choice === 'dryRun') {
      return { ...stop(env, doing, 'cancelled after the dry run; nothing was changed.'), dryRun };
    }
  }
  if (!(await typedConfirmation(env, conn, prod))) {
    return { ...stop(env, doing, 'cancelled at the typed confirmation; nothing was changed.'), ...(dryRun ? { dryRun } : {}) };
  }
  const force = choice === 'force';
  const result = await runApply(env, conn, req.text, req.source, { force });
  const conflicts = force || !('outcomes' in result) ? [] : conflictOutcomes(result.outcomes);
  if (conflicts.length === 0) {
    void ui.notify(applyNotice(l10n, conn, result));
    return { result, ...(dryRun ? { dryRun } : {}) };
  }
  return { result, ...(dryRun ? { dryRun } : {}), forced: offerForce(env, conn, req, result, conflicts.map((o) => o.ref), prod) };
}

async function offerForce(
  env: FlowEnv,
  conn: ClusterConnection,
  req: { readonly text: string; readonly source: string },
  result: ApplyResult,
  refs: readonly ObjectRef[],
  prod: ProductionCheck,
): Promise<ApplyResult | undefined> {
  const { ui, l10n } = env;
  const conflicts = conflictOutcomes('outcomes' in result ? result.outcomes : []);
  const managers = conflictManagers(conflicts).join('", "');
  for (const line of conflictLines(conflicts, Number.MAX_SAFE_INTEGER)) {
    ui.log('warn', `conflict ${line.slice(2)}`);
  }
  const picked = await ui.notify({
    severity: 'warning',
    message: l10n.t(
      'Context "{0}": {1} {2} object(s) were not applied because other field managers ("{3}") own some of their fields. Force apply to take those fields over, or remove them from the manifest.',
      conn.context,
      summarizeApply(result),
      refs.length,
      managers,
    ),
    actions: [{ id: 'force', label: l10n.t('Force Apply…') }, ...showLogs(env)],
  });
  if (picked !== 'force') {
    return undefined;
  }
  const answer = await ui.ask<'force'>({
    severity: 'warning',
    message: prod.production
      ? l10n.t('⚠ PRODUCTION ⚠ Force apply {0} object(s) to context "{1}", taking fields over from "{2}"?', refs.length, conn.context, managers)
      : l10n.t('Force apply {0} object(s) to context "{1}", taking fields over from "{2}"?', refs.length, conn.context, managers),
    detail: [
      ...productionLines(l10n, prod),
      ...conflictLines(conflicts),
      '',
      l10n.t('The other managers will no longer own these fields; their next update may change them back.'),
      '',
      ...targetLines(l10n, conn),
    ].join('\n'),
    choices: [{ id: 'force', label: l10n.t('Force Apply') }],
  });
  if (answer !== 'force') {
    env.ui.log('info', 'Force apply cancelled; nothing was changed.');
    return undefined;
  }
  if (!(await typedConfirmation(env, conn, prod))) {
    return undefined;
  }
  const forced = await runApply(env, conn, manifestSubset(req.text, refs), l10n.t('{0} (conflicting objects)', req.source), { force: true });
  void ui.notify(applyNotice(l10n, conn, forced));
  return forced;
}

// ---- delete ----

export function deleteQuestion(l10n: Translator, a: FirstQuestion): Question<DeleteChoice> {
  const message = a.prod.production
    ? l10n.t('⚠ PRODUCTION ⚠ Delete the {0} object(s) of {1} from context "{2}"?', a.refs.length, a.source, a.conn.context)
    : l10n.t('Delete the {0} object(s) of {1} from context "{2}"?', a.refs.length, a.source, a.conn.context);
  const note = l10n.t('Deleting a Namespace deletes everything in it. Objects that are already gone are reported as such.');
  return firstQuestion(l10n, a, message, note, { id: 'delete', label: l10n.t('Delete') });
}

async function runDelete(env: FlowEnv, conn: ClusterConnection, text: string, source: string, dryRun: boolean): Promise<DeleteResult> {
  const { ui, l10n } = env;
  ui.log('info', `${dryRun ? 'Dry run of deleting' : 'Delete'} ${source} → ${describeConnection(conn)}`);
  const title = dryRun ? l10n.t('Dry run on {0}', conn.context) : l10n.t('Deleting from {0}', conn.context);
  return runLogged(env, title, dryRun, DELETE, (signal, onProgress) => deleteManifest(conn, text, { dryRun, signal, onProgress }));
}

export function deleteNotice(l10n: Translator, conn: ClusterConnection, r: DeleteResult): Notice {
  return runNotice(l10n, conn, r, DELETE, l10n.t('Delete from {0}', conn.context));
}

/** Delete what a manifest declares, confirmed like apply; objects already gone are "already gone", not errors. */
export async function deleteFlow(env: FlowEnv, req: { readonly text: string; readonly source: string }): Promise<DeleteFlowResult> {
  const { ui, l10n } = env;
  const doing = l10n.t('Delete {0}', req.source);
  const ready = prepare(env, doing, req);
  if ('stopped' in ready) {
    return ready;
  }
  const { conn, prod } = ready;
  const refs = deleteOrder(ready.objects).map((o) => o.ref);
  const choice = await ui.ask(deleteQuestion(l10n, { conn, source: req.source, refs, prod, dryRunFirst: env.dryRunFirst === true }));
  if (!choice) {
    return stop(env, doing, 'cancelled; nothing was deleted.');
  }
  if (!(await confirmed(env, conn, doing))) {
    return { stopped: 'no-connection' };
  }
  let dryRun: DeleteResult | undefined;
  if (choice === 'dryRun') {
    dryRun = await runDelete(env, conn, req.text, req.source, true);
    if (dryRun.kind !== 'deleted' && dryRun.kind !== 'partial') {
      void ui.notify(deleteNotice(l10n, conn, dryRun));
      return { stopped: dryRun.kind === 'cancelled' ? 'cancelled' : 'dry-run-failed', dryRun };
    }
    const again = await ui.ask<'delete'>({
      severity: 'warning',
      message: l10n.t('Dry run on context "{0}": {1} Delete for real?', conn.context, summarizeDelete(dryRun)),
      detail: [...productionLines(l10n, prod), ...dryRunLines(l10n, dryRun.outcomes, formatDeleteOutcome), '', ...targetLines(l10n, conn)].join('\n'),
      choices: [{ id: 'delete', label: l10n.t('Delete') }],
    });
    if (again !== 'delete') {
      return { ...stop(env, doing, 'cancelled after the dry run; nothing was deleted.'), dryRun };
    }
  }
  if (!(await typedConfirmation(env, conn, prod))) {
    return { ...stop(env, doing, 'cancelled at the typed confirmation; nothing was deleted.'), ...(dryRun ? { dryRun } : {}) };
  }
  const result = await runDelete(env, conn, req.text, req.source, false);
  void ui.notify(deleteNotice(l10n, conn, result));
  return { result, ...(dryRun ? { dryRun } : {}) };
}

// ---- register a VM (istioctl register) ----

/** What registering a VM asks for. */
export type RegisterInput = Pick<RegisterVmOptions, 'name' | 'ip' | 'ports' | 'namespace' | 'serviceAccount'>;

/** Registers a VM workload (Service without selector + Endpoints), confirmed like apply, with an optional dry run. */
export async function registerFlow(env: FlowEnv, input: RegisterInput): Promise<RegisterResult | undefined> {
  const { ui, l10n } = env;
  const doing = l10n.t('Register VM {0}', input.name);
  const conn = loadOrExplain(env, doing);
  if (!conn) {
    return undefined;
  }
  const prod = checkPattern(env, conn);
  const ns = input.namespace ?? conn.namespace;
  const question = (dryRunDone: boolean): Question<'register' | 'dryRun'> => {
    const choices: Choice<'register' | 'dryRun'>[] = [];
    if (dryRunDone || env.dryRunFirst !== true) {
      choices.push({ id: 'register', label: l10n.t('Register') });
    }
    if (!dryRunDone) {
      choices.push({ id: 'dryRun', label: l10n.t('Dry Run First') });
    }
    const message = l10n.t('Register {0} ({1}, ports {2}) as Service {3}/{0} on context "{4}"?', input.name, input.ip, input.ports.join(' '), ns, conn.context);
    return {
      severity: 'warning',
      message: prod.production ? l10n.t('⚠ PRODUCTION ⚠ {0}', message) : message,
      detail: [
        ...productionLines(l10n, prod),
        ...targetLines(l10n, conn),
        '',
        l10n.t('Like istioctl register: creates the Service (without a selector) when missing and adds the address to its Endpoints, keeping other addresses.'),
        ...(dryRunDone ? ['', l10n.t('The dry run passed.')] : []),
      ].join('\n'),
      choices,
    };
  };
  const run = async (dryRun: boolean): Promise<RegisterResult> => {
    ui.log('info', `${dryRun ? 'Dry run of registering' : 'Register'} VM ${input.name} ${input.ip} [${input.ports.join(' ')}] in ${ns} → ${describeConnection(conn)}`);
    const r = await ui.progress(dryRun ? l10n.t('Dry run on {0}', conn.context) : l10n.t('Registering {0}', input.name), (_report, signal) =>
      registerVm(conn, { ...input, namespace: ns, dryRun, signal }),
    );
    logRegister(env, r);
    return r;
  };
  let choice = await ui.ask(question(false));
  if (choice === undefined) {
    stop(env, doing, 'cancelled; nothing was sent.');
    return undefined;
  }
  if (!(await confirmed(env, conn, doing))) {
    return undefined;
  }
  if (choice === 'dryRun') {
    const dr = await run(true);
    if (dr.kind !== 'registered') {
      void ui.notify(registerNotice(l10n, conn, dr));
      return dr;
    }
    choice = await ui.ask(question(true));
  }
  if (choice !== 'register') {
    stop(env, doing, 'cancelled; nothing was changed.');
    return undefined;
  }
  if (!(await typedConfirmation(env, conn, prod))) {
    return undefined;
  }
  const r = await run(false);
  void ui.notify(registerNotice(l10n, conn, r));
  return r;
}

function logRegister(env: FlowEnv, r: RegisterResult): void {
  switch (r.kind) {
    case 'registered':
      env.ui.log('info', `${r.dryRun ? '(dry run) ' : ''}Service ${r.service}, Endpoints ${r.endpoints} in ${r.namespace}; ports ${r.ports.map((p) => `${p.name}:${p.port}`).join(' ')}`);
      r.warnings.forEach((w) => env.ui.log('warn', w));
      return;
    case 'invalid-input':
      env.ui.log('error', r.message);
      return;
    case 'failed':
      problemLines('Register VM', r.problem).forEach((l) => env.ui.log('error', l));
  }
}

export function registerNotice(l10n: Translator, conn: ClusterConnection, r: RegisterResult): Notice {
  switch (r.kind) {
    case 'registered': {
      const ports = r.ports.map((p) => `${p.name}:${p.port}`).join(' ');
      const base = r.dryRun
        ? l10n.t('Dry run on context "{0}": registering would work (Service {1}, Endpoints {2}, ports {3}).', conn.context, r.service, r.endpoints, ports)
        : l10n.t('Registered on context "{0}" in namespace {1}: Service {2}, Endpoints {3}, ports {4}.', conn.context, r.namespace, r.service, r.endpoints, ports);
      return {
        severity: r.warnings.length > 0 ? 'warning' : 'info',
        message: r.warnings.length > 0 ? `${base} ${r.warnings.join(' ')}` : base,
        actions: commonChoices(l10n, ['showLogs']),
      };
    }
    case 'invalid-input':
      return { severity: 'error', message: l10n.t('Nothing was registered: {0}', r.message), actions: [] };
    case 'failed':
      return problemNotice(l10n, l10n.t('Register VM on {0}', conn.context), r.problem);
  }
}
