import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { corePath, KubeApi } from './api';
import { authDescription, CredentialFileError, materialize, MAX_KUBECONFIG_BYTES, readRegularFile, userSecrets } from './credentials';
import { ClusterError, type ClusterProblem, type TargetInfo } from './errors';
import { Redactor } from './redact';
import { isRec } from '../../../server/src/core/plainData';

/** Where the kubeconfig came from, kubectl's order: the `istio.kubeconfig` setting, `KUBECONFIG`, `~/.kube/config`. */
export type KubeconfigSource = 'setting' | 'KUBECONFIG' | 'default' | 'text';

/** How to find and read the kubeconfig. Overrides never rewrite the file. */
export interface KubeconfigOptions {
  /** The `istio.kubeconfig` setting: one file that replaces kubectl's lookup. Empty/null means "as kubectl does". */
  readonly path?: string | null;
  /** Use this context instead of the file's current-context. */
  readonly context?: string;
  /** Use this namespace instead of the context's. */
  readonly namespace?: string;
  /** Environment to read KUBECONFIG from (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Home directory for ~/.kube/config (default: os.homedir()). */
  readonly homeDir?: string;
  /** Per-request timeout in ms (default 30 000). */
  readonly requestTimeoutMs?: number;
  /** Collects the credentials of the kubeconfig (and those read later, on the first request) for redaction. */
  readonly redactor?: Redactor;
}

/** A resolved target: which context, cluster, user and namespace, and the API client for it. */
export interface ClusterConnection extends TargetInfo {
  readonly namespace: string;
  readonly namespaceFrom: 'override' | 'context' | 'default';
  readonly source: KubeconfigSource;
  /** The kubeconfig files that were merged, in kubectl's precedence order. */
  readonly files: readonly string[];
  /** Every context name in the merged kubeconfig (for a picker). */
  readonly contexts: readonly string[];
  readonly api: KubeApi;
  /** Knows every credential of this kubeconfig seen so far: pass text for people through it. */
  readonly redactor: Redactor;
}

/** Either a connection or the one problem that prevents it (no kubeconfig, unreadable file, no/unknown context). */
export type KubeconfigResult =
  | { readonly ok: true; readonly connection: ClusterConnection }
  | { readonly ok: false; readonly problem: ClusterProblem; readonly contexts: readonly string[] };

/** The outcome of probing the cluster (reachable, credentials accepted, namespace readable). */
export type ConnectionCheck =
  | { readonly ok: true; readonly serverVersion: string }
  | { readonly ok: false; readonly problem: ClusterProblem };

const DEFAULT_TIMEOUT_MS = 30_000;

interface Merged {
  clusters: Cluster[];
  users: User[];
  contexts: Context[];
  currentContext: string;
  /** `token-file` per user name, kept from client-node, which would read it at load time. */
  tokenFiles: Map<string, string>;
}

/** One kubeconfig as client-node loaded it, and the token files it was not allowed to read. */
interface Loaded {
  readonly kc: KubeConfig;
  readonly tokenFiles: ReadonlyMap<string, string>;
}

function fail(problem: ClusterProblem, contexts: readonly string[] = []): KubeconfigResult {
  return { ok: false, problem, contexts };
}

/**
 * Loads kubeconfig text with client-node, but takes every user's `token-file` out first: client-node reads it at load
 * time, synchronously, whatever it is (`/dev/zero` never ends). It is read on the first request instead.
 */
function loadText(text: string, dir: string | undefined): Loaded | undefined {
  if (text.trim() === '') {
    return undefined; // kubectl treats an empty kubeconfig as an empty config
  }
  const doc: unknown = parse(text);
  const tokenFiles = new Map<string, string>();
  if (isRec(doc) && Array.isArray(doc.users)) {
    for (const entry of doc.users as unknown[]) {
      if (isRec(entry) && isRec(entry.user) && typeof entry.name === 'string' && typeof entry.user['token-file'] === 'string') {
        const file = entry.user['token-file'];
        tokenFiles.set(entry.name, dir && !path.isAbsolute(file) ? path.join(dir, file) : file);
        delete entry.user['token-file'];
      }
    }
  }
  const kc = new KubeConfig();
  kc.loadFromString(JSON.stringify(doc ?? {}));
  if (dir) {
    kc.makePathsAbsolute(dir);
  }
  return { kc, tokenFiles };
}

/** Reads one file as client-node does (relative cert/key paths resolved against the file's folder). */
function readFile(file: string): Loaded | undefined {
  return loadText(readRegularFile(file, 'kubeconfig', MAX_KUBECONFIG_BYTES).toString('utf8'), path.dirname(file));
}

/** kubectl's merge: for clusters, users and contexts the first file defining a name wins; so does current-context. */
function merge(configs: readonly Loaded[]): Merged {
  const out: Merged = { clusters: [], users: [], contexts: [], currentContext: '', tokenFiles: new Map() };
  for (const { kc, tokenFiles } of configs) {
    for (const c of kc.clusters ?? []) {
      if (!out.clusters.some((x) => x.name === c.name)) {
        out.clusters.push(c);
      }
    }
    for (const u of kc.users ?? []) {
      if (!out.users.some((x) => x.name === u.name)) {
        out.users.push(u);
        const tokenFile = tokenFiles.get(u.name);
        if (tokenFile !== undefined) {
          out.tokenFiles.set(u.name, tokenFile);
        }
      }
    }
    for (const c of kc.contexts ?? []) {
      if (!out.contexts.some((x) => x.name === c.name)) {
        out.contexts.push(c);
      }
    }
    if (!out.currentContext && kc.currentContext) {
      out.currentContext = kc.currentContext;
    }
  }
  return out;
}

const GET_CREDENTIALS =
  'Get credentials from your cluster provider (for example "gcloud container clusters get-credentials <cluster> --zone <zone>", ' +
  '"minikube start"), or point the istio.kubeconfig setting at a kubeconfig file.';

/** Loads the kubeconfig the way kubectl does and resolves the context and namespace to use. */
export function loadKubeconfig(opts: KubeconfigOptions = {}): KubeconfigResult {
  const env = opts.env ?? process.env;
  let source: KubeconfigSource;
  let candidates: string[];
  if (opts.path) {
    source = 'setting';
    candidates = [opts.path];
    if (!fs.existsSync(opts.path)) {
      return fail({
        kind: 'no-kubeconfig',
        message: `The kubeconfig file in the istio.kubeconfig setting does not exist: ${opts.path}`,
        nextStep: 'Fix the `istio.kubeconfig` setting, or clear it to use KUBECONFIG / ~/.kube/config as kubectl does.',
      });
    }
  } else if (env.KUBECONFIG) {
    source = 'KUBECONFIG';
    candidates = env.KUBECONFIG.split(path.delimiter).filter((f) => f !== '');
  } else {
    source = 'default';
    candidates = [path.join(opts.homeDir ?? os.homedir(), '.kube', 'config')];
  }
  // kubectl skips KUBECONFIG entries that do not exist.
  const files = candidates.filter((f) => fs.existsSync(f));
  if (files.length === 0) {
    return fail({
      kind: 'no-kubeconfig',
      message:
        source === 'KUBECONFIG'
          ? `None of the files in KUBECONFIG exist: ${candidates.join(path.delimiter)}`
          : `No kubeconfig found: KUBECONFIG is not set and ${candidates[0]} does not exist.`,
      nextStep: GET_CREDENTIALS,
    });
  }
  const configs: Loaded[] = [];
  for (const file of files) {
    try {
      const loaded = readFile(file);
      if (loaded) {
        configs.push(loaded);
      }
    } catch (e) {
      return fail({
        kind: 'invalid-kubeconfig',
        message: e instanceof CredentialFileError ? e.message : `Cannot read the kubeconfig ${file}: ${(e as Error).message.split('\n')[0]}`,
        nextStep: 'Fix the file (`kubectl config view` shows what kubectl makes of it) or choose another kubeconfig.',
      });
    }
  }
  return resolve(merge(configs), source, files, opts);
}

/** Builds a connection from kubeconfig text (tests, or a kubeconfig held in memory). */
export function connectionFromText(text: string, opts: Omit<KubeconfigOptions, 'path' | 'env' | 'homeDir'> = {}): KubeconfigResult {
  let loaded: Loaded | undefined;
  try {
    loaded = loadText(text, undefined);
  } catch (e) {
    return fail({
      kind: 'invalid-kubeconfig',
      message: `Cannot read the kubeconfig: ${(e as Error).message.split('\n')[0]}`,
      nextStep: 'Fix the kubeconfig text.',
    });
  }
  return resolve(merge(loaded ? [loaded] : []), 'text', [], opts);
}

function resolve(m: Merged, source: KubeconfigSource, files: string[], opts: KubeconfigOptions): KubeconfigResult {
  const names = m.contexts.map((c) => c.name);
  const available = names.length > 0 ? ` (available: ${names.join(', ')})` : '';
  const contextName = opts.context || m.currentContext;
  if (!contextName) {
    return fail(
      names.length === 0
        ? { kind: 'no-current-context', message: `The kubeconfig (${files.join(', ') || source}) defines no contexts.`, nextStep: GET_CREDENTIALS }
        : {
            kind: 'no-current-context',
            message: `The kubeconfig has no current context${available}.`,
            nextStep: 'Choose a context for Istio, or run `kubectl config use-context <name>`.',
          },
      names,
    );
  }
  const context = m.contexts.find((c) => c.name === contextName);
  if (!context) {
    return fail(
      {
        kind: 'unknown-context',
        message: `Context "${contextName}" is not in the kubeconfig${available}.`,
        nextStep: opts.context ? 'Choose one of the available contexts.' : 'Run `kubectl config use-context <name>` with an existing context, or choose one for Istio.',
      },
      names,
    );
  }
  const cluster = m.clusters.find((c) => c.name === context.cluster);
  if (!cluster) {
    return fail(
      {
        kind: 'invalid-kubeconfig',
        message: `Context "${context.name}" refers to cluster "${context.cluster}", which the kubeconfig does not define.`,
        nextStep: 'Fix the kubeconfig (get fresh credentials from your cluster provider) or choose another context.',
      },
      names,
    );
  }
  const redactor = opts.redactor ?? new Redactor([]);
  redactor.add(m.users.flatMap(userSecrets));
  const user = m.users.find((u) => u.name === context.user);
  const tokenFile = user ? m.tokenFiles.get(user.name) : undefined;
  // Files are read when the first request is made (a cluster command runs), not when the status bar is drawn.
  const credentials = (): { kc: KubeConfig; secrets: string[] } => {
    const ready = materialize(cluster, { user, ...(tokenFile !== undefined ? { tokenFile } : {}) });
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [ready.cluster],
      users: ready.user ? [ready.user] : [],
      contexts: [context],
      currentContext: context.name,
    });
    return { kc, secrets: ready.secrets };
  };
  const namespace = opts.namespace || context.namespace || 'default';
  const target: TargetInfo = { context: context.name, cluster: cluster.name, server: cluster.server, user: context.user || '(none)' };
  return {
    ok: true,
    connection: {
      ...target,
      namespace,
      namespaceFrom: opts.namespace ? 'override' : context.namespace ? 'context' : 'default',
      source,
      files,
      contexts: names,
      api: new KubeApi(credentials, target, { timeoutMs: opts.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS, redactor, auth: authDescription(user) }),
      redactor,
    },
  };
}

/** One line for confirmations and logs: context, cluster, server and namespace (never credentials). */
export function describeConnection(c: ClusterConnection): string {
  return `context "${c.context}" (cluster "${c.cluster}" at ${c.server}, user "${c.user}", namespace "${c.namespace}")`;
}

/** Probes the cluster: reachable, credentials accepted (401), allowed to read Services in the namespace (403). */
export async function checkConnection(c: ClusterConnection, opts: { signal?: AbortSignal } = {}): Promise<ConnectionCheck> {
  try {
    const version = await c.api.request<{ gitVersion?: string }>({ method: 'GET', path: '/version', signal: opts.signal });
    await c.api.request({ method: 'GET', path: corePath(c.namespace, 'services'), query: { limit: '1' }, signal: opts.signal });
    return { ok: true, serverVersion: version.gitVersion ?? 'unknown' };
  } catch (e) {
    if (e instanceof ClusterError) {
      return { ok: false, problem: e.problem };
    }
    throw e;
  }
}
