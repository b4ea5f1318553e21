/**
 * kube-inject's IntoObject: finds the pod template of a workload (Pod, Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, ReplicationController, Job, CronJob, DeploymentConfig; each item of a List), decides whether it is
 * injected (host network, `sidecar.istio.io/inject`, system namespaces) and writes the injected pod back.
 */
import { isRec } from '../plainData';
import type { Rec } from '../plainData';
import { A, parseProxyConfigAnnotation } from './annotations';
import { clone, mergeProxyConfig, type TemplateFlavor } from './config';
import { decideInjection, type InjectionVerdict, type InjectorPolicy, type PodFacts } from './decision';
import { registeredType } from './k8sSchema';
import { podTemplatePath } from '../model/workload';
import { injectPod, type TemplateSource } from './pod';
import { dropNulls } from './smp';

export interface InjectContext {
  readonly flavor: TemplateFlavor;
  /** Values with chart defaults applied. */
  readonly values: Rec;
  /** MeshConfig with defaults applied. */
  readonly mesh: Rec;
  /** istioctl's `--revision`; empty for the default revision. */
  readonly revision: string;
  /** The installation's injection templates, when known. */
  readonly templates?: TemplateSource;
  /** istiod's native-sidecar switch, when it is not the flavour's. */
  readonly nativeSidecars?: boolean;
}

export type ObjectResult =
  | { kind: 'injected'; object: Rec; warnings: string[] }
  | { kind: 'skipped'; object: Rec; warnings: string[] }
  | { kind: 'error'; error: string };

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Label and annotation values as Go decodes them into map[string]string (scalars become strings). */
function stringMapOf(v: unknown): Record<string, string> | undefined {
  if (!isRec(v)) {
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null || x === undefined) {
      out[k] = '';
    } else if (typeof x === 'object') {
      out[k] = JSON.stringify(x);
    } else {
      out[k] = String(x);
    }
  }
  return out;
}

interface PodLocation {
  /** Path from the object to the pod template's metadata and spec. */
  readonly metaPath: string[];
  readonly specPath: string[];
  readonly deployMeta: { name: string; namespace: string };
  readonly typeMeta: { apiVersion: string; kind: string };
}

function get(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const p of path) {
    if (!isRec(cur)) {
      return undefined;
    }
    cur = cur[p];
  }
  return cur;
}

function set(obj: Rec, path: readonly string[], value: unknown): void {
  let cur: Rec = obj;
  for (const p of path.slice(0, -1)) {
    if (!isRec(cur[p])) {
      cur[p] = {};
    }
    cur = cur[p] as Rec;
  }
  cur[path[path.length - 1] as string] = value;
}

const CRON_JOB = /^(.+)-\d{8,10}$/;

/** GetDeployMetaFromPod: the owning workload's name and type, guessed from a pod's owner references. */
export function deployMetaFromPod(meta: Rec): {
  deployMeta: { name: string; namespace: string };
  typeMeta: { apiVersion: string; kind: string };
} {
  const name = str(meta['name']);
  const deployMeta = { name, namespace: str(meta['namespace']) };
  const typeMeta = { kind: 'Pod', apiVersion: 'v1' };
  const labels = stringMapOf(meta['labels']) ?? {};
  if (str(meta['generateName']) !== '') {
    const refs = Array.isArray(meta['ownerReferences']) ? (meta['ownerReferences'] as unknown[]) : [];
    const ref = refs.find((r) => isRec(r) && r['controller'] === true) as Rec | undefined;
    if (ref) {
      typeMeta.apiVersion = str(ref['apiVersion']);
      typeMeta.kind = str(ref['kind']);
      deployMeta.name = str(ref['name']);
      const hash = labels['pod-template-hash'] ?? '';
      const rolloutHash = labels['rollouts-pod-template-hash'] ?? '';
      const trimSuffix = (s: string, suffix: string): string =>
        s.endsWith(suffix) ? s.slice(0, s.length - suffix.length) : s;
      if (typeMeta.kind === 'ReplicaSet' && hash !== '' && deployMeta.name.endsWith(hash)) {
        deployMeta.name = trimSuffix(deployMeta.name, `-${hash}`);
        typeMeta.kind = 'Deployment';
      } else if (typeMeta.kind === 'ReplicaSet' && rolloutHash !== '' && deployMeta.name.endsWith(rolloutHash)) {
        deployMeta.name = trimSuffix(deployMeta.name, `-${rolloutHash}`);
        typeMeta.kind = 'Rollout';
        typeMeta.apiVersion = 'v1alpha1';
      } else if (typeMeta.kind === 'ReplicationController' && (labels['deploymentconfig'] ?? '') !== '') {
        deployMeta.name = labels['deploymentconfig'] as string;
        typeMeta.kind = 'DeploymentConfig';
      } else if (typeMeta.kind === 'Job') {
        const m = CRON_JOB.exec(deployMeta.name);
        if (m) {
          deployMeta.name = m[1] as string;
          typeMeta.kind = 'CronJob';
          typeMeta.apiVersion = 'batch/v1';
        }
      }
    }
  }
  if (deployMeta.name === '') {
    deployMeta.name = name;
  }
  return { deployMeta, typeMeta };
}

function locate(obj: Rec, type: string): PodLocation | string {
  const meta = isRec(obj['metadata']) ? (obj['metadata'] as Rec) : {};
  const own = { name: str(meta['name']), namespace: str(meta['namespace']) };
  const typeMeta = { apiVersion: str(obj['apiVersion']), kind: str(obj['kind']) };
  if (type === 'Pod') {
    const d = deployMetaFromPod(meta);
    return { metaPath: ['metadata'], specPath: ['spec'], deployMeta: d.deployMeta, typeMeta: d.typeMeta };
  }
  const template = (podTemplatePath(type) ?? ['spec', 'template']).map(String);
  if ((type === 'ReplicationController' || type === 'DeploymentConfig') && !isRec(get(obj, template))) {
    // Their Go types hold the template by pointer: kube-inject refuses a nil one with this message.
    return 'spec.template is required value';
  }
  return {
    // kube-inject reads a CronJob's labels and annotations from its job template, not from the pod template.
    metaPath: type === 'CronJob' ? ['spec', 'jobTemplate', 'metadata'] : [...template, 'metadata'],
    specPath: [...template, 'spec'],
    deployMeta: own,
    typeMeta,
  };
}

/** What the injection decision reads of a decoded pod template. */
function podFacts(podMeta: Rec, podSpec: Rec): PodFacts {
  return {
    // kube-inject reads the pod template's own namespace (usually none), not the workload's.
    namespace: str(podMeta['namespace']),
    labels: stringMapOf(podMeta['labels']) ?? {},
    annotations: stringMapOf(podMeta['annotations']) ?? {},
    hostNetwork: podSpec['hostNetwork'] === true,
  };
}

/**
 * kube-inject's decision for a decoded pod: `injectRequired` under policy enabled and no selectors, whatever the
 * injector config says (istioctl passes its own `Config{Policy: enabled}`: a manual injection is asked for).
 */
export function kubeInjectVerdict(podMeta: Rec, podSpec: Rec): InjectionVerdict {
  return decideInjection({ injector: 'today', pod: podFacts(podMeta, podSpec), policy: KUBE_INJECT_POLICY, admission: { by: 'kube-inject' } });
}

const KUBE_INJECT_POLICY: InjectorPolicy = { policy: 'enabled', neverInjectSelector: [], alwaysInjectSelector: [] };

/** True when kube-inject leaves the pod alone (host network, system namespace, or the pod opts out). */
export function injectionDisabled(podMeta: Rec, podSpec: Rec = {}): boolean {
  return kubeInjectVerdict(podMeta, podSpec).inject !== true;
}

/** Go's %q for a string (close enough: JSON quoting). */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** Injects one decoded object (its kind must be registered, see goTypes.registeredType). */
export function injectObject(obj: Rec, ctx: InjectContext): ObjectResult {
  const type = registeredType(obj);
  if (!type) {
    return { kind: 'skipped', object: obj, warnings: [] };
  }
  if (type === 'List') {
    const items = Array.isArray(obj['items']) ? (obj['items'] as unknown[]) : [];
    const out: unknown[] = [];
    const warnings: string[] = [];
    let injected = false;
    for (const item of items) {
      if (!isRec(item) || !registeredType(item)) {
        out.push(item);
        continue;
      }
      const r = injectObject(item, ctx);
      if (r.kind === 'error') {
        return r;
      }
      injected ||= r.kind === 'injected';
      warnings.push(...r.warnings);
      out.push(r.object);
    }
    return { kind: injected ? 'injected' : 'skipped', object: { ...obj, items: out }, warnings };
  }

  const loc = locate(obj, type);
  if (typeof loc === 'string') {
    return { kind: 'error', error: loc };
  }
  const rawMeta = get(obj, loc.metaPath);
  const rawSpec = get(obj, loc.specPath);
  const podMeta = (isRec(rawMeta) ? dropNulls(rawMeta) : {}) as Rec;
  const podSpec = (isRec(rawSpec) ? dropNulls(rawSpec) : {}) as Rec;
  for (const field of ['labels', 'annotations']) {
    const m = stringMapOf(podMeta[field]);
    if (m) {
      podMeta[field] = m;
    }
  }
  const name = str(podMeta['name']) || loc.deployMeta.name;
  const fullName = loc.deployMeta.namespace !== '' ? `${loc.deployMeta.namespace}/${name}` : name;
  const kind = loc.typeMeta.kind === '' ? '' : `${str(obj['kind'])} `;
  const what = `${kind}${goQuote(fullName)}`;

  const verdict = kubeInjectVerdict(podMeta, podSpec);
  // kube-inject says "host networking" before it reads the proxy config annotation, and "disabled" after.
  if (verdict.cause === 'host-network') {
    return {
      kind: 'skipped',
      object: obj,
      warnings: [`===> Skipping injection because ${what} has host networking enabled`],
    };
  }
  let mesh = ctx.mesh;
  const annotations = (podMeta['annotations'] ?? {}) as Record<string, string>;
  const pca = annotations[A.proxyConfig];
  if (pca !== undefined) {
    const parsed = parseProxyConfigAnnotation(pca);
    if (!parsed.ok) {
      return { kind: 'error', error: `could not parse proxy config: ${parsed.error}` };
    }
    mesh = { ...mesh, defaultConfig: mergeProxyConfig((mesh['defaultConfig'] ?? {}) as Rec, parsed.value) };
  }
  if (verdict.inject !== true) {
    return {
      kind: 'skipped',
      object: obj,
      warnings: [`===> Skipping injection because ${what} has sidecar injection disabled`],
    };
  }

  const result = injectPod({
    flavor: ctx.flavor,
    pod: { metadata: podMeta, spec: podSpec },
    deployMeta: loc.deployMeta,
    typeMeta: loc.typeMeta,
    values: ctx.values,
    mesh,
    revision: ctx.revision,
    ...(ctx.templates ? { templates: ctx.templates } : {}),
    ...(ctx.nativeSidecars !== undefined ? { nativeSidecars: ctx.nativeSidecars } : {}),
  });
  if (!result.ok) {
    return { kind: 'error', error: result.error };
  }
  const out = clone(obj);
  set(out, loc.metaPath, result.pod['metadata'] ?? {});
  set(out, loc.specPath, result.pod['spec'] ?? {});
  return { kind: 'injected', object: out, warnings: [] };
}
