import { deleteManifest, formatDeleteOutcome, summarizeDelete, type DeleteOutcome, type DeleteResult } from '../delete';
import { describeConnection, type ClusterConnection } from '../kubeconfig';
import { deleteOrder, type ParsedManifest } from '../manifest';
import type { FlowEnv, Stopped } from './flowEnv';
import type { Notice, Question } from './flowUi';
import { dryRunLines, firstQuestion, prepare, runLogged, runNotice, stoppedWith, type FirstQuestion, type ManifestRequest, type Wording } from './manifestWrites';
import { productionLines, targetLines } from './messages';
import type { Translator } from './translator';
import { confirmedWrite } from './writeLadder';

// Delete what a manifest declares, confirmed like apply; objects already gone are "already gone", not errors.

/** How a delete flow ended. */
export interface DeleteFlowResult {
  readonly stopped?: Stopped;
  readonly dryRun?: DeleteResult;
  readonly result?: DeleteResult;
}

const DELETE: Wording<DeleteOutcome, 'deleted'> = { done: 'deleted', formatOutcome: formatDeleteOutcome, summarize: summarizeDelete };

export function deleteQuestion(l10n: Translator, a: FirstQuestion): Question<'delete' | 'dryRun'> {
  const message = a.prod.production
    ? l10n.t('⚠ PRODUCTION ⚠ Delete the {0} object(s) of {1} from context "{2}"?', a.refs.length, a.source, a.conn.context)
    : l10n.t('Delete the {0} object(s) of {1} from context "{2}"?', a.refs.length, a.source, a.conn.context);
  const note = l10n.t('Deleting a Namespace deletes everything in it. Objects that are already gone are reported as such.');
  return firstQuestion(l10n, a, message, note, { id: 'delete', label: l10n.t('Delete') });
}

async function runDelete(env: FlowEnv, conn: ClusterConnection, manifest: ParsedManifest, source: string, dryRun: boolean): Promise<DeleteResult> {
  const { ui, l10n } = env;
  ui.log('info', `${dryRun ? 'Dry run of deleting' : 'Delete'} ${source} → ${describeConnection(conn)}`);
  const title = dryRun ? l10n.t('Dry run on {0}', conn.context) : l10n.t('Deleting from {0}', conn.context);
  return runLogged(env, title, dryRun, DELETE, (signal, onProgress) => deleteManifest(conn, manifest, { dryRun, signal, onProgress }));
}

export function deleteNotice(l10n: Translator, conn: ClusterConnection, r: DeleteResult): Notice {
  return runNotice(l10n, conn, r, DELETE, l10n.t('Delete from {0}', conn.context));
}

/** Delete, up the write ladder. */
export async function deleteFlow(env: FlowEnv, req: ManifestRequest): Promise<DeleteFlowResult> {
  const { l10n } = env;
  const doing = l10n.t('Delete {0}', req.source);
  const ready = prepare(env, doing, req);
  if ('stopped' in ready) {
    return ready;
  }
  const { conn, prod, manifest } = ready;
  const refs = deleteOrder(manifest.objects).map((o) => o.ref);
  const end = await confirmedWrite<'delete', DeleteResult>(env, {
    doing,
    conn,
    prod,
    first: deleteQuestion(l10n, { conn, source: req.source, refs, prod, dryRunFirst: env.dryRunFirst === true }),
    run: (dryRun) => runDelete(env, conn, manifest, req.source, dryRun),
    dryRunStops: (dr) => (dr.kind === 'deleted' || dr.kind === 'partial' ? undefined : dr.kind === 'cancelled' ? 'cancelled' : 'dry-run-failed'),
    afterDryRun: (dr) => ({
      severity: 'warning',
      message: l10n.t('Dry run on context "{0}": {1} Delete for real?', conn.context, summarizeDelete(dr)),
      detail: [...productionLines(l10n, prod), ...('outcomes' in dr ? dryRunLines(l10n, dr.outcomes, formatDeleteOutcome) : []), '', ...targetLines(l10n, conn)].join('\n'),
      choices: [{ id: 'delete', label: l10n.t('Delete') }],
    }),
    notice: (r) => deleteNotice(l10n, conn, r),
    cancelled: {
      first: 'cancelled; nothing was deleted.',
      afterDryRun: 'cancelled after the dry run; nothing was deleted.',
      typed: 'cancelled at the typed confirmation; nothing was deleted.',
    },
  });
  if ('stopped' in end) {
    return stoppedWith(end);
  }
  return { result: end.result, ...(end.dryRun === undefined ? {} : { dryRun: end.dryRun }) };
}
