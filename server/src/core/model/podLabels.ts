import { addEntry, setEntry } from '../yaml/edits';
import type { TextEdit } from '../yaml/edits';
import type { K8sObject } from './k8sObject';
import { mapAt, pairOf } from './k8sObject';
import { podTemplate } from './workload';

/** Labels today's Istio reads for a workload's canonical service name (application), most specific first. */
export const APP_LABELS: readonly string[] = ['service.istio.io/canonical-name', 'app.kubernetes.io/name', 'app'];

/** Labels today's Istio reads for a workload's canonical revision (version), most specific first. */
export const VERSION_LABELS: readonly string[] = [
  'service.istio.io/canonical-revision',
  'app.kubernetes.io/version',
  'version',
];

/** True when the pod template has one of the labels with a non-empty value. */
export function hasPodLabel(workload: K8sObject, keys: readonly string[]): boolean {
  const labels = podTemplate(workload)?.labels ?? {};
  return keys.some((k) => (labels[k] ?? '') !== '');
}

/** The edit adding a label to a workload's pod template, creating `metadata:` and `labels:` when missing. */
export function addPodLabelEdit(text: string, workload: K8sObject, key: string, value: string): TextEdit | undefined {
  const tpl = podTemplate(workload);
  if (!tpl) {
    return undefined;
  }
  const labels = mapAt(tpl.metadata, ['labels']);
  if (labels && pairOf(labels, key)) {
    return setEntry(text, labels, key, value); // There but empty: give it a value.
  }
  return addEntry(text, workload.node, [...tpl.path, 'metadata', 'labels'], key, value);
}
