import { ClusterError, isFatal, problemFromResponse, type ClusterProblem } from './errors';
import type { ClusterConnection } from './kubeconfig';
import { deleteOrder, parseManifest, refString, type ManifestError, type ManifestObject } from './manifest';
import { failed, place, type FailedOutcome } from './objects';
import { Redactor, secretValues } from './redact';
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

/** What happened to one object; `not-found` (already gone, or its kind/namespace is) counts as success. */
export type DeleteOutcome =
  | { readonly ref: ObjectRef; readonly outcome: 'deleted' | 'not-found' }
  | FailedOutcome;

export interface DeleteProgress {
  readonly index: number;
  readonly total: number;
  readonly outcome: DeleteOutcome;
}

/** The result of deleting what a manifest declares. */
export type DeleteResult =
  | { readonly kind: 'deleted'; readonly dryRun: boolean; readonly outcomes: readonly DeleteOutcome[] }
  | { readonly kind: 'partial'; readonly dryRun: boolean; readonly outcomes: readonly DeleteOutcome[]; readonly failed: number }
  | { readonly kind: 'cancelled'; readonly dryRun: boolean; readonly outcomes: readonly DeleteOutcome[]; readonly notAttempted: readonly ObjectRef[] }
  | {
      readonly kind: 'failed';
      readonly dryRun: boolean;
      readonly problem: ClusterProblem;
      readonly outcomes: readonly DeleteOutcome[];
      readonly notAttempted: readonly ObjectRef[];
    }
  | { readonly kind: 'invalid-manifest'; readonly errors: readonly ManifestError[] }
  | { readonly kind: 'empty' };

type Step = { readonly kind: 'outcome'; readonly outcome: DeleteOutcome } | { readonly kind: 'stop'; readonly problem: ClusterProblem };

/**
 * Deletes what a manifest declares, in reverse apply order. As the install guide says for `kubectl delete -f`, objects
 * that are already gone (deleted with their namespace, or their CRD) are not errors: they come back as `not-found`.
 */
export async function deleteManifest(conn: ClusterConnection, text: string, opts: DeleteOptions = {}): Promise<DeleteResult> {
  const parsed = parseManifest(text);
  if (!parsed.ok) {
    return { kind: 'invalid-manifest', errors: parsed.errors };
  }
  if (parsed.objects.length === 0) {
    return { kind: 'empty' };
  }
  const dryRun = opts.dryRun === true;
  const redactor = new Redactor(secretValues(parsed.objects.map((o) => o.body)));
  const ordered = deleteOrder(parsed.objects);
  const outcomes: DeleteOutcome[] = [];
  for (let i = 0; i < ordered.length; i++) {
    const o = ordered[i]!;
    if (opts.signal?.aborted) {
      return { kind: 'cancelled', dryRun, outcomes, notAttempted: ordered.slice(i).map((x) => x.ref) };
    }
    const step = await deleteOne(conn, o, dryRun, opts, redactor);
    if (step.kind === 'stop') {
      if (step.problem.kind === 'cancelled') {
        return { kind: 'cancelled', dryRun, outcomes, notAttempted: ordered.slice(i).map((x) => x.ref) };
      }
      const outcome = failed(o.ref, step.problem, redactor);
      outcomes.push(outcome);
      opts.onProgress?.({ index: i, total: ordered.length, outcome });
      return {
        kind: 'failed',
        dryRun,
        problem: { ...step.problem, message: redactor.redact(step.problem.message) },
        outcomes,
        notAttempted: ordered.slice(i + 1).map((x) => x.ref),
      };
    }
    outcomes.push(step.outcome);
    opts.onProgress?.({ index: i, total: ordered.length, outcome: step.outcome });
  }
  const failedCount = outcomes.filter((x) => x.outcome === 'failed').length;
  return failedCount > 0 ? { kind: 'partial', dryRun, outcomes, failed: failedCount } : { kind: 'deleted', dryRun, outcomes };
}

async function deleteOne(conn: ClusterConnection, o: ManifestObject, dryRun: boolean, opts: DeleteOptions, redactor: Redactor): Promise<Step> {
  const stepFor = (p: ClusterProblem, ref: ObjectRef): Step => {
    if (p.kind === 'not-found' || p.kind === 'namespace-not-found') {
      return { kind: 'outcome', outcome: { ref, outcome: 'not-found' } };
    }
    return isFatal(p) ? { kind: 'stop', problem: p } : { kind: 'outcome', outcome: failed(ref, p, redactor) };
  };
  try {
    const info = await conn.api.resource(o.ref.apiVersion, o.ref.kind, { signal: opts.signal });
    if (!info) {
      // Its CRD (or API) is gone, so is the object.
      return { kind: 'outcome', outcome: { ref: o.ref, outcome: 'not-found' } };
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
    case 'failed':
      return `${r.problem.message} ${r.problem.nextStep}`;
    case 'invalid-manifest':
      return `The manifest has ${r.errors.length} problem${r.errors.length === 1 ? '' : 's'}; nothing was sent.`;
    case 'empty':
      return 'The manifest contains no Kubernetes objects; nothing was sent.';
  }
}

/** The log of a whole run, then the summary. */
export function formatDeleteResult(r: DeleteResult): string[] {
  const lines: string[] = [];
  if (r.kind === 'invalid-manifest') {
    lines.push(...r.errors.map((e) => `document ${e.doc + 1}${e.line ? ` (line ${e.line})` : ''}: ${e.message}`));
  } else if (r.kind !== 'empty') {
    lines.push(...r.outcomes.map((o) => formatDeleteOutcome(o, r.dryRun)));
    if (r.kind === 'cancelled' || r.kind === 'failed') {
      lines.push(...r.notAttempted.map((ref) => `${refString(ref)} not sent`));
    }
  }
  lines.push(summarizeDelete(r));
  return lines;
}
