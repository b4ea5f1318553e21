import { KubeApi, type ApiResourceInfo } from './api';
import type { ClusterProblem, FieldConflict } from './errors';
import type { ClusterConnection } from './kubeconfig';
import { kindNotServedHint, type ManifestObject } from './manifest';
import type { Redactor } from './redact';
import type { KubeObject, ObjectRef } from './types';

// Shared by apply and delete: where an object lives on the server, and how a failure reads.

/** A manifest object placed on the server: its REST path, resolved namespace, and the body to send. */
export interface Placed {
  readonly ref: ObjectRef;
  readonly path: string;
  readonly info: ApiResourceInfo;
  readonly body: KubeObject;
}

/** Places an object: namespace from the object, else the connection's; none for cluster-scoped kinds. */
export function place(conn: ClusterConnection, o: ManifestObject, info: ApiResourceInfo): Placed {
  const namespace = info.namespaced ? (o.ref.namespace ?? conn.namespace) : undefined;
  const body: KubeObject = structuredClone(o.body);
  const meta = { ...(body.metadata ?? {}) };
  if (namespace) {
    meta.namespace = namespace;
  } else {
    delete meta.namespace;
  }
  body.metadata = meta;
  const ref: ObjectRef = { apiVersion: o.ref.apiVersion, kind: o.ref.kind, name: o.ref.name, ...(namespace ? { namespace } : {}) };
  return { ref, info, body, path: KubeApi.path(info, namespace, o.ref.name) };
}

/** A failed object: the Status reason (or ours), the HTTP code (0 without a response), message and next step. */
export interface FailedOutcome {
  readonly ref: ObjectRef;
  readonly outcome: 'failed';
  readonly reason: string;
  readonly code: number;
  readonly message: string;
  readonly nextStep: string;
  readonly conflicts?: readonly FieldConflict[];
}

const REASON_OF_KIND: Readonly<Record<ClusterProblem['kind'], string>> = {
  'no-kubeconfig': 'NoKubeconfig',
  'invalid-kubeconfig': 'InvalidKubeconfig',
  'no-current-context': 'NoContext',
  'unknown-context': 'NoContext',
  credentials: 'Credentials',
  unreachable: 'Unreachable',
  timeout: 'Timeout',
  tls: 'TLS',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  'not-found': 'NotFound',
  'namespace-not-found': 'NotFound',
  'already-exists': 'AlreadyExists',
  conflict: 'Conflict',
  invalid: 'Invalid',
  'bad-request': 'BadRequest',
  'kind-not-served': 'NoKindMatch',
  'server-error': 'InternalError',
  cancelled: 'Cancelled',
};

/** The failed outcome for a problem, every text passed through the redactor. */
export function failed(ref: ObjectRef, p: ClusterProblem, redactor: Redactor): FailedOutcome {
  const causes = p.causes && p.causes.length > 0 && !p.causes.every((c) => p.message.includes(c)) ? ` (${p.causes.join('; ')})` : '';
  return {
    ref,
    outcome: 'failed',
    reason: p.reason ?? REASON_OF_KIND[p.kind],
    code: p.httpStatus ?? 0,
    message: redactor.redact(p.message + causes),
    nextStep: redactor.redact(p.nextStep),
    ...(p.conflicts ? { conflicts: p.conflicts } : {}),
  };
}

/** The problem for a kind the server does not serve (kubectl: "no matches for kind"). */
export function kindNotServed(ref: ObjectRef): ClusterProblem {
  return {
    kind: 'kind-not-served',
    message: `no matches for kind "${ref.kind}" in version "${ref.apiVersion}"`,
    nextStep: kindNotServedHint(ref),
  };
}

/** Sleeps, or stops early when the signal aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
