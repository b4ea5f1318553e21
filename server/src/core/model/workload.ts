import type { YAMLMap } from 'yaml';
import type { K8sObject, YamlPath } from './k8sObject';
import { mapAt, stringRecord } from './k8sObject';

/** Kinds that run pods, with the path from the object to the pod template (its `metadata` and `spec`). */
const POD_TEMPLATE_PATHS: Readonly<Record<string, YamlPath>> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  DeploymentConfig: ['spec', 'template'],
};

/** The workload kinds the rules and the injector know. */
export const WORKLOAD_KINDS: readonly string[] = Object.keys(POD_TEMPLATE_PATHS);

/** The path from an object of this kind to its pod template (its `metadata` and `spec`); undefined for other kinds. */
export function podTemplatePath(kind: string): YamlPath | undefined {
  return Object.hasOwn(POD_TEMPLATE_PATHS, kind) ? POD_TEMPLATE_PATHS[kind] : undefined;
}

/** A workload's pod template as written: where it is and what it holds. */
export interface PodTemplate {
  readonly path: YamlPath;
  readonly metadata: YAMLMap | undefined;
  readonly spec: YAMLMap | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** True for the kinds that run pods. */
export function isWorkload(obj: K8sObject): boolean {
  return Object.hasOwn(POD_TEMPLATE_PATHS, obj.kind);
}

/**
 * Read once per YAML node: rules ask for the same pod template and labels many times per object. A node's content
 * never changes (an edited document is parsed into new nodes); a document that only moved keeps its nodes, their
 * offsets shifted in place (yaml/parse.ts). These hold no offsets of their own, so neither makes them stale.
 */
const templates = new WeakMap<YAMLMap, PodTemplate>();
const ownLabels = new WeakMap<YAMLMap, Readonly<Record<string, string>>>();
const ownAnnotations = new WeakMap<YAMLMap, Readonly<Record<string, string>>>();

/** The pod template of a workload, or undefined for other kinds. */
export function podTemplate(obj: K8sObject): PodTemplate | undefined {
  const path = POD_TEMPLATE_PATHS[obj.kind];
  if (!path || !Object.hasOwn(POD_TEMPLATE_PATHS, obj.kind)) {
    return undefined;
  }
  const known = templates.get(obj.node);
  if (known && known.path === path) {
    return known;
  }
  const metadata = mapAt(obj.node, [...path, 'metadata']);
  const tpl: PodTemplate = {
    path,
    metadata,
    spec: mapAt(obj.node, [...path, 'spec']),
    labels: stringRecord(mapAt(metadata, ['labels'])) ?? {},
    annotations: stringRecord(mapAt(metadata, ['annotations'])) ?? {},
  };
  templates.set(obj.node, tpl);
  return tpl;
}

/** The labels of any object's own metadata. */
export function objectLabels(obj: K8sObject): Readonly<Record<string, string>> {
  let labels = ownLabels.get(obj.node);
  if (!labels) {
    labels = stringRecord(mapAt(obj.node, ['metadata', 'labels'])) ?? {};
    ownLabels.set(obj.node, labels);
  }
  return labels;
}

/** The annotations of any object's own metadata. */
export function objectAnnotations(obj: K8sObject): Readonly<Record<string, string>> {
  let annotations = ownAnnotations.get(obj.node);
  if (!annotations) {
    annotations = stringRecord(mapAt(obj.node, ['metadata', 'annotations'])) ?? {};
    ownAnnotations.set(obj.node, annotations);
  }
  return annotations;
}
