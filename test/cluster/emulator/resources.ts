import { arr, isObject, type JsonObject } from './json';

/** One REST resource the emulator serves, as discovery describes it. */
export interface ResourceType {
  readonly group: string; // '' for core
  readonly versions: readonly string[]; // served versions, preferred first
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
  /** Writes to the main resource ignore `.status` (a status subresource exists). */
  readonly hasStatus: boolean;
  /** Objects of this type are typed (built in); list items then carry no apiVersion/kind. */
  readonly builtin: boolean;
  /** Set for resources that come from a CustomResourceDefinition (its name). */
  readonly crd?: string;
}

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function b(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  opts: { shortNames?: string[]; hasStatus?: boolean } = {},
): ResourceType {
  return {
    group,
    versions: [version],
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    ...(opts.shortNames ? { shortNames: opts.shortNames } : {}),
    hasStatus: opts.hasStatus ?? false,
    builtin: true,
  };
}

/** The built-in resources; `servicecidrs` only when the emulated cluster serves the ServiceCIDR API. */
export function builtinResources(opts: { serviceCidrApi: boolean; legacyApis?: boolean }): ResourceType[] {
  const list = [
    b('', 'v1', 'Namespace', 'namespaces', false, { shortNames: ['ns'], hasStatus: true }),
    b('', 'v1', 'Node', 'nodes', false, { shortNames: ['no'], hasStatus: true }),
    b('', 'v1', 'Pod', 'pods', true, { shortNames: ['po'], hasStatus: true }),
    b('', 'v1', 'Service', 'services', true, { shortNames: ['svc'], hasStatus: true }),
    b('', 'v1', 'Endpoints', 'endpoints', true, { shortNames: ['ep'] }),
    b('', 'v1', 'ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
    b('', 'v1', 'Secret', 'secrets', true),
    b('', 'v1', 'ServiceAccount', 'serviceaccounts', true, { shortNames: ['sa'] }),
    b('apps', 'v1', 'Deployment', 'deployments', true, { shortNames: ['deploy'], hasStatus: true }),
    b('apps', 'v1', 'DaemonSet', 'daemonsets', true, { shortNames: ['ds'], hasStatus: true }),
    b('apps', 'v1', 'StatefulSet', 'statefulsets', true, { shortNames: ['sts'], hasStatus: true }),
    b('apps', 'v1', 'ReplicaSet', 'replicasets', true, { shortNames: ['rs'], hasStatus: true }),
    b('batch', 'v1', 'Job', 'jobs', true, { hasStatus: true }),
    b('batch', 'v1', 'CronJob', 'cronjobs', true, { shortNames: ['cj'], hasStatus: true }),
    b('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, { shortNames: ['ing'], hasStatus: true }),
    b('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, { shortNames: ['netpol'] }),
    b('networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false),
    b('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, { shortNames: ['pdb'], hasStatus: true }),
    b('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, {
      shortNames: ['hpa'],
      hasStatus: true,
    }),
    b('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
    b('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
    b('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
    b('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
    b('admissionregistration.k8s.io', 'v1', 'MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', false),
    b('admissionregistration.k8s.io', 'v1', 'ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', false),
    b('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, {
      shortNames: ['crd', 'crds'],
      hasStatus: true,
    }),
  ];
  if (opts.serviceCidrApi) {
    list.push(b('networking.k8s.io', 'v1', 'ServiceCIDR', 'servicecidrs', false, { hasStatus: true }));
  }
  if (opts.legacyApis) {
    // What Kubernetes 1.15 still served and Istio 0.2's manifests use (removed in 1.16 and 1.22).
    list.push(
      b('extensions', 'v1beta1', 'Deployment', 'deployments', true, { shortNames: ['deploy'], hasStatus: true }),
      b('extensions', 'v1beta1', 'DaemonSet', 'daemonsets', true, { shortNames: ['ds'], hasStatus: true }),
      b('extensions', 'v1beta1', 'Ingress', 'ingresses', true, { shortNames: ['ing'], hasStatus: true }),
    );
    return list.map((t) => (t.group === 'rbac.authorization.k8s.io' ? { ...t, versions: [...t.versions, 'v1beta1'] } : t));
  }
  return list;
}

/** Reads a CRD object into the resource it defines (served versions only), or undefined if it defines none. */
export function resourceFromCrd(crd: JsonObject): ResourceType | undefined {
  const spec = isObject(crd.spec) ? crd.spec : {};
  const names = isObject(spec.names) ? spec.names : {};
  const versions = arr(spec.versions).filter(isObject);
  const served = versions.filter((v) => v.served !== false).map((v) => String(v.name));
  if (served.length === 0 || typeof spec.group !== 'string' || typeof names.kind !== 'string' || typeof names.plural !== 'string') {
    return undefined;
  }
  // Discovery lists the storage version first when it is served, like the apiserver's preferred version.
  const storage = versions.find((v) => v.storage === true)?.name;
  served.sort((a, c) => (a === storage ? -1 : c === storage ? 1 : 0));
  const hasStatus = versions.some((v) => isObject(v.subresources) && 'status' in v.subresources);
  const shortNames = arr(names.shortNames).filter((n): n is string => typeof n === 'string');
  const meta = isObject(crd.metadata) ? crd.metadata : {};
  return {
    group: spec.group,
    versions: served,
    kind: names.kind,
    plural: names.plural,
    singular: typeof names.singular === 'string' ? names.singular : names.kind.toLowerCase(),
    namespaced: spec.scope !== 'Cluster',
    shortNames,
    hasStatus,
    builtin: false,
    crd: String(meta.name),
  };
}

/** The APIResource entry of a type for /api/v1 or /apis/<group>/<version>. */
export function apiResourceEntry(t: ResourceType): JsonObject[] {
  const main: JsonObject = {
    name: t.plural,
    singularName: t.singular,
    namespaced: t.namespaced,
    kind: t.kind,
    verbs: [...VERBS],
  };
  if (t.shortNames && t.shortNames.length > 0) {
    main.shortNames = [...t.shortNames];
  }
  const out: JsonObject[] = [main];
  if (t.hasStatus) {
    out.push({ name: `${t.plural}/status`, singularName: '', namespaced: t.namespaced, kind: t.kind, verbs: ['get', 'patch', 'update'] });
  }
  return out;
}

/** Splits `apps/v1` into group and version; `v1` is the core group. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** Kubernetes version priority: v1 > v1beta2 > v1beta1 > v1alpha1, GA before beta before alpha. */
function versionRank(v: string): [number, number, number] {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (!m) {
    return [3, 0, 0];
  }
  const level = m[2] === undefined ? 0 : m[2] === 'beta' ? 1 : 2;
  return [level, -Number(m[1]), -Number(m[3] ?? 0)];
}
export function sortVersions(versions: Iterable<string>): string[] {
  return [...new Set(versions)].sort((a, b) => {
    const ra = versionRank(a);
    const rb = versionRank(b);
    return ra[0] - rb[0] || ra[1] - rb[1] || ra[2] - rb[2] || a.localeCompare(b);
  });
}
