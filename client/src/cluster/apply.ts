import { KubeApi, type ApiResourceInfo, type ApiResponse } from './api';
import { lastApplied, threeWayMergePatch, withLastApplied } from './clientSideApply';
import { ClusterError, isFatal, problemFromResponse, type ClusterProblem, type FieldConflict } from './errors';
import type { ClusterConnection } from './kubeconfig';
import { applyOrder, isCrdObject, kindsDefinedBy, refString, type ManifestObject, type ParsedManifest } from './manifest';
import { formatRun, runManifest, summarizeStop, type ManifestRunResult, type RunProgress, type RunStep } from './manifestRun';
import { failed, kindNotServed, pause, place, type FailedOutcome, type Placed } from './objects';
import type { Redactor } from './redact';
import type { KubeObject, ObjectRef } from './types';

/** The field manager of every apply from this extension (what managedFields shows). */
export const FIELD_MANAGER = 'istio-mesh-tools';

/** How to apply. */
export interface ApplyOptions {
  /** Server-side dry run (`dryRun=All`): validated and defaulted by the server, nothing persisted. */
  readonly dryRun?: boolean;
  /** Take over fields other managers own instead of failing with a conflict. */
  readonly force?: boolean;
  /** Checked before every request; aborting also cancels the request in flight. */
  readonly signal?: AbortSignal;
  /** Called after each object, in order. */
  readonly onProgress?: (event: ApplyProgress) => void;
  /** How long to wait for a CRD applied earlier in this run to be served (default 10 000 ms). */
  readonly crdWaitMs?: number;
}

/** What happened to one object. `unchanged` means the resourceVersion did not move (or, in a dry run, nothing would change). */
export type ApplyOutcome =
  | {
      readonly ref: ObjectRef;
      readonly outcome: 'created' | 'configured' | 'unchanged';
      readonly resourceVersion?: string;
      /** How it was applied: server-side, or kubectl's client-side apply where the server has no server-side apply. */
      readonly via: ApplyMethod;
    }
  | FailedOutcome
  | { readonly ref: ObjectRef; readonly outcome: 'skipped'; readonly message: string };

/** Server-side apply, or (a server without it) kubectl's client-side apply with the last-applied annotation. */
export type ApplyMethod = 'server-side apply' | 'client-side apply';

/** Progress after each object. */
export type ApplyProgress = RunProgress<ApplyOutcome>;

/** The result of applying a manifest, one case per way it can end. */
export type ApplyResult = ManifestRunResult<ApplyOutcome, 'applied'>;

type Step = RunStep<ApplyOutcome>;

/** Drops what differs between a live object and a dry-run answer without meaning a change. */
function comparable(o: KubeObject | undefined): string {
  if (!o) {
    return '';
  }
  const c = structuredClone(o);
  const meta = { ...(c.metadata ?? {}) };
  delete meta.resourceVersion;
  delete meta.generation;
  meta.managedFields = (meta.managedFields ?? []).map((m) => {
    const { time: _time, ...rest } = m as Record<string, unknown>;
    return rest;
  });
  c.metadata = meta;
  return JSON.stringify(c);
}

/**
 * Server-side applies every object of a manifest with field manager `istio-mesh-tools`: Namespaces and CRDs first,
 * then the rest in document order. Per-object failures are reported and the run goes on; a problem no request can get
 * past (401, unreachable, TLS, timeout) stops it. Nothing is sent when the manifest does not parse.
 */
export async function applyManifest(conn: ClusterConnection, manifest: string | ParsedManifest, opts: ApplyOptions = {}): Promise<ApplyResult> {
  const dryRun = opts.dryRun === true;
  return runManifest(manifest, {
    done: 'applied',
    dryRun,
    signal: opts.signal,
    onProgress: opts.onProgress,
    order: applyOrder,
    start: (ordered, redactor) => {
      const state: RunState = {
        dryRun,
        force: opts.force === true,
        signal: opts.signal,
        redactor,
        definedHere: new Set(ordered.filter(isCrdObject).map((o) => kindsDefinedBy(o.body)).filter((k) => k !== undefined).map((k) => `${k.group}/${k.kind}`)),
        appliedCrds: new Set<string>(),
        dryRunNamespaces: new Set<string>(),
        crdWaitMs: opts.crdWaitMs ?? 10_000,
        clientSide: false,
      };
      return (o) => applyOne(conn, o, state);
    },
    endsRun: (outcome) => outcome.outcome === 'failed' && outcome.reason === 'Cancelled',
  });
}

interface RunState {
  readonly dryRun: boolean;
  readonly force: boolean;
  readonly signal?: AbortSignal;
  readonly redactor: Redactor;
  readonly definedHere: ReadonlySet<string>;
  readonly appliedCrds: Set<string>;
  /** Namespaces a dry run "created": they do not exist, so objects in them cannot be checked. */
  readonly dryRunNamespaces: Set<string>;
  readonly crdWaitMs: number;
  /** Set once the server answered 415 to an apply patch: the rest of the run applies client-side. */
  clientSide: boolean;
}

async function resolveKind(conn: ClusterConnection, ref: ObjectRef, s: RunState): Promise<ApiResourceInfo | undefined> {
  let info = await conn.api.resource(ref.apiVersion, ref.kind, { signal: s.signal });
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.slice(0, ref.apiVersion.indexOf('/')) : '';
  if (!info && s.appliedCrds.has(`${group}/${ref.kind}`)) {
    // A CRD applied moments ago: the apiserver serves its kind once the CRD is Established.
    const deadline = Date.now() + s.crdWaitMs;
    while (!info && Date.now() < deadline && !s.signal?.aborted) {
      await pause(250, s.signal);
      info = await conn.api.resource(ref.apiVersion, ref.kind, { refresh: true, signal: s.signal });
    }
  }
  return info;
}

/** A step the run takes instead of going on with the object (a skip, a failure, or the end of the run). */
interface Early {
  readonly step: Step;
}

/** What the object looked like before the apply; `known` is false when the user may not read it. */
interface Before {
  readonly object: KubeObject | undefined;
  readonly known: boolean;
}

function problemStep(p: ClusterProblem, ref: ObjectRef, s: RunState): Step {
  return isFatal(p) ? { kind: 'stop', problem: p } : { kind: 'outcome', outcome: failed(ref, p, s.redactor) };
}

async function applyOne(conn: ClusterConnection, o: ManifestObject, s: RunState): Promise<Step> {
  const placed = await placeForApply(conn, o, s);
  if ('step' in placed) {
    return placed.step;
  }
  const before = await readBefore(conn, placed, s);
  if ('step' in before) {
    return before.step;
  }
  if (s.signal?.aborted) {
    return { kind: 'stop', problem: { kind: 'cancelled', message: 'Cancelled.', nextStep: '' } };
  }
  const sent = await sendApply(conn, placed, before, s);
  if ('step' in sent) {
    return sent.step;
  }
  return applied(conn, o, placed, before, sent, s);
}

/** Where the object goes, or why it is not applied (its kind is not served, or a dry run cannot check it). */
async function placeForApply(conn: ClusterConnection, o: ManifestObject, s: RunState): Promise<Placed | Early> {
  let info: ApiResourceInfo | undefined;
  try {
    info = await resolveKind(conn, o.ref, s);
  } catch (e) {
    if (e instanceof ClusterError) {
      return { step: problemStep(e.problem, o.ref, s) };
    }
    throw e;
  }
  if (!info) {
    const group = o.ref.apiVersion.includes('/') ? o.ref.apiVersion.slice(0, o.ref.apiVersion.indexOf('/')) : '';
    if (s.dryRun && s.definedHere.has(`${group}/${o.ref.kind}`)) {
      return {
        step: {
          kind: 'outcome',
          outcome: {
            ref: o.ref,
            outcome: 'skipped',
            message: `its CustomResourceDefinition is in this manifest but not installed yet, so a dry run cannot check ${o.ref.kind} objects`,
          },
        },
      };
    }
    return { step: { kind: 'outcome', outcome: failed(o.ref, kindNotServed(o.ref), s.redactor) } };
  }
  const target = place(conn, o, info);
  if (s.dryRun && target.ref.namespace !== undefined && s.dryRunNamespaces.has(target.ref.namespace)) {
    return {
      step: {
        kind: 'outcome',
        outcome: {
          ref: target.ref,
          outcome: 'skipped',
          message: `namespace ${target.ref.namespace} is created by this manifest and does not exist yet, so a dry run cannot check objects in it`,
        },
      },
    };
  }
  return target;
}

async function readBefore(conn: ClusterConnection, target: Placed, s: RunState): Promise<Before | Early> {
  // Reading first tells created/configured/unchanged apart; apply itself needs only `patch` (and `create`) rights,
  // so a user who may not `get` still applies, with "configured" standing for "changed or not".
  try {
    return { object: await conn.api.getOptional<KubeObject>(target.path, s.signal), known: true };
  } catch (e) {
    if (e instanceof ClusterError && e.problem.kind === 'forbidden') {
      return { object: undefined, known: false };
    } else if (e instanceof ClusterError) {
      return { step: problemStep(e.problem, target.ref, s) };
    } else {
      throw e;
    }
  }
}

/** Sends the apply: server-side, or client-side once the server has said it cannot. */
async function sendApply(
  conn: ClusterConnection,
  target: Placed,
  before: Before,
  s: RunState,
): Promise<{ readonly res: ApiResponse; readonly via: ApplyMethod } | Early> {
  let res;
  let via: ApplyMethod = 'server-side apply';
  try {
    if (!s.clientSide) {
      res = await conn.api.send({
        method: 'PATCH',
        path: target.path,
        query: { fieldManager: FIELD_MANAGER, fieldValidation: 'Strict', force: s.force ? 'true' : undefined, dryRun: s.dryRun ? 'All' : undefined },
        body: JSON.stringify(target.body),
        contentType: 'application/apply-patch+yaml',
        signal: s.signal,
      });
      // 415: the server does not know the apply patch type (before Kubernetes 1.16, or server-side apply turned off).
      s.clientSide = res.status === 415;
    }
    if (s.clientSide) {
      via = 'client-side apply';
      if (!before.known) {
        return {
          step: problemStep(
            { kind: 'forbidden', message: `${refString(target.ref)}: the server has no server-side apply, and client-side apply must read the object first, which you may not.`, nextStep: 'Ask for get rights on it, or apply with kubectl from an account that has them.' },
            target.ref,
            s,
          ),
        };
      }
      const sent = await clientSideApply(conn, target, before.object, s);
      if (sent === 'unchanged') {
        const rv = before.object?.metadata?.resourceVersion;
        return { step: { kind: 'outcome', outcome: { ref: target.ref, outcome: 'unchanged', via, ...(rv ? { resourceVersion: rv } : {}) } } };
      }
      res = sent;
    }
  } catch (e) {
    if (e instanceof ClusterError && e.problem.kind === 'cancelled') {
      // The server may have applied it before the abort arrived: say so rather than guess.
      return {
        step: {
          kind: 'outcome',
          outcome: failed(target.ref, { kind: 'cancelled', message: 'Cancelled while the server was applying it; it may or may not have been applied.', nextStep: 'Apply again to be sure.' }, s.redactor),
        },
      };
    }
    if (e instanceof ClusterError) {
      return { step: problemStep(e.problem, target.ref, s) };
    }
    throw e;
  }
  if (!res) {
    throw new Error('apply: no response');
  }
  return { res, via };
}

/** The object's outcome from the server's answer; CRDs and dry-run Namespaces are remembered for the rest of the run. */
function applied(
  conn: ClusterConnection,
  o: ManifestObject,
  target: Placed,
  before: Before,
  sent: { readonly res: ApiResponse; readonly via: ApplyMethod },
  s: RunState,
): Step {
  const { res, via } = sent;
  if (res.status < 200 || res.status > 299) {
    return problemStep(problemFromResponse(res.status, res.body, conn.api.target), target.ref, s);
  }
  const after = res.body as KubeObject;
  if (isCrdObject(o) && !s.dryRun) {
    const k = kindsDefinedBy(o.body);
    if (k) {
      s.appliedCrds.add(`${k.group}/${k.kind}`);
    }
  }
  if (s.dryRun && res.status === 201 && o.ref.kind === 'Namespace' && o.ref.apiVersion === 'v1') {
    s.dryRunNamespaces.add(o.ref.name);
  }
  const resourceVersion = after.metadata?.resourceVersion;
  const prior = before.object;
  let outcome: 'created' | 'configured' | 'unchanged';
  if (res.status === 201 || (before.known && !prior)) {
    outcome = 'created';
  } else if (!prior) {
    outcome = 'configured';
  } else if (s.dryRun) {
    outcome = comparable(prior) === comparable(after) ? 'unchanged' : 'configured';
  } else {
    outcome = resourceVersion === prior.metadata?.resourceVersion ? 'unchanged' : 'configured';
  }
  return { kind: 'outcome', outcome: { ref: target.ref, outcome, via, ...(resourceVersion ? { resourceVersion } : {}) } };
}

/**
 * kubectl's client-side apply: create with the last-applied annotation, else a three-way JSON merge patch against it
 * (a merge patch works for built-in and custom kinds alike; lists are replaced whole, as the manifest writes them).
 */
async function clientSideApply(conn: ClusterConnection, target: Placed, before: KubeObject | undefined, s: RunState): Promise<ApiResponse | 'unchanged'> {
  const modified = withLastApplied(target.body);
  const query = { fieldManager: FIELD_MANAGER, dryRun: s.dryRun ? 'All' : undefined };
  if (!before) {
    return conn.api.send({ method: 'POST', path: KubeApi.path(target.info, target.ref.namespace), query, body: JSON.stringify(modified), signal: s.signal });
  }
  const patch = threeWayMergePatch(lastApplied(before), modified as Record<string, unknown>, before);
  if (Object.keys(patch).length === 0) {
    return 'unchanged';
  }
  return conn.api.send({ method: 'PATCH', path: target.path, query, body: JSON.stringify(patch), contentType: 'application/merge-patch+json', signal: s.signal });
}

/** One log line per object, kubectl style: `service/istio-pilot (istio-system) configured (dry run)`. */
export function formatApplyOutcome(o: ApplyOutcome, dryRun: boolean): string {
  const suffix = dryRun ? ' (dry run)' : '';
  switch (o.outcome) {
    case 'failed':
      return `${refString(o.ref)} failed${suffix}: ${o.message}${o.code ? ` [${o.code} ${o.reason}]` : ` [${o.reason}]`}\n    next step: ${o.nextStep}${formatConflicts(o.conflicts)}`;
    case 'skipped':
      return `${refString(o.ref)} skipped${suffix}: ${o.message}`;
    default:
      return `${refString(o.ref)} ${o.outcome}${o.via === 'client-side apply' ? ' (client-side apply: the server has no server-side apply)' : ''}${suffix}`;
  }
}

function formatConflicts(conflicts: readonly FieldConflict[] | undefined): string {
  return conflicts && conflicts.length > 0 ? `\n${conflicts.map((c) => `    conflict: ${c.field} (owned by "${c.manager}")`).join('\n')}` : '';
}

function counts(outcomes: readonly ApplyOutcome[]): string {
  const by = new Map<string, number>();
  for (const o of outcomes) {
    by.set(o.outcome, (by.get(o.outcome) ?? 0) + 1);
  }
  return ['created', 'configured', 'unchanged', 'skipped', 'failed']
    .filter((k) => by.has(k))
    .map((k) => `${by.get(k)} ${k}`)
    .join(', ');
}

/** One sentence for a notification, per result case. */
export function summarizeApply(r: ApplyResult): string {
  switch (r.kind) {
    case 'applied':
      return r.dryRun
        ? `Dry run: all ${r.outcomes.length} objects would apply (${counts(r.outcomes)}). Nothing was changed.`
        : `Applied ${r.outcomes.length} objects (${counts(r.outcomes)}).`;
    case 'partial':
      return `${r.dryRun ? 'Dry run: ' : ''}${r.failed} of ${r.outcomes.length} objects failed (${counts(r.outcomes)}).${r.dryRun ? ' Nothing was changed.' : ''}`;
    case 'cancelled':
      return `Cancelled after ${r.outcomes.length} objects (${counts(r.outcomes) || 'none sent'}); ${r.notAttempted.length} not sent.`;
    default:
      return summarizeStop(r);
  }
}

/** The log of a whole run: one line per object, then the summary. Secret values never appear (see Redactor). */
export function formatApplyResult(r: ApplyResult): string[] {
  return formatRun(r, formatApplyOutcome, summarizeApply(r));
}
