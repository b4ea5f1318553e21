import { applyManifest, formatApplyOutcome, summarizeApply, type ApplyOutcome, type ApplyResult } from '../apply';
import { describeConnection, type ClusterConnection } from '../kubeconfig';
import { applyOrder, type ManifestObject, type ParsedManifest } from '../manifest';
import type { KubeObject, ObjectRef } from '../types';
import { showLogs } from './explain';
import type { FlowEnv, Stopped } from './flowEnv';
import type { Choice, Notice, Question } from './flowUi';
import { dryRunLines, firstQuestion, prepare, runLogged, runNotice, stoppedWith, type FirstQuestion, type ManifestRequest, type Wording } from './manifestWrites';
import { conflictLines, conflictManagers, conflictOutcomes, productionLines, targetLines } from './messages';
import type { ProductionCheck } from './production';
import type { Translator } from './translator';
import { confirmedWrite, typedConfirmation } from './writeLadder';

// Apply: parse locally, confirm (naming context, cluster, server, namespace), optional dry run and second
// confirmation, typed confirmation for production, server-side apply with progress; conflicts are explained and a
// forced apply of just those objects is offered (confirmed again).

type ApplyChoice = 'apply' | 'force';

/** How an apply flow ended. */
export interface ApplyFlowResult {
  readonly stopped?: Stopped;
  readonly dryRun?: ApplyResult;
  /** The real apply, when one was sent. */
  readonly result?: ApplyResult;
  /** When objects conflicted: settles once the user answered the offer to force (undefined: not forced). */
  readonly forced?: Promise<ApplyResult | undefined>;
}

const APPLY: Wording<ApplyOutcome, 'applied'> = { done: 'applied', formatOutcome: formatApplyOutcome, summarize: summarizeApply };

/** The first confirmation of an apply: target, objects, production warning; Apply / Dry Run First (Cancel added). */
export function applyQuestion(l10n: Translator, a: FirstQuestion): Question<'apply' | 'dryRun'> {
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
async function runApply(env: FlowEnv, conn: ClusterConnection, manifest: ParsedManifest, source: string, opts: { dryRun?: boolean; force?: boolean }): Promise<ApplyResult> {
  const { ui, l10n } = env;
  const dryRun = opts.dryRun === true;
  const what = dryRun ? 'Dry run of' : opts.force ? 'Force apply of' : 'Apply of';
  ui.log('info', `${what} ${source} → ${describeConnection(conn)}`);
  const title = dryRun
    ? l10n.t('Dry run on {0}', conn.context)
    : opts.force
      ? l10n.t('Force applying to {0}', conn.context)
      : l10n.t('Applying to {0}', conn.context);
  return runLogged(env, title, dryRun, APPLY, (signal, onProgress) => applyManifest(conn, manifest, { dryRun, force: opts.force === true, signal, onProgress }));
}

/** The notification at the end of an apply. */
export function applyNotice(l10n: Translator, conn: ClusterConnection, r: ApplyResult): Notice {
  return runNotice(l10n, conn, r, APPLY, l10n.t('Apply to {0}', conn.context));
}

/** The objects of a manifest that match refs (kind, apiVersion, name, and namespace when the manifest names one). */
export function conflictingObjects(manifest: ParsedManifest, refs: readonly ObjectRef[]): ParsedManifest {
  const wanted = (o: ManifestObject): boolean =>
    refs.some((r) => r.apiVersion === o.ref.apiVersion && r.kind === o.ref.kind && r.name === o.ref.name && (o.ref.namespace === undefined || o.ref.namespace === r.namespace));
  return { ok: true, objects: manifest.objects.filter(wanted), rejected: [], warnings: [] };
}

/** What to apply, how to name it, and what else the first confirmation should show about these objects. */
export interface ApplyRequest extends ManifestRequest {
  readonly notes?: (objects: readonly KubeObject[]) => readonly string[];
}

const FAILED_DRY_RUN: ReadonlySet<ApplyResult['kind']> = new Set(['failed', 'cancelled', 'invalid-manifest', 'empty']);

const hasConflicts = (r: ApplyResult): boolean => 'outcomes' in r && conflictOutcomes(r.outcomes).length > 0;

/** Apply, up the write ladder; a conflict ends in an offer to force instead of the notification. */
export async function applyFlow(env: FlowEnv, req: ApplyRequest): Promise<ApplyFlowResult> {
  const { l10n } = env;
  const doing = l10n.t('Apply {0}', req.source);
  const ready = prepare(env, doing, req);
  if ('stopped' in ready) {
    return ready;
  }
  const { conn, prod, manifest } = ready;
  const refs = applyOrder(manifest.objects).map((o) => o.ref);
  const notes = req.notes?.(manifest.objects.map((o) => o.body)) ?? [];
  const end = await confirmedWrite<ApplyChoice, ApplyResult>(env, {
    doing,
    conn,
    prod,
    first: applyQuestion(l10n, { conn, source: req.source, refs, prod, dryRunFirst: env.dryRunFirst === true, notes }),
    run: (dryRun, choice) => runApply(env, conn, manifest, req.source, dryRun ? { dryRun } : { force: choice === 'force' }),
    dryRunStops: (dr) => (FAILED_DRY_RUN.has(dr.kind) ? (dr.kind === 'cancelled' ? 'cancelled' : 'dry-run-failed') : undefined),
    afterDryRun: (dr, connected) => afterDryRunQuestion(l10n, conn, dr, prod, connected.serverVersion),
    notice: (r, dryRun) => (!dryRun && hasConflicts(r) ? undefined : applyNotice(l10n, conn, r)),
    cancelled: {
      first: 'cancelled; nothing was sent.',
      afterDryRun: 'cancelled after the dry run; nothing was changed.',
      typed: 'cancelled at the typed confirmation; nothing was changed.',
    },
  });
  if ('stopped' in end) {
    return stoppedWith(end);
  }
  const { result, choice } = end;
  const dryRun = end.dryRun === undefined ? {} : { dryRun: end.dryRun };
  const conflicts = choice === 'force' || !('outcomes' in result) ? [] : conflictOutcomes(result.outcomes);
  if (conflicts.length === 0) {
    return { result, ...dryRun };
  }
  return { result, ...dryRun, forced: offerForce(env, conn, { manifest, source: req.source }, result, conflicts.map((o) => o.ref), prod) };
}

async function offerForce(
  env: FlowEnv,
  conn: ClusterConnection,
  req: { readonly manifest: ParsedManifest; readonly source: string },
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
  const forced = await runApply(env, conn, conflictingObjects(req.manifest, refs), l10n.t('{0} (conflicting objects)', req.source), { force: true });
  void ui.notify(applyNotice(l10n, conn, forced));
  return forced;
}
