import { ClusterError, isFatal, problemFromResponse, type ClusterProblem } from './errors';
import type { ClusterConnection } from './kubeconfig';
import { deleteOrder, isCrdObject, kindsDefinedBy, refString, type ManifestObject, type ParsedManifest } from './manifest';
import { formatRun, runManifest, summarizeStop, type ManifestRunResult, type RunProgress, type RunStep } from './manifestRun';
import { failed, kindNotServed, place, type FailedOutcome } from './objects';
import type { Redactor } from './redact';
import type { ObjectRef } from './types';

/** How to delete. */
export interface DeleteOptions {
  /** Server-side dry run: checked, nothing deleted. */
  readonly dryRun?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: DeleteProgress) => void;
  /** Garbage collection of dependents (kubectl's default: Background). */
  readonly propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
}

/** What happened to one object; `not-found` (already gone, or its namespace is) counts as success. */
export type DeleteOutcome =
  | { readonly ref: ObjectRef; readonly outcome: 'deleted' | 'not-found' }
  | FailedOutcome;

/** Progress after each object. */
export type DeleteProgress = RunProgress<DeleteOutcome>;

/** The result of deleting what a manifest declares. */
export type DeleteResult = ManifestRunResult<DeleteOutcome, 'deleted'>;

type Step = RunStep<DeleteOutcome>;

/**
 * Deletes what a manifest declares, in reverse apply order. As the install guide says for `kubectl delete -f`, objects
 * that are already gone (deleted with their namespace, or their CRD) are not errors: they come back as `not-found`.
 */
export async function deleteManifest(conn: ClusterConnection, manifest: string | ParsedManifest, opts: DeleteOptions = {}): Promise<DeleteResult> {
  const dryRun = opts.dryRun === true;
  return runManifest(manifest, {
    done: 'deleted',
    dryRun,
    signal: opts.signal,
    onProgress: opts.onProgress,
    order: deleteOrder,
    start: (ordered, redactor) => {
      const definedHere = new Set(ordered.filter(isCrdObject).map((o) => kindsDefinedBy(o.body)).filter((k) => k !== undefined).map((k) => `${k.group}/${k.kind}`));
      return (o) => deleteOne(conn, o, dryRun, opts, redactor, definedHere);
    },
  });
}

async function deleteOne(conn: ClusterConnection, o: ManifestObject, dryRun: boolean, opts: DeleteOptions, redactor: Redactor, definedHere: ReadonlySet<string>): Promise<Step> {
  const stepFor = (p: ClusterProblem, ref: ObjectRef): Step => {
    if (p.kind === 'not-found' || p.kind === 'namespace-not-found') {
      return { kind: 'outcome', outcome: { ref, outcome: 'not-found' } };
    }
    return isFatal(p) ? { kind: 'stop', problem: p } : { kind: 'outcome', outcome: failed(ref, p, redactor) };
  };
  try {
    const info = await conn.api.resource(o.ref.apiVersion, o.ref.kind, { signal: opts.signal });
    if (!info) {
      const group = o.ref.apiVersion.includes('/') ? o.ref.apiVersion.slice(0, o.ref.apiVersion.indexOf('/')) : '';
      // A custom resource cannot outlive its CRD, so when this manifest's own CRD is not served the object is gone.
      // Any other kind the server does not serve (an API removed since, as 0.2's extensions/v1beta1) is reported as
      // `kubectl delete -f` reports it: that is no proof the object is gone.
      return definedHere.has(`${group}/${o.ref.kind}`)
        ? { kind: 'outcome', outcome: { ref: o.ref, outcome: 'not-found' } }
        : { kind: 'outcome', outcome: failed(o.ref, kindNotServed(o.ref), redactor) };
    }
    const target = place(conn, o, info);
    const res = await conn.api.send({
      method: 'DELETE',
      path: target.path,
      query: { dryRun: dryRun ? 'All' : undefined },
      body: JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: opts.propagationPolicy ?? 'Background' }),
      signal: opts.signal,
    });
    if (res.status >= 200 && res.status <= 299) {
      return { kind: 'outcome', outcome: { ref: target.ref, outcome: 'deleted' } };
    }
    return stepFor(problemFromResponse(res.status, res.body, conn.api.target), target.ref);
  } catch (e) {
    if (e instanceof ClusterError) {
      return stepFor(e.problem, o.ref);
    }
    throw e;
  }
}

/** One log line per object: `deployment.apps/istio-pilot (istio-system) deleted`. */
export function formatDeleteOutcome(o: DeleteOutcome, dryRun: boolean): string {
  const suffix = dryRun ? ' (dry run)' : '';
  if (o.outcome === 'failed') {
    return `${refString(o.ref)} failed${suffix}: ${o.message} [${o.code ? `${o.code} ` : ''}${o.reason}]\n    next step: ${o.nextStep}`;
  }
  return `${refString(o.ref)} ${o.outcome === 'deleted' ? 'deleted' : 'already gone'}${suffix}`;
}

/** One sentence for a notification, per result case. */
export function summarizeDelete(r: DeleteResult): string {
  const gone = (outcomes: readonly DeleteOutcome[]): string => {
    const deleted = outcomes.filter((o) => o.outcome === 'deleted').length;
    const missing = outcomes.filter((o) => o.outcome === 'not-found').length;
    return `${deleted} deleted, ${missing} already gone`;
  };
  switch (r.kind) {
    case 'deleted':
      return `${r.dryRun ? 'Dry run: ' : ''}${gone(r.outcomes)}.${r.dryRun ? ' Nothing was deleted.' : ''}`;
    case 'partial':
      return `${r.dryRun ? 'Dry run: ' : ''}${r.failed} of ${r.outcomes.length} objects could not be deleted (${gone(r.outcomes)}).`;
    case 'cancelled':
      return `Cancelled after ${r.outcomes.length} objects (${gone(r.outcomes)}); ${r.notAttempted.length} not sent.`;
    default:
      return summarizeStop(r);
  }
}

/** The log of a whole run, then the summary. */
export function formatDeleteResult(r: DeleteResult): string[] {
  return formatRun(r, formatDeleteOutcome, summarizeDelete(r));
}
