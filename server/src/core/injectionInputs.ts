import { isRec } from './plainData';
import { effectiveNamespace, type WorkspaceIndex } from './index/workspaceIndex';
import { namespacesNamed } from './istio/injection';
import { objectLabels, podTemplate } from './model/workload';
import type { K8sObject } from './model/k8sObject';
import { stringAt } from './model/k8sObject';
import { InjectorConfig, readInjectorConfig, type InjectInputs } from './inject/index';
import type { Profile } from './settings';
import { parse } from 'yaml';
import { KUBERNETES_YAML } from './yaml/kubernetesYaml';

/** Injector inputs given in settings; each wins over what the workspace holds. */
export interface InjectionOverrides {
  readonly values?: unknown;
  readonly meshConfig?: unknown;
  readonly injectConfig?: unknown;
  /** What injection templates read through `env` (istiod's environment). */
  readonly env?: Readonly<Record<string, string>>;
}

/** The injector ConfigMap of a connected cluster, read once when the client sent it (see readClusterInjector). */
export interface ClusterInjector {
  readonly config: InjectorConfig;
  readonly values?: unknown;
}

export interface InjectionSources {
  /** The revision that injects the workload (`istio.io/rev`), empty for the default one. */
  readonly revision?: string;
  readonly cluster?: ClusterInjector;
}

function parseData(raw: string | undefined): unknown {
  if (raw === undefined) {
    return undefined;
  }
  try {
    return parse(raw, { ...KUBERNETES_YAML, maxAliasCount: 100, logLevel: 'error' }) as unknown;
  } catch {
    return undefined; // a broken ConfigMap in the workspace falls back to defaults; the rules report it
  }
}

const INJECTOR = 'istio-sidecar-injector';

/** The files of istiod's chart (istio-discovery) that hold injection templates, by template name. */
const CHART_TEMPLATES: Record<string, string> = {
  sidecar: 'injection-template.yaml',
  gateway: 'gateway-injection-template.yaml',
  'grpc-simple': 'grpc-simple.yaml',
  'grpc-agent': 'grpc-agent.yaml',
  waypoint: 'waypoint.yaml',
  'kube-gateway': 'kube-gateway.yaml',
};

interface Found {
  readonly config: InjectorConfig;
  readonly values?: unknown;
}

/** `istio-sidecar-injector` (default revision) or `istio-sidecar-injector-<rev>` ConfigMaps of the workspace. */
function workspaceConfigMap(index: WorkspaceIndex, revision: string, env: Readonly<Record<string, string>>): Found | undefined {
  const name = revision === '' || revision === 'default' ? INJECTOR : `${INJECTOR}-${revision}`;
  const cm = index.ofKind('ConfigMap').find((c: K8sObject) => c.name === name && stringAt(c.node, ['data', 'config']) !== undefined);
  if (!cm) {
    return undefined;
  }
  const config = parseData(stringAt(cm.node, ['data', 'config']));
  const origin = `ConfigMap ${cm.namespace ?? 'istio-system'}/${cm.name} in ${fileName(cm.uri)}`;
  const shape = readInjectorConfig(config, { env, origin });
  if (shape.kind !== 'templates') {
    return undefined;
  }
  return { config: shape.config, values: parseData(stringAt(cm.node, ['data', 'values'])) };
}

/** A vendored istio-discovery chart: `files/injection-template.yaml` and its siblings, with the chart's values. */
function workspaceChart(index: WorkspaceIndex, env: Readonly<Record<string, string>>): Found | undefined {
  const suffix = `/files/${CHART_TEMPLATES['sidecar']}`;
  const uris = [...index.uris()];
  const sidecar = uris.filter((u) => u.endsWith(suffix)).sort()[0];
  if (sidecar === undefined) {
    return undefined;
  }
  const root = sidecar.slice(0, -suffix.length);
  const templates = new Map<string, string>();
  for (const [name, file] of Object.entries(CHART_TEMPLATES)) {
    const entry = index.get(`${root}/files/${file}`);
    if (entry) {
      templates.set(name, entry.text);
    }
  }
  const valuesEntry = index.get(`${root}/values.yaml`);
  const chartValues = valuesEntry ? parseData(valuesEntry.text) : undefined;
  // Newer charts keep their defaults under `_internal_defaults_do_not_set`.
  const values = isRec(chartValues) && isRec(chartValues['_internal_defaults_do_not_set']) ? chartValues['_internal_defaults_do_not_set'] : chartValues;
  const webhook = isRec(values) && isRec(values['sidecarInjectorWebhook']) ? values['sidecarInjectorWebhook'] : {};
  if (isRec(webhook['templates'])) {
    for (const [name, t] of Object.entries(webhook['templates'])) {
      if (typeof t === 'string') {
        templates.set(name, t);
      }
    }
  }
  const defaults = Array.isArray(webhook['defaultTemplates']) ? webhook['defaultTemplates'].filter((x): x is string => typeof x === 'string') : [];
  const config = new InjectorConfig(templates, {}, defaults, {}, { env, origin: `chart ${fileName(root)}` });
  return { config, ...(isRec(values) ? { values } : {}) };
}

/** The revision whose injector takes a workload: `istio.io/rev` on its pods, else on its Namespace, else default. */
export function injectionRevision(obj: K8sObject, index: WorkspaceIndex, defaultNamespace: string): string {
  const pod = podTemplate(obj)?.labels['istio.io/rev'];
  if (pod !== undefined && pod !== '') {
    return pod;
  }
  const ns = namespacesNamed(index, effectiveNamespace(obj, defaultNamespace))[0];
  return (ns ? objectLabels(ns)['istio.io/rev'] : undefined) ?? '';
}

/** The last folders of a file's URI: enough to find it, short enough for a title. */
function fileName(uri: string): string {
  const path = uri.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  const short = path.split('/').filter((p) => p !== '').slice(-3).join('/');
  try {
    return decodeURIComponent(short);
  } catch {
    return short; // not percent-encoded as URIs are: show it as it is
  }
}

/**
 * The injector's inputs for a profile: settings first, then the workspace (an exported injector ConfigMap of the
 * revision, a vendored istio-discovery chart, the `istio` mesh ConfigMap, the guide's `istio-inject`), then the
 * connected cluster's injector ConfigMap, else the built-in injector of the profile.
 */
export function injectionInputs(
  profile: Profile,
  index: WorkspaceIndex,
  overrides: InjectionOverrides = {},
  sources: InjectionSources = {},
): InjectInputs {
  const find = (pred: (cm: K8sObject) => boolean): K8sObject | undefined => index.ofKind('ConfigMap').find(pred);
  const dataOf = (cm: K8sObject | undefined, key: string): unknown => parseData(cm ? stringAt(cm.node, ['data', key]) : undefined);
  const mesh = (): unknown =>
    overrides.meshConfig ?? dataOf(find((c) => c.name === 'istio' && (c.namespace ?? 'istio-system') === 'istio-system'), 'mesh');
  if (profile === 'legacy-0.2') {
    const injectConfig = overrides.injectConfig ?? dataOf(find((c) => c.name === 'istio-inject'), 'config');
    return withDefined({ profile, injectConfig, meshConfig: mesh() });
  }
  const env = overrides.env ?? {};
  const revision = sources.revision ?? '';
  // Keyed by everything it reads besides the index: a settings change must not find the previous config.
  const key = JSON.stringify(['injector-templates', revision, env, overrides.injectConfig ?? null]);
  const found = index.derived(key, () =>
    fromSettings(overrides, env) ?? workspaceConfigMap(index, revision, env) ?? workspaceChart(index, env) ?? null,
  ) ?? fromCluster(sources.cluster);
  const values = overrides.values ?? found?.values ?? dataOf(find((c) => c.name === INJECTOR), 'values');
  return withDefined({ profile, values, meshConfig: mesh(), injectConfig: found?.config });
}

function fromSettings(overrides: InjectionOverrides, env: Readonly<Record<string, string>>): Found | undefined {
  if (overrides.injectConfig === undefined) {
    return undefined;
  }
  const shape = readInjectorConfig(overrides.injectConfig, { env, origin: 'setting istio.injection.injectConfig' });
  return shape.kind === 'templates' ? { config: shape.config } : undefined;
}

function fromCluster(cluster: ClusterInjector | undefined): Found | undefined {
  return cluster ? { config: cluster.config, ...(cluster.values !== undefined ? { values: cluster.values } : {}) } : undefined;
}

/**
 * Reads the `data.config` and `data.values` texts of a cluster's injector ConfigMap; `origin` says where they were
 * read (e.g. "ConfigMap istio-system/istio-sidecar-injector of context dev"). Undefined, with the reason, when the
 * config is not one of today's Istio.
 */
export function readClusterInjector(
  origin: string,
  config: string,
  values: string | undefined,
  env: Readonly<Record<string, string>> = {},
): ClusterInjector | string {
  const shape = readInjectorConfig(parseData(config), { env, origin });
  if (shape.kind === 'error') {
    return `${origin}: ${shape.error}`;
  }
  if (shape.kind === 'legacy-0.2') {
    return `${origin}: an Istio 0.2 istio-inject config, not an injector with templates`;
  }
  const v = parseData(values);
  return { config: shape.config, ...(v !== undefined ? { values: v } : {}) };
}

function withDefined(inputs: { profile: Profile; values?: unknown; meshConfig?: unknown; injectConfig?: unknown }): InjectInputs {
  const out: { -readonly [K in keyof InjectInputs]: InjectInputs[K] } = { profile: inputs.profile };
  if (inputs.values !== undefined) {
    out.values = inputs.values;
  }
  if (inputs.meshConfig !== undefined) {
    out.meshConfig = inputs.meshConfig;
  }
  if (inputs.injectConfig !== undefined) {
    out.injectConfig = inputs.injectConfig;
  }
  return out;
}
