import type { Pair, YAMLMap } from 'yaml';
import type { K8sObject, StringEntry, YamlPath } from '../model/k8sObject';
import { mapAt, pairOf, stringEntries } from '../model/k8sObject';
import { podTemplate } from '../model/workload';

/** One `metadata` map of an object where annotations and labels take effect: its own, or its pod template's. */
export interface MetadataPlace {
  readonly object: K8sObject;
  /** The kind this metadata describes: `Pod` for a pod template, else the object's kind. */
  readonly kind: string;
  /** True for a workload's pod template. */
  readonly template: boolean;
  /** Path from the object to the `metadata` map. */
  readonly path: YamlPath;
  readonly metadata: YAMLMap | undefined;
  readonly annotationsPair: Pair | undefined;
  readonly labelsPair: Pair | undefined;
  readonly annotations: readonly StringEntry[];
  readonly labels: readonly StringEntry[];
}

/** The object's own metadata, then (for workloads other than Pod) its pod template's. */
export function metadataPlaces(obj: K8sObject): readonly MetadataPlace[] {
  const out = [place(obj, [], obj.kind, false)];
  const tpl = podTemplate(obj);
  if (tpl && tpl.path.length > 0) {
    out.push(place(obj, tpl.path, 'Pod', true));
  }
  return out;
}

/** The metadata place of a workload's pod template (or of a Pod itself). */
export function podMetadataPlace(obj: K8sObject): MetadataPlace | undefined {
  const tpl = podTemplate(obj);
  return tpl ? place(obj, tpl.path, 'Pod', tpl.path.length > 0) : undefined;
}

function place(obj: K8sObject, path: YamlPath, kind: string, template: boolean): MetadataPlace {
  const metadata = mapAt(obj.node, [...path, 'metadata']);
  const annotationsPair = metadata ? pairOf(metadata, 'annotations') : undefined;
  const labelsPair = metadata ? pairOf(metadata, 'labels') : undefined;
  return {
    object: obj,
    kind,
    template,
    path: [...path, 'metadata'],
    metadata,
    annotationsPair,
    labelsPair,
    annotations: stringEntries(mapAt(metadata, ['annotations'])),
    labels: stringEntries(mapAt(metadata, ['labels'])),
  };
}

/** "the pod template of Deployment reviews", "Namespace bookinfo": where a place is, for messages. */
export function describePlace(p: MetadataPlace): string {
  const name = p.object.name ? ` ${p.object.name}` : '';
  if (p.template) {
    return `the pod template of ${p.object.kind}${name}`;
  }
  return `${p.object.kind}${name}`;
}
