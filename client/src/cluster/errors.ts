import type { Redactor } from './redact';
import type { KubeStatus } from './types';

/** Every way talking to a cluster can fail, one message and next step each. */
export type ClusterProblemKind =
  | 'no-kubeconfig'
  | 'invalid-kubeconfig'
  | 'no-current-context'
  | 'unknown-context'
  | 'credentials'
  | 'unreachable'
  | 'timeout'
  | 'tls'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'namespace-not-found'
  | 'already-exists'
  | 'conflict'
  | 'invalid'
  | 'bad-request'
  | 'kind-not-served'
  | 'server-error'
  | 'cancelled';

/** A field an apply conflicts on, and the manager that owns it (from the 409 Status causes). */
export interface FieldConflict {
  readonly field: string;
  readonly manager: string;
}

/** What went wrong, for people: `message` says what, `nextStep` says what to do about it. */
export interface ClusterProblem {
  readonly kind: ClusterProblemKind;
  readonly message: string;
  readonly nextStep: string;
  /** HTTP status of the response, when there was one. */
  readonly httpStatus?: number;
  /** The Status `reason` (NotFound, Conflict, Invalid, Forbidden, ...), when the server sent one. */
  readonly reason?: string;
  /** Field-level causes (Invalid) as `field: message`. */
  readonly causes?: readonly string[];
  readonly conflicts?: readonly FieldConflict[];
}

/** Thrown inside the library; every public function turns it into a result. */
export class ClusterError extends Error {
  constructor(readonly problem: ClusterProblem) {
    super(problem.message);
    this.name = 'ClusterError';
  }
}

/** Who we talked to, for messages (never credentials). */
export interface TargetInfo {
  readonly context: string;
  readonly cluster: string;
  readonly server: string;
  readonly user: string;
}

const REFRESH_CREDENTIALS =
  'Your token or client certificate has probably expired or been revoked: log in again or refresh the credentials ' +
  '(for example `gcloud container clusters get-credentials <cluster>`, `minikube update-context`, `bx cs cluster-config <cluster>`), then retry.';

function isStatus(body: unknown): body is KubeStatus {
  return typeof body === 'object' && body !== null && (body as KubeStatus).kind === 'Status';
}

/** Turns a non-2xx response into a problem (the Status body when there is one). */
export function problemFromResponse(httpStatus: number, body: unknown, target: TargetInfo): ClusterProblem {
  const status = isStatus(body) ? body : undefined;
  const reason = status?.reason;
  const serverMessage = status?.message ?? (typeof body === 'string' && body.trim() ? body.trim().slice(0, 300) : `HTTP ${httpStatus}`);
  const causes = status?.details?.causes
    ?.filter((c) => c.field !== undefined || c.message !== undefined)
    .map((c) => (c.field ? `${c.field}: ${c.message ?? ''}` : c.message ?? ''));
  const base = { httpStatus, ...(reason ? { reason } : {}), ...(causes && causes.length > 0 ? { causes } : {}) };
  switch (httpStatus) {
    case 401:
      return {
        ...base,
        kind: 'unauthorized',
        message: `The cluster "${target.cluster}" (${target.server}) refused the credentials of user "${target.user}" (401 Unauthorized).`,
        nextStep: REFRESH_CREDENTIALS,
      };
    case 403:
      if (/because it is being terminated/.test(serverMessage) || status?.details?.causes?.some((c) => c.reason === 'NamespaceTerminating')) {
        // Not RBAC: the namespace lifecycle refuses new objects while the namespace is being deleted.
        const ns = /in namespace (\S+) because/.exec(serverMessage)?.[1] ?? 'the namespace';
        return {
          ...base,
          kind: 'forbidden',
          message: serverMessage,
          nextStep:
            `Namespace ${ns} is still Terminating. Wait until \`kubectl get namespace ${ns}\` finds it no more, then run this again; ` +
            'if it stays Terminating, something in it has a finalizer nothing completes (check its remaining objects and spec.finalizers).',
        };
      }
      return {
        ...base,
        kind: 'forbidden',
        message: serverMessage,
        nextStep:
          `Ask a cluster admin to grant user "${target.user}" the RBAC rights this needs (the Istio install guide uses ` +
          '`kubectl create clusterrolebinding cluster-admin-binding --clusterrole=cluster-admin --user=<you>`), or switch to a context that has them.',
      };
    case 404:
      if (status?.details?.kind === 'namespaces' && status.details.name) {
        return {
          ...base,
          kind: 'namespace-not-found',
          message: serverMessage,
          nextStep: `Create namespace "${status.details.name}" first (add a Namespace document to the manifest), or change the object's namespace.`,
        };
      }
      return { ...base, kind: 'not-found', message: serverMessage, nextStep: 'Check the name, namespace and context.' };
    case 409: {
      if (reason === 'AlreadyExists') {
        return { ...base, kind: 'already-exists', message: serverMessage, nextStep: 'The object already exists; apply updates it instead of creating it.' };
      }
      const conflicts = (status?.details?.causes ?? [])
        .filter((c) => c.reason === 'FieldManagerConflict' && c.field)
        .map((c) => ({ field: c.field!, manager: /conflict with "([^"]+)"/.exec(c.message ?? '')?.[1] ?? 'another manager' }));
      if (conflicts.length > 0) {
        const managers = [...new Set(conflicts.map((c) => c.manager))].join('", "');
        return {
          ...base,
          conflicts,
          kind: 'conflict',
          message: serverMessage,
          nextStep:
            `These fields are managed by "${managers}". Apply with force to take them over, or remove them from the manifest ` +
            'so the other manager keeps them.',
        };
      }
      return { ...base, kind: 'conflict', message: serverMessage, nextStep: 'The object changed meanwhile; retry.' };
    }
    case 400:
      return { ...base, kind: 'bad-request', message: serverMessage, nextStep: 'Fix the object (the server could not decode it) and retry.' };
    case 422:
      return { ...base, kind: 'invalid', message: serverMessage, nextStep: 'Fix the fields the server names and retry.' };
    default:
      return {
        ...base,
        kind: 'server-error',
        message: `The cluster answered ${httpStatus}${reason ? ` ${reason}` : ''}: ${serverMessage}`,
        nextStep: httpStatus >= 500 ? 'The API server had a problem; retry in a moment.' : 'Retry; if it persists, check the API server.',
      };
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const TLS_HINTS: Readonly<Record<string, string>> = {
  CERT_HAS_EXPIRED: "the server's certificate has expired",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's certificate does not name this address",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's certificate is not signed by the kubeconfig's certificate authority",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's certificate chain is not signed by the kubeconfig's certificate authority",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's self-signed certificate is not the kubeconfig's certificate authority",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the issuer of the server's certificate is not the kubeconfig's certificate authority",
};

function errorCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) {
    return undefined;
  }
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') {
    return code;
  }
  return errorCode((e as { cause?: unknown }).cause);
}

/** Turns a failure below HTTP (DNS, TCP, TLS, timeout, auth plugin) into a problem. */
export function problemFromTransport(e: unknown, target: TargetInfo, how: { cancelled: boolean; timedOut: boolean; timeoutMs: number }): ClusterProblem {
  if (e instanceof ClusterError) {
    return e.problem;
  }
  if (how.cancelled) {
    return { kind: 'cancelled', message: 'Cancelled.', nextStep: 'Run the command again when you are ready.' };
  }
  const where = `the cluster "${target.cluster}" at ${target.server}`;
  if (how.timedOut) {
    return {
      kind: 'timeout',
      message: `${where} did not answer within ${Math.round(how.timeoutMs / 1000)} s.`,
      nextStep: 'Check that the cluster is running and reachable from this machine (VPN, proxy, firewall), then retry.',
    };
  }
  const code = errorCode(e);
  if (code && (code in TLS_HINTS || code.startsWith('ERR_TLS') || code.includes('CERT'))) {
    return {
      kind: 'tls',
      message: `TLS verification of ${target.server} failed (${code}): ${TLS_HINTS[code] ?? 'the certificate was rejected'}.`,
      nextStep: "Refresh the kubeconfig from your cluster provider (the cluster's CA may have changed), or check `certificate-authority` in the kubeconfig.",
    };
  }
  if (code && NETWORK_CODES.has(code)) {
    return {
      kind: 'unreachable',
      message: `Cannot reach ${where} (${code}).`,
      nextStep: 'Check that the cluster is running (e.g. `minikube status`), that this machine can reach it (VPN, proxy), and the server address in the kubeconfig.',
    };
  }
  // A fixed sentence, never the error's text: HTTP libraries quote the headers they refuse, `Bearer <token>` included.
  const id = code ?? (e instanceof Error && e.name !== 'Error' ? e.name : undefined);
  return {
    kind: 'unreachable',
    message: `The request to ${where} failed before the cluster answered${id ? ` (${id})` : ''}.`,
    nextStep: 'Check that the cluster is running and reachable, the server address in the kubeconfig, and that its credentials are well-formed (a token on one line), then retry.',
  };
}

/** How a kubeconfig user authenticates, for messages (never a credential). */
export interface AuthInfo {
  /** The exec plugin's command. */
  readonly exec?: string;
  /** The auth provider's name (gcp, oidc, azure…). */
  readonly provider?: string;
}

/** The first line a plugin printed, credentials redacted and cut short: enough to tell "not logged in" from "not found". */
function pluginSaid(text: string, redactor: Redactor): string {
  const line = text.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
  const safe = redactor.redact(line);
  return safe.length > 200 ? `${safe.slice(0, 200)}…` : safe;
}

/** The kubeconfig user could not produce credentials (exec plugin, auth provider, unreadable cert/token file). */
export function credentialsProblem(e: unknown, target: TargetInfo, auth: AuthInfo, redactor: Redactor): ClusterProblem {
  const who = `user "${target.user}" of context "${target.context}"`;
  const code = errorCode(e);
  let why: string;
  if (e instanceof Error && e.name === 'CredentialFileError') {
    why = e.message; // ours: names the file and what is wrong with it
  } else if (auth.exec !== undefined) {
    if (code === 'ENOENT' || code === 'EACCES') {
      why = `its exec plugin "${auth.exec}" could not be started (${code}).`;
    } else if (e instanceof SyntaxError) {
      // JSON.parse quotes the start of what it read, which is the credential when the plugin printed one.
      why = `its exec plugin "${auth.exec}" did not print an ExecCredential as JSON.`;
    } else {
      const said = e instanceof Error ? pluginSaid(e.message, redactor) : '';
      why = `its exec plugin "${auth.exec}" failed${said ? `; it said: ${said}` : '.'}`;
    }
  } else {
    why = `${auth.provider ? `its auth provider "${auth.provider}"` : 'the kubeconfig'} could not produce credentials${code ? ` (${code})` : ''}.`;
  }
  return {
    kind: 'credentials',
    message: `Could not get credentials for ${who}: ${why}`,
    nextStep: 'Check the user entry of the kubeconfig (its exec plugin or auth provider must be installed and logged in, its files readable), then retry.',
  };
}

/** Problems after which no further request can succeed (so a multi-object operation stops). */
export function isFatal(p: ClusterProblem): boolean {
  return ['unreachable', 'timeout', 'tls', 'unauthorized', 'credentials', 'cancelled'].includes(p.kind);
}
