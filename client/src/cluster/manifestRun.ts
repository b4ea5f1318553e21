import type { ClusterProblem } from './errors';
import { formatManifestError, parseManifest, refString, type ManifestError, type ManifestObject, type ParsedManifest, type RejectedDocument } from './manifest';
import { failed, type FailedOutcome } from './objects';
import { Redactor, secretValues } from './redact';
import type { ObjectRef } from './types';

// Shared by apply and delete: a manifest written object by object, how such a run ends, and its log.

/** The result of a run, one case per way it can end; `Done` names the case where every object went through. */
export type ManifestRunResult<O, Done extends string> =
  | { readonly kind: Done; readonly dryRun: boolean; readonly outcomes: readonly O[]; readonly warnings?: readonly string[] }
  | { readonly kind: 'partial'; readonly dryRun: boolean; readonly outcomes: readonly O[]; readonly failed: number; readonly warnings?: readonly string[] }
  | {
      readonly kind: 'cancelled';
      readonly dryRun: boolean;
      readonly outcomes: readonly O[];
      readonly notAttempted: readonly ObjectRef[];
      readonly warnings?: readonly string[];
    }
  | {
      /** A problem no further request could get past (401, unreachable, TLS, timeout): the run stopped there. */
      readonly kind: 'failed';
      readonly dryRun: boolean;
      readonly problem: ClusterProblem;
      readonly outcomes: readonly O[];
      readonly notAttempted: readonly ObjectRef[];
      readonly warnings?: readonly string[];
    }
  | { readonly kind: 'invalid-manifest'; readonly errors: readonly ManifestError[] }
  | { readonly kind: 'empty' };

/** Progress after each object. */
export interface RunProgress<O> {
  readonly index: number;
  readonly total: number;
  readonly outcome: O;
}

/** What writing one object came to: its outcome, or a problem that stops the run. */
export type RunStep<O> = { readonly kind: 'outcome'; readonly outcome: O } | { readonly kind: 'stop'; readonly problem: ClusterProblem };

/** How to run. */
export interface RunHow<O, Done extends string> {
  readonly done: Done;
  readonly dryRun: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: RunProgress<NoInfer<O> | FailedOutcome>) => void;
  /** The order the objects are sent in. */
  readonly order: (objects: readonly ManifestObject[]) => ManifestObject[];
  /** Called once the manifest parsed, with its objects in order; returns what writes one of them. */
  readonly start: (ordered: readonly ManifestObject[], redactor: Redactor) => (o: ManifestObject) => Promise<RunStep<O>>;
  /** An outcome after which the run ends as cancelled, the rest not sent. */
  readonly endsRun?: (outcome: NoInfer<O>) => boolean;
}

/**
 * Writes the objects of a manifest (parsed here when given as text) one by one. Per-object failures are reported and
 * the run goes on; a problem no request can get past stops it. Nothing is sent when the manifest does not parse.
 */
export async function runManifest<O extends { readonly outcome: string }, Done extends string>(
  manifest: string | ParsedManifest,
  how: RunHow<O, Done>,
): Promise<ManifestRunResult<O | FailedOutcome, Done>> {
  const parsed = typeof manifest === 'string' ? parseManifest(manifest) : manifest;
  if (!parsed.ok) {
    return { kind: 'invalid-manifest', errors: parsed.errors };
  }
  if (parsed.objects.length === 0) {
    return { kind: 'empty' };
  }
  const { dryRun, signal, onProgress } = how;
  const redactor = new Redactor(secretValues(parsed.objects.map((o) => o.body)));
  const ordered = how.order(parsed.objects);
  const writeOne = how.start(ordered, redactor);
  const outcomes: (O | FailedOutcome)[] = [];
  const w = parsed.warnings.length > 0 ? { warnings: parsed.warnings.map((x) => redactor.redact(formatManifestError(x))) } : {};
  // Documents kubectl would refuse fail as themselves, as `kubectl apply -f` reports them, after the objects it sends.
  const rejected = parsed.rejected.map((r) => failed(r.ref, rejectedProblem(r), redactor));
  const total = ordered.length + rejected.length;
  for (let i = 0; i < ordered.length; i++) {
    const o = ordered[i]!;
    const rest = (): ObjectRef[] => [...ordered.slice(i + 1).map((x) => x.ref), ...parsed.rejected.map((r) => r.ref)];
    if (signal?.aborted) {
      return { kind: 'cancelled', dryRun, outcomes, notAttempted: [...ordered.slice(i).map((x) => x.ref), ...parsed.rejected.map((r) => r.ref)], ...w };
    }
    const step = await writeOne(o);
    if (step.kind === 'stop') {
      if (step.problem.kind === 'cancelled') {
        return { kind: 'cancelled', dryRun, outcomes, notAttempted: [...ordered.slice(i).map((x) => x.ref), ...parsed.rejected.map((r) => r.ref)], ...w };
      }
      const outcome = failed(o.ref, step.problem, redactor);
      outcomes.push(outcome);
      onProgress?.({ index: i, total, outcome });
      return { kind: 'failed', dryRun, problem: { ...step.problem, message: redactor.redact(step.problem.message) }, outcomes, notAttempted: rest(), ...w };
    }
    outcomes.push(step.outcome);
    onProgress?.({ index: i, total, outcome: step.outcome });
    if (how.endsRun?.(step.outcome)) {
      return { kind: 'cancelled', dryRun, outcomes, notAttempted: rest(), ...w };
    }
  }
  rejected.forEach((outcome, j) => {
    outcomes.push(outcome);
    onProgress?.({ index: ordered.length + j, total, outcome });
  });
  const failedCount = outcomes.filter((x) => x.outcome === 'failed').length;
  return failedCount > 0 ? { kind: 'partial', dryRun, outcomes, failed: failedCount, ...w } : { kind: how.done, dryRun, outcomes, ...w };
}

/** The problem of a document kubectl refuses before sending it. */
function rejectedProblem(r: RejectedDocument): ClusterProblem {
  return {
    kind: 'invalid',
    reason: 'Invalid',
    message: `document ${r.doc + 1}${r.line ? ` (line ${r.line})` : ''}: ${r.message}`,
    nextStep: 'Fix that document and run the command again; the other objects were sent.',
  };
}

/** One sentence for the ends apply and delete word alike: a problem that stopped the run, or nothing to send. */
export function summarizeStop(
  r: { readonly kind: 'failed'; readonly problem: ClusterProblem } | { readonly kind: 'invalid-manifest'; readonly errors: readonly ManifestError[] } | { readonly kind: 'empty' },
): string {
  switch (r.kind) {
    case 'failed':
      return `${r.problem.message} ${r.problem.nextStep}`;
    case 'invalid-manifest':
      return `The manifest has ${r.errors.length} problem${r.errors.length === 1 ? '' : 's'}; nothing was sent.`;
    case 'empty':
      return 'The manifest contains no Kubernetes objects; nothing was sent.';
  }
}

/** The log of a whole run: one line per object (or manifest problem), what was not sent, then the summary. */
export function formatRun<O, Done extends string>(r: ManifestRunResult<O, Done>, formatOutcome: (o: O, dryRun: boolean) => string, summary: string): string[] {
  const lines: string[] = [];
  if ('warnings' in r && r.warnings) {
    lines.push(...r.warnings.map((x) => `warning: ${x}`));
  }
  if ('errors' in r) {
    lines.push(...r.errors.map(formatManifestError));
  } else if ('outcomes' in r) {
    lines.push(...r.outcomes.map((o) => formatOutcome(o, r.dryRun)));
    if ('notAttempted' in r) {
      lines.push(...r.notAttempted.map((ref) => `${refString(ref)} not sent`));
    }
  }
  lines.push(summary);
  return lines;
}
