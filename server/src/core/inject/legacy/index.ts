/**
 * The Istio 0.2 injector (profile `legacy-0.2`): what `istioctl kube-inject` 0.2.6 wrote for one Kubernetes
 * document, and the 0.2 initializer's injection policy.
 *
 * 0.2 injected the pod template of Deployment, DaemonSet, ReplicaSet, ReplicationController, StatefulSet and Job
 * (any apiVersion); Pods, CronJobs and every other kind passed through unchanged. A workload was skipped in
 * kube-system, kube-public, istio-system and `excludeNamespaces`, when the policy table said no, when it already
 * carried `sidecar.istio.io/status`, and when its pods use the host network.
 */
import { isRec } from '../../plainData';
import type { Rec } from '../../plainData';
import type { LegacyInjectConfig, LegacyMeshConfig } from './config';
import { parseLegacyInjectConfig, parseLegacyMeshConfig } from './config';
import { addGoTypedFields, cloneJson } from './goTyped';
import { decideInjection } from '../decision';
import { LEGACY_STATUS_ANNOTATION } from './policy';
import { injectIntoPodSpec } from './sidecar';

export type { LegacyPolicyDecision } from './policy';
export {
  decideLegacyInjection,
  legacyAnnotationSaysYes,
  legacyPolicyDecision,
  LEGACY_IGNORED_NAMESPACES,
  LEGACY_INJECT_ANNOTATION,
  LEGACY_STATUS_ANNOTATION,
} from './policy';
export type { LegacyInjectConfig, LegacyMeshConfig, LegacyParams, LegacyPolicy, LegacyProxyConfig, Parsed } from './config';
export {
  defaultLegacyInjectConfig,
  defaultLegacyMeshConfig,
  LEGACY_ISTIO_VERSION,
  parseLegacyInjectConfig,
  parseLegacyMeshConfig,
} from './config';
export { legacyProxyArgs, LEGACY_CORE_DUMP_CONTAINER, LEGACY_INIT_CONTAINER, LEGACY_PROXY_CONTAINER } from './sidecar';
export { formatGoDuration, parseGoDuration } from './duration';

export type LegacyInjectResult =
  | { kind: 'injected'; object: Record<string, unknown> }
  /**
   * Not injected. For the kinds 0.2 decoded into Go types, `object` is the document as kube-inject still wrote it
   * (Go's always-present fields added); print it instead of the input to match 0.2's output exactly.
   */
  | { kind: 'skipped'; reason: string; object?: Record<string, unknown> }
  | { kind: 'error'; message: string };

/** The kinds 0.2's kube-inject decoded and injected. */
export const LEGACY_INJECTABLE_KINDS: readonly string[] = [
  'Deployment',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'StatefulSet',
  'Job',
];

function kindReason(kind: string): string {
  const kinds = 'Deployment, DaemonSet, ReplicaSet, ReplicationController, StatefulSet and Job';
  if (kind === 'Pod') {
    return `Istio 0.2's kube-inject leaves Pods unchanged; it injects only ${kinds}`;
  }
  if (kind === 'CronJob') {
    return `Istio 0.2 could not inject CronJobs (the pod template sits under spec.jobTemplate); it injects only ${kinds}`;
  }
  if (kind === '') {
    return 'not a Kubernetes workload (no kind)';
  }
  return `${kind} is not a workload Istio 0.2 injects; it injects only ${kinds}`;
}

/** Annotations must be string → string, as Kubernetes (and 0.2's Go types) require. */
function readAnnotations(meta: unknown, where: string): Record<string, string> | string {
  if (!isRec(meta)) {
    return {};
  }
  const ann = meta['annotations'];
  if (ann === undefined || ann === null) {
    return {};
  }
  if (!isRec(ann)) {
    return `${where}.annotations must be a mapping of strings`;
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(ann)) {
    if (typeof v !== 'string') {
      return `${where}.annotations["${k}"] must be a string; quote the value (${k}: "${String(v)}")`;
    }
    out[k] = v;
  }
  return out;
}

function setAnnotation(meta: Rec, key: string, value: string): void {
  const ann = isRec(meta['annotations']) ? meta['annotations'] : {};
  ann[key] = value;
  meta['annotations'] = ann;
}

/**
 * Injects Istio 0.2's sidecar into one parsed Kubernetes document, as `istioctl kube-inject` 0.2.6 did.
 * `injectConfig`: the `istio-inject` ConfigMap, its `config` content, or undefined (the 0.2 install defaults).
 * `meshConfig`: the 0.2 mesh config (e.g. `authPolicy`, `defaultConfig`), its `istio` ConfigMap, or undefined.
 * The input is never modified.
 */
export function injectLegacyObject(
  obj: Record<string, unknown>,
  injectConfig: unknown,
  meshConfig: unknown,
): { kind: 'injected'; object: Record<string, unknown> } | { kind: 'skipped'; reason: string; object?: Record<string, unknown> } | { kind: 'error'; message: string } {
  const cfg = parseLegacyInjectConfig(injectConfig);
  if (!cfg.ok) {
    return { kind: 'error', message: cfg.message };
  }
  const mesh = parseLegacyMeshConfig(meshConfig);
  if (!mesh.ok) {
    return { kind: 'error', message: mesh.message };
  }
  return injectWithConfig(obj, cfg.value, mesh.value);
}

/** As `injectLegacyObject`, with configuration already read (for callers injecting many documents). */
export function injectWithConfig(obj: Record<string, unknown>, cfg: LegacyInjectConfig, mesh: LegacyMeshConfig): LegacyInjectResult {
  if (!isRec(obj)) {
    return { kind: 'skipped', reason: kindReason('') };
  }
  const kind = typeof obj['kind'] === 'string' ? obj['kind'] : '';
  if (!LEGACY_INJECTABLE_KINDS.includes(kind)) {
    return { kind: 'skipped', reason: kindReason(kind) };
  }
  const meta = obj['metadata'];
  if (meta !== undefined && meta !== null && !isRec(meta)) {
    return { kind: 'error', message: `${kind}: metadata must be a mapping` };
  }
  const name = isRec(meta) && typeof meta['name'] === 'string' ? meta['name'] : '';
  const namespace = isRec(meta) && typeof meta['namespace'] === 'string' ? meta['namespace'] : '';
  const label = `${kind} ${namespace ? `${namespace}/` : ''}${name || '(unnamed)'}`;
  const annotations = readAnnotations(meta, `${label}: metadata`);
  if (typeof annotations === 'string') {
    return { kind: 'error', message: annotations };
  }

  const spec = obj['spec'];
  const template = isRec(spec) ? spec['template'] : undefined;
  if (!isRec(template)) {
    return { kind: 'error', message: `${label} has no spec.template, so there is no pod template to inject into` };
  }
  const templateAnnotations = readAnnotations(template['metadata'], `${label}: spec.template.metadata`);
  if (typeof templateAnnotations === 'string') {
    return { kind: 'error', message: templateAnnotations };
  }
  if (template['spec'] !== undefined && template['spec'] !== null && !isRec(template['spec'])) {
    return { kind: 'error', message: `${label}: spec.template.spec must be a mapping` };
  }

  const skipped = (reason: string): LegacyInjectResult => {
    const object = cloneJson(obj);
    addGoTypedFields(kind, object);
    return { kind: 'skipped', reason: `${label}: ${reason}`, object };
  };

  const podSpecIn = template['spec'];
  const decision = decideInjection({
    injector: 'legacy-0.2',
    by: 'kube-inject',
    workload: { namespace, annotations },
    hostNetwork: isRec(podSpecIn) && podSpecIn['hostNetwork'] === true,
    config: cfg,
  });
  if (decision.inject !== true) {
    return skipped(decision.reason);
  }

  const out = cloneJson(obj);
  const outMeta: Rec = isRec(out['metadata']) ? out['metadata'] : {};
  out['metadata'] = outMeta;
  const outSpec = out['spec'] as Rec;
  const outTemplate = outSpec['template'] as Rec;
  const outTemplateMeta: Rec = isRec(outTemplate['metadata']) ? outTemplate['metadata'] : {};
  outTemplate['metadata'] = outTemplateMeta;
  const outPodSpec: Rec = isRec(outTemplate['spec']) ? outTemplate['spec'] : {};
  outTemplate['spec'] = outPodSpec;

  const statusValue = `injected-version-${cfg.params.version}`;
  setAnnotation(outMeta, LEGACY_STATUS_ANNOTATION, statusValue);
  setAnnotation(outTemplateMeta, LEGACY_STATUS_ANNOTATION, statusValue);
  injectIntoPodSpec(outPodSpec, cfg.params, mesh);
  addGoTypedFields(kind, out);
  return { kind: 'injected', object: out };
}
