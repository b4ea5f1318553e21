import type { YAMLMap } from 'yaml';
import { podLabelSets } from '../../index/istioLookups';
import type { PodLabels } from '../../index/istioLookups';
import { onePerObject } from '../../index/identity';
import type { WorkspaceIndex } from '../../index/workspaceIndex';
import { effectiveNamespace } from '../../index/workspaceIndex';
import type { K8sObject, YamlPath } from '../../model/k8sObject';
import { mapAt, nodeAt, stringRecord } from '../../model/k8sObject';
import { nodeSpan } from '../../yaml/spans';
import type { Span } from '../../yaml/spans';
import type { RuleFinding } from '../rule';

// What the rules about Istio resources that pick their workloads with a label selector of their namespace share
// (Sidecar's `workloadSelector.labels`, Telemetry's `selector.matchLabels`): which pods each selects, which select
// the same pod, which have no selector.

/** One selecting resource: its labels (none or empty: it applies to its whole namespace). */
export interface SelectorPolicy {
  readonly object: K8sObject;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>> | undefined;
  /** The labels map, else the object's kind. */
  readonly span: Span;
  /** The pods of its namespace it selects (none when it has no selector). */
  readonly pods: readonly PodLabels[];
}

/** Every resource of a kind with its selector, read once per workspace state. */
export function selectorPolicies(
  index: WorkspaceIndex,
  defaultNamespace: string,
  kind: string,
  labelsPath: YamlPath,
): ReadonlyMap<YAMLMap, SelectorPolicy> {
  return index.derived(`istio-selector-policies\u0000${kind}\u0000${labelsPath.join('.')}\u0000${defaultNamespace}`, (ix) => {
    const pods = podLabelSets(ix);
    const out = new Map<YAMLMap, SelectorPolicy>();
    const objects = onePerObject(ix.ofKind(kind).filter((o) => o.apiVersion.includes('istio.io/')), (o) => o, defaultNamespace);
    for (const object of objects) {
      const namespace = effectiveNamespace(object, defaultNamespace);
      const map = mapAt(object.node, labelsPath);
      const record = stringRecord(map);
      const labels = record && Object.keys(record).length > 0 ? record : undefined;
      const entries = Object.entries(labels ?? {});
      const selected = labels
        ? pods.filter(
            (p) => effectiveNamespace(p.object, defaultNamespace) === namespace && entries.every(([k, v]) => p.labels[k] === v),
          )
        : [];
      const span = nodeSpan(map) ?? nodeSpan(nodeAt(object.node, labelsPath.slice(0, -1))) ?? object.anchor;
      out.set(object.node, { object, namespace, labels, span, pods: selected });
    }
    return out;
  });
}

/** The other resources selecting one of the pods this one selects, with the first such pod. */
export function sharingPods(
  policies: ReadonlyMap<YAMLMap, SelectorPolicy>,
  self: SelectorPolicy,
): { readonly pod: K8sObject; readonly others: readonly SelectorPolicy[] } | undefined {
  for (const pod of self.pods) {
    const others = [...policies.values()].filter((p) => p !== self && p.pods.some((q) => q.object === pod.object));
    if (others.length > 0) {
      return { pod: pod.object, others };
    }
  }
  return undefined;
}

/** The other resources of the namespace that have no selector either. */
export function otherDefaults(policies: ReadonlyMap<YAMLMap, SelectorPolicy>, self: SelectorPolicy): SelectorPolicy[] {
  if (self.labels) {
    return [];
  }
  return [...policies.values()].filter((p) => p !== self && !p.labels && p.namespace === self.namespace);
}

/** Where a resource's name is written. */
export function nameSpan(obj: K8sObject): Span {
  return nodeSpan(nodeAt(obj.node, ['metadata', 'name'])) ?? obj.anchor;
}

/** Where a kind keeps its selector labels, and how its messages name it. */
export interface SelectorKind {
  readonly kind: string;
  readonly labelsPath: YamlPath;
  /** The selector field as users write it, e.g. `workloadSelector`. */
  readonly field: string;
  /** What the resource configures when it applies, e.g. "configures no proxy". */
  readonly effect: string;
}

export const SIDECAR_SELECTOR: SelectorKind = {
  kind: 'Sidecar',
  labelsPath: ['spec', 'workloadSelector', 'labels'],
  field: 'workloadSelector',
  effect: 'configures no proxy',
};

export const TELEMETRY_SELECTOR: SelectorKind = {
  kind: 'Telemetry',
  labelsPath: ['spec', 'selector', 'matchLabels'],
  field: 'selector',
  effect: 'applies to no workload',
};

/** A resource that targets Gateway API objects (`targetRef`/`targetRefs`) instead of selecting pods. */
function targetsRefs(obj: K8sObject): boolean {
  return nodeAt(obj.node, ['spec', 'targetRef']) !== undefined || nodeAt(obj.node, ['spec', 'targetRefs']) !== undefined;
}

/** The finding of a selector that selects no pod of its namespace (IST0101), if so. */
export function unmatchedSelector(index: WorkspaceIndex, defaultNamespace: string, k: SelectorKind, obj: K8sObject): RuleFinding[] {
  const self = selectorPolicies(index, defaultNamespace, k.kind, k.labelsPath).get(obj.node);
  if (!self?.labels || self.pods.length > 0 || targetsRefs(obj)) {
    return [];
  }
  const selector = Object.entries(self.labels).map(([key, v]) => `${key}=${v}`).join(',');
  return [
    {
      span: self.span,
      message:
        `No pod of namespace ${self.namespace} has the labels ${selector}: this ${k.kind} ${k.effect}. Fix the ` +
        `${k.field}, or move the ${k.kind} to the namespace of the workload it is for.`,
    },
  ];
}

/** The finding of a resource selecting a pod another one of its kind selects too, if so. */
export function overlappingSelectors(index: WorkspaceIndex, defaultNamespace: string, k: SelectorKind, obj: K8sObject): RuleFinding[] {
  const policies = selectorPolicies(index, defaultNamespace, k.kind, k.labelsPath);
  const self = policies.get(obj.node);
  const shared = self && sharingPods(policies, self);
  if (!shared) {
    return [];
  }
  return [
    {
      span: nameSpan(obj),
      message:
        `${k.kind} ${obj.name} and ${shared.others.map((o) => o.object.name).join(', ')} select the same pods ` +
        `(${shared.pod.kind} ${shared.pod.name}): which one applies is undefined. Make their selectors disjoint.`,
      related: [
        ...shared.others.map((o) => ({ uri: o.object.uri, span: o.span, message: `${k.kind} ${o.object.name} selects it too` })),
        { uri: shared.pod.uri, span: shared.pod.anchor, message: `${shared.pod.kind} ${shared.pod.name}` },
      ],
    },
  ];
}

/** The finding of a second resource without selector in one namespace, if so. */
export function severalDefaults(index: WorkspaceIndex, defaultNamespace: string, k: SelectorKind, obj: K8sObject): RuleFinding[] {
  const policies = selectorPolicies(index, defaultNamespace, k.kind, k.labelsPath);
  const self = policies.get(obj.node);
  if (!self || targetsRefs(obj)) {
    return [];
  }
  const others = otherDefaults(policies, self).filter((o) => !targetsRefs(o.object));
  if (others.length === 0) {
    return [];
  }
  return [
    {
      span: nameSpan(obj),
      message:
        `${k.kind} ${obj.name} and ${others.map((o) => o.object.name).join(', ')} all have no ${k.field} in namespace ` +
        `${self.namespace}: which one is the namespace's default is undefined. Keep one, or give the others a ${k.field}.`,
      related: others.map((o) => ({ uri: o.object.uri, span: nameSpan(o.object), message: `${k.kind} ${o.object.name} has none either` })),
    },
  ];
}
