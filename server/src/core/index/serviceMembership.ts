import { isMap } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { K8sObject } from '../model/k8sObject';
import { mapAt, nodeAt, pairOf, seqItemsAt, stringAt, stringRecord } from '../model/k8sObject';
import { objectLabels, podTemplate } from '../model/workload';
import type { Profile } from '../settings';
import { keySpan, nodeSpan } from '../yaml/spans';
import type { Span } from '../yaml/spans';
import { onePerObject } from './identity';
import type { WorkspaceIndex } from './workspaceIndex';
import { effectiveNamespace, selectorMatches, selectorTopic } from './workspaceIndex';

/** Namespaces Istio neither injects nor analyses (its `IgnoredNamespaces`). */
export const SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'];

/** The label Istio's controllers put on the gateways and waypoints they deploy, and its values. */
export const GATEWAY_MANAGED_LABEL = 'gateway.istio.io/managed';
const ISTIO_MANAGED_VALUES: readonly string[] = [
  'istio.io-gateway-controller',
  'istio.io-mesh-controller',
  'istio.io-eastwest-controller',
];

const INJECT = 'sidecar.istio.io/inject';

/** True for the namespaces Istio ignores. */
export function isSystemNamespace(namespace: string): boolean {
  return SYSTEM_NAMESPACES.includes(namespace);
}

/** True for objects of Istio's control plane (labelled `istio`, or `release: istio`), which Istio's analyzers skip. */
export function isIstioControlPlane(obj: K8sObject): boolean {
  const labels = objectLabels(obj);
  return 'istio' in labels || labels['release'] === 'istio';
}

/** True for gateways and waypoints that Istio's own controllers deploy (not written by users). */
export function isIstioManaged(obj: K8sObject): boolean {
  return ISTIO_MANAGED_VALUES.includes(objectLabels(obj)[GATEWAY_MANAGED_LABEL] ?? '');
}

/** Services Istio's port-name analyzer skips: system namespaces, the control plane, Istio-managed gateways. */
export function skippedByPortAnalyzer(service: K8sObject, defaultNamespace: string): boolean {
  return (
    isSystemNamespace(effectiveNamespace(service, defaultNamespace)) ||
    isIstioControlPlane(service) ||
    isIstioManaged(service)
  );
}

/** One port of a Service as written. */
export interface ServicePort {
  readonly node: YAMLMap;
  readonly name: string | undefined;
  readonly port: number | undefined;
  /** `protocol` as written, `TCP` when absent (Kubernetes' default). */
  readonly protocol: string;
  readonly appProtocol: string | undefined;
  /** `targetPort` as written (a number or a container port name); the port number when absent or 0. */
  readonly targetPort: string;
  readonly span: Span | undefined;
}

/** A Service that selects pods, with what the membership rules need. */
export interface SelectingService {
  readonly service: K8sObject;
  readonly namespace: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly ports: readonly ServicePort[];
  /** Position in the workspace, to keep results in a stable order. */
  readonly order: number;
}

/** Reads the ports of a Service. */
export function servicePorts(service: K8sObject): ServicePort[] {
  const out: ServicePort[] = [];
  for (const item of seqItemsAt(service.node, ['spec', 'ports'])) {
    if (!isMap(item)) {
      continue;
    }
    const portText = stringAt(item, ['port']);
    const port = portText !== undefined && /^\d+$/.test(portText) ? Number(portText) : undefined;
    const target = stringAt(item, ['targetPort']);
    out.push({
      node: item,
      name: stringAt(item, ['name']),
      port,
      protocol: stringAt(item, ['protocol']) || 'TCP',
      appProtocol: stringAt(item, ['appProtocol']),
      targetPort: target === undefined || target === '' || target === '0' ? String(port ?? portText ?? '') : target,
      span: nodeSpan(item),
    });
  }
  return out;
}

type ServiceLookup = ReadonlyMap<string, ReadonlyMap<string, readonly SelectingService[]>>;

const bucketKey = (key: string, value: string): string => `${key}\u0000${value}`;

/**
 * Services by namespace, then by one of their selector's `key=value` pairs: a Service can only select pods that carry
 * that pair, so a workload's candidates are found from its own labels without scanning the namespace.
 */
function buildLookup(index: WorkspaceIndex, defaultNamespace: string): ServiceLookup {
  const byNamespace = new Map<string, Map<string, SelectingService[]>>();
  index.ofKind('Service').forEach((service, order) => {
    const facts = selectionFacts(index, service);
    if (!facts) {
      return;
    }
    const { selector, first, ports } = facts;
    const namespace = effectiveNamespace(service, defaultNamespace);
    let buckets = byNamespace.get(namespace);
    if (!buckets) {
      buckets = new Map();
      byNamespace.set(namespace, buckets);
    }
    const key = bucketKey(first[0], first[1]);
    const list = buckets.get(key) ?? [];
    list.push({ service, namespace, selector, ports, order });
    buckets.set(key, list);
  });
  return byNamespace;
}

interface SelectionFacts {
  readonly selector: Readonly<Record<string, string>>;
  readonly first: readonly [string, string];
  readonly ports: readonly ServicePort[];
}

/**
 * What the lookup needs of a Service, kept by the index. Read once per YAML node, with where the node was then; an
 * object that moved (a new object on the same, shifted node) gets the same facts with the port spans moved along.
 */
function selectionFacts(index: WorkspaceIndex, service: K8sObject): SelectionFacts | undefined {
  const read = index.memo(service.node, 'service-selection', () => ({ at: service.node.range?.[0], facts: readSelectionFacts(service) }));
  const at = service.node.range?.[0];
  if (read.at === at || at === undefined || read.at === undefined || !read.facts) {
    return read.facts;
  }
  const delta = at - read.at;
  const { facts } = read;
  return index.memo(service, 'service-selection', () => ({
    ...facts,
    ports: facts.ports.map((p) => (p.span ? { ...p, span: { start: p.span.start + delta, end: p.span.end + delta } } : p)),
  }));
}

function readSelectionFacts(service: K8sObject): SelectionFacts | undefined {
  // Kubernetes ignores the selector of ExternalName Services: they have no pods.
  if (stringAt(service.node, ['spec', 'type']) === 'ExternalName') {
    return undefined;
  }
  const selector = stringRecord(mapAt(service.node, ['spec', 'selector'])) ?? {};
  const first = Object.entries(selector)[0];
  // No selector: endpoints are managed by hand, no pod is selected.
  return first ? { selector, first, ports: servicePorts(service) } : undefined;
}

/**
 * The Services whose selector matches a workload's pod labels in the workload's namespace, in workspace order; one
 * per object (see `onePerObject`): copies of one Service in several files are one Service.
 */
export function servicesSelecting(
  index: WorkspaceIndex,
  workload: K8sObject,
  defaultNamespace: string,
): SelectingService[] {
  const labels = podTemplate(workload)?.labels;
  if (!labels) {
    return [];
  }
  // The answer depends only on the Services whose selector has one of these labels: declare that, not "all Services".
  const lookup = index.untracked(() =>
    index.derived(`services-by-selector\u0000${defaultNamespace}`, (ix) => buildLookup(ix, defaultNamespace)),
  );
  Object.entries(labels).forEach(([k, v]) => index.dependOn(selectorTopic(k, v)));
  const buckets = lookup.get(effectiveNamespace(workload, defaultNamespace));
  if (!buckets) {
    return [];
  }
  const out: SelectingService[] = [];
  for (const [k, v] of Object.entries(labels)) {
    for (const s of buckets.get(bucketKey(k, v)) ?? []) {
      if (selectorMatches(s.selector, labels)) {
        out.push(s);
      }
    }
  }
  return onePerObject(out, (s) => s.service, defaultNamespace).sort((a, b) => a.order - b.order);
}

/** The Namespace object of that name in the workspace, if any. */
export function namespaceObject(index: WorkspaceIndex, name: string): K8sObject | undefined {
  const byName = index.derived('namespaces-by-name', (ix) => {
    // Of several definitions of one Namespace, the one defined first (see `onePerObject`), whatever the read order.
    const m = new Map<string, K8sObject>();
    for (const ns of onePerObject(ix.ofKind('Namespace'), (n) => n, '')) {
      if (!m.has(ns.name)) {
        m.set(ns.name, ns);
      }
    }
    return m;
  });
  return byName.get(name);
}

/**
 * Whether Istio's analyzers count a workload's pods as in the mesh (`util.DeploymentInMesh`): an `istio-proxy`
 * container already there; else the pod's `sidecar.istio.io/inject` label, then annotation (`"true"` means in, any
 * other value out); else the Namespace's `istio-injection: enabled` (or an `istio.io/rev` label, which the injector
 * honours too). Unlike Istio, a namespace that is not in the workspace counts as injected: manifests rarely carry
 * their Namespace, and the cluster's is usually labelled.
 * In `legacy-0.2` only an explicit `sidecar.istio.io/inject: "false"` (on the workload or its pods) keeps pods out.
 */
export function inMesh(workload: K8sObject, profile: Profile, index: WorkspaceIndex, defaultNamespace: string): boolean {
  const tpl = podTemplate(workload);
  if (!tpl) {
    return false;
  }
  if (profile === 'legacy-0.2') {
    const own = stringRecord(mapAt(workload.node, ['metadata', 'annotations'])) ?? {};
    return own[INJECT] !== 'false' && tpl.annotations[INJECT] !== 'false';
  }
  for (const list of ['containers', 'initContainers']) {
    for (const c of seqItemsAt(nodeAt(workload.node, tpl.path), ['spec', list])) {
      if (isMap(c) && stringAt(c, ['name']) === 'istio-proxy' && (stringAt(c, ['image']) ?? '') !== '') {
        return true;
      }
    }
  }
  const label = tpl.labels[INJECT];
  if (label !== undefined) {
    return label === 'true';
  }
  const annotation = tpl.annotations[INJECT];
  if (annotation !== undefined) {
    return annotation === 'true';
  }
  const ns = namespaceObject(index, effectiveNamespace(workload, defaultNamespace));
  if (!ns) {
    return true;
  }
  const nsLabels = objectLabels(ns);
  return nsLabels['istio-injection'] === 'enabled' || (nsLabels['istio.io/rev'] ?? '') !== '';
}

/**
 * Whether the Service-membership rules look at a workload at all: not in a system namespace, not a gateway or
 * waypoint Istio deploys itself, and in the mesh.
 */
export function isMeshWorkload(
  workload: K8sObject,
  profile: Profile,
  index: WorkspaceIndex,
  defaultNamespace: string,
): boolean {
  // Asked by several rules per workload: computed once per YAML node until a Namespace it read changes.
  return index.memo(workload.node, `mesh-workload\u0000${profile}\u0000${defaultNamespace}`, () =>
    !isSystemNamespace(effectiveNamespace(workload, defaultNamespace)) &&
    !isIstioManaged(workload) &&
    inMesh(workload, profile, index, defaultNamespace),
  );
}

/** Where to report a finding about a workload's pods: its pod template's `labels` key, else the object's `kind`. */
export function workloadAnchor(workload: K8sObject): Span {
  const metadata = podTemplate(workload)?.metadata;
  const labels = metadata ? pairOf(metadata, 'labels') : undefined;
  return (labels && keySpan(labels)) ?? workload.anchor;
}
