import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { isMap } from 'yaml';
import { annotationNamed, INJECT } from '../istio/annotations';
import { deleteEntry, moveEntry, renameKey } from '../istio/edits';
import { deprecationFor } from '../istio/keys';
import { INJECT_LABEL } from '../istio/labels';
import type { MetadataPlace } from '../istio/metadata';
import { describePlace, podMetadataPlace } from '../istio/metadata';
import type { StringEntry } from '../model/k8sObject';
import { WORKLOAD_KINDS } from '../model/workload';
import type { Fix, RuleContext, RuleFinding } from './rule';
import { checkedPlaces, istioAnnotations } from './shared/istioAnnotations';

/** Renames that keep the meaning exactly. */
const RENAMED: Readonly<Record<string, string>> = {
  'traffic.sidecar.istio.io/kubevirtInterfaces': 'istio.io/reroute-virtual-interfaces',
};

/** No deprecated Istio annotation is used; the replacement is named. */
export default defineAnalyzerRule({
  id: 'anno-not-deprecated',
  description: 'Deprecated Istio annotations are replaced by what Istio now reads (named in the message).',
  istioCode: 'IST0135',
  istioAnalyzer: 'annotations.K8sAnalyzer',
  defaultSeverity: { 'legacy-0.2': 'off', classic: 'info', native: 'info' },
  kinds: ['Namespace', 'Service', ...WORKLOAD_KINDS],
  onFragments: true,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const place of checkedPlaces(ctx)) {
      for (const e of istioAnnotations(place)) {
        if (!e.keySpan) {
          continue;
        }
        const key = annotationNamed(e.key);
        const dep = key && deprecationFor(key, ctx.profile);
        if (!dep) {
          continue;
        }
        // Istio stays quiet when the label sits next to the annotation: both are kept on purpose, for old versions.
        if (e.key === INJECT && place.labels.some((l) => l.key === INJECT_LABEL)) {
          continue;
        }
        const instead = dep.replacement ? ` in favour of ${plain(dep.replacement)}` : '';
        findings.push({
          span: e.keySpan,
          message:
            `${e.key} (on ${describePlace(place)}) is deprecated${instead} and may stop working in a future Istio.` +
            (dep.note ? ` ${plain(dep.note)}` : ''),
          fixes: fixesFor(ctx, place, e),
        });
      }
    }
    return findings;
  },
});

function fixesFor(ctx: RuleContext, place: MetadataPlace, e: StringEntry): Fix[] {
  const parent = place.annotationsPair;
  if (!parent || !isMap(parent.value)) {
    return [];
  }
  const from = { pair: e.pair, map: parent.value, parent };
  const renamed = RENAMED[e.key];
  if (renamed) {
    if (place.annotations.some((a) => a.key === renamed)) {
      return [];
    }
    const edit = renameKey(ctx.text, e.pair, renamed);
    return edit ? [{ title: `Change to ${renamed}`, edits: [edit], preferred: true }] : [];
  }
  if (e.key !== INJECT) {
    return [];
  }
  // The label goes on the pod: the pod template for a workload whose own metadata carries the annotation.
  const target = place.template || place.kind === 'Pod' ? place : podMetadataPlace(ctx.object);
  if (!target) {
    return [];
  }
  if (target.labels.some((l) => l.key === INJECT_LABEL)) {
    const del = deleteEntry(ctx.text, from.pair, from.map, from.parent);
    return del ? [{ title: 'Remove the annotation (the pod already has the label)', edits: [del], preferred: true }] : [];
  }
  const edits = moveEntry(ctx.text, from, ctx.object.node, [...target.path.map(String), 'labels']);
  return edits ? [{ title: `Use the ${INJECT_LABEL} label instead`, edits, preferred: true }] : [];
}

/** Registry text is markdown (for hovers); diagnostics are plain text. */
function plain(markdown: string): string {
  return markdown.replace(/`/g, '');
}
