import type { ClusterInjectorData, ClusterInjectorParams } from '../../../server/src/protocol';
import { corePath } from './api';
import { ClusterError, type ClusterProblem } from './errors';
import type { ClusterConnection } from './kubeconfig';
import type { KubeObject } from './types';
import { isRec } from '../../../server/src/core/plainData';

// The cluster's sidecar injector ConfigMap, the templates istiod renders pods with. Read with one GET, never written.

/** Where istiod keeps its injector ConfigMap, whatever the install method. */
export const ISTIO_NAMESPACE = 'istio-system';

export interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

/** The injector ConfigMap of a revision: `istio-sidecar-injector`, or `istio-sidecar-injector-<rev>`. */
export function injectorConfigMapName(revision?: string): string {
  return revision && revision !== 'default' ? `istio-sidecar-injector-${revision}` : 'istio-sidecar-injector';
}

/** What a read found: the params for the language server, or why there are none (null is what the server gets then). */
export type InjectorRead =
  | { readonly kind: 'found'; readonly params: NonNullable<ClusterInjectorParams>; readonly version?: string }
  | { readonly kind: 'missing'; readonly reason: string; readonly nextStep: string }
  | { readonly kind: 'failed'; readonly problem: ClusterProblem };

export interface InjectorReadOptions {
  /** The revision whose injector to read; undefined or `default` reads the default revision's. */
  readonly revision?: string;
  readonly namespace?: string;
  readonly signal?: AbortSignal;
}

// Labels Istio's installers put on the ConfigMap: istioctl/operator, Helm's recommended labels.
const VERSION_LABELS = ['operator.istio.io/version', 'app.kubernetes.io/version'];
const OPERATOR_LABEL_PREFIX = 'install.operator.istio.io/';
/** A release number, optionally with a suffix (1.28.2, 1.29.0-beta.1, 1.28-dev): the version is shown, so no free text. */
const VERSION = /^v?\d+\.\d+(?:\.\d+)?(?:[-+][0-9A-Za-z.-]{1,40})?$/;

function versionOf(value: unknown): string | undefined {
  return typeof value === 'string' && VERSION.test(value.trim()) ? value.trim().replace(/^v/, '') : undefined;
}

/** The Istio release of an injector ConfigMap: its install labels, else `global.tag` of its values; undefined when unknown. */
export function injectorVersion(cm: ConfigMap): string | undefined {
  const labels = cm.metadata?.labels ?? {};
  for (const key of VERSION_LABELS) {
    const v = versionOf(labels[key]);
    if (v) {
      return v;
    }
  }
  for (const [key, value] of Object.entries(labels)) {
    const v = key.startsWith(OPERATOR_LABEL_PREFIX) && key.endsWith('version') ? versionOf(value) : undefined;
    if (v) {
      return v;
    }
  }
  let values: unknown;
  try {
    values = cm.data?.values ? (JSON.parse(cm.data.values) as unknown) : undefined;
  } catch {
    return undefined; // the language server says what is wrong with the values when it reads them
  }
  return isRec(values) && isRec(values.global) ? versionOf(values.global.tag) : undefined;
}

/** "ConfigMap istio-system/istio-sidecar-injector of context dev (Istio 1.28.2)". */
export function injectorOrigin(context: string, namespace: string, name: string, version: string | undefined): string {
  return `ConfigMap ${namespace}/${name} of context ${context}${version ? ` (Istio ${version})` : ''}`;
}

/**
 * Reads the injector ConfigMap of a revision (one GET): found with the params for the language server, missing (not
 * there, or without `data.config`) with the reason, or failed with the problem (forbidden, unreachable, …).
 */
async function readOne(conn: ClusterConnection, opts: InjectorReadOptions): Promise<InjectorRead> {
  const namespace = opts.namespace ?? ISTIO_NAMESPACE;
  const name = injectorConfigMapName(opts.revision);
  const where = `ConfigMap ${namespace}/${name} on context "${conn.context}"`;
  let cm: ConfigMap | undefined;
  try {
    cm = await conn.api.getOptional<ConfigMap>(corePath(namespace, 'configmaps', name), opts.signal);
  } catch (e) {
    if (e instanceof ClusterError) {
      return { kind: 'failed', problem: e.problem };
    }
    throw e;
  }
  if (!cm) {
    return {
      kind: 'missing',
      reason: `${where} does not exist: Istio is not installed there, or not with ${opts.revision ? `revision "${opts.revision}"` : 'the default revision'}.`,
      nextStep: 'Install Istio on this cluster, or choose the context of a cluster that runs it; the preview uses the built-in injector meanwhile.',
    };
  }
  const config = cm.data?.config;
  if (typeof config !== 'string' || config.trim() === '') {
    return {
      kind: 'missing',
      reason: `${where} has no data.config, so it holds no injection templates.`,
      nextStep: 'Check the Istio install on this cluster (`kubectl -n istio-system get configmap istio-sidecar-injector -o yaml`); the preview uses the built-in injector meanwhile.',
    };
  }
  const values = cm.data?.values;
  const version = injectorVersion(cm);
  return {
    kind: 'found',
    params: { origin: injectorOrigin(conn.context, namespace, name, version), config, ...(typeof values === 'string' ? { values } : {}) },
    ...(version ? { version } : {}),
  };
}

const INJECTOR_PREFIX = 'istio-sidecar-injector-';

/**
 * The injector ConfigMaps of the other revisions (`istio-sidecar-injector-<rev>`, labelled `istio.io/rev` by
 * Istio's installers), by revision; empty when listing is not allowed (the default revision's still renders).
 */
async function readRevisions(conn: ClusterConnection, namespace: string, signal?: AbortSignal): Promise<Record<string, ClusterInjectorData>> {
  let list: ConfigMap[];
  try {
    list = await conn.api.list<ConfigMap>(corePath(namespace, 'configmaps'), { labelSelector: 'istio.io/rev', ...(signal ? { signal } : {}) });
  } catch (e) {
    if (e instanceof ClusterError) {
      return {};
    }
    throw e;
  }
  const out: Record<string, ClusterInjectorData> = {};
  for (const cm of list) {
    const name = cm.metadata?.name ?? '';
    const config = cm.data?.config;
    if (!name.startsWith(INJECTOR_PREFIX) || typeof config !== 'string' || config.trim() === '') {
      continue;
    }
    const values = cm.data?.values;
    out[name.slice(INJECTOR_PREFIX.length)] = {
      origin: injectorOrigin(conn.context, namespace, name, injectorVersion(cm)),
      config,
      ...(typeof values === 'string' ? { values } : {}),
    };
  }
  return out;
}

/**
 * Reads the injector ConfigMap of a revision (one GET): found with the params for the language server, missing (not
 * there, or without `data.config`) with the reason, or failed with the problem (forbidden, unreachable, …). For the
 * default revision the other revisions' ConfigMaps come along (one list), so each workload renders with its own.
 */
export async function readInjectorConfig(conn: ClusterConnection, opts: InjectorReadOptions = {}): Promise<InjectorRead> {
  const first = await readOne(conn, opts);
  if (first.kind === 'failed' || (opts.revision !== undefined && opts.revision !== 'default')) {
    return first;
  }
  const revisions = await readRevisions(conn, opts.namespace ?? ISTIO_NAMESPACE, opts.signal);
  if (Object.keys(revisions).length === 0) {
    return first;
  }
  if (first.kind === 'found') {
    return { ...first, params: { ...first.params, revisions } };
  }
  // Only revisioned installs: nothing for the default revision, each revision its own.
  const names = Object.keys(revisions).sort().join(', ');
  return {
    kind: 'found',
    params: { origin: `no default-revision injector on context ${conn.context} (revisions ${names})`, config: '', revisions },
  };
}
