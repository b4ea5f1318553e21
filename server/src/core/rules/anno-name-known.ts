import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { isMap } from 'yaml';
import { ANNOTATIONS, annotationNamed } from '../istio/annotations';
import { moveEntry, renameKey } from '../istio/edits';
import { belongsOn, closestNames } from '../istio/keys';
import { labelNamed } from '../istio/labels';
import { describePlace } from '../istio/metadata';
import { WORKLOAD_KINDS } from '../model/workload';
import type { Fix, RuleFinding } from './rule';
import { checkedPlaces, istioAnnotations } from './shared/istioAnnotations';

/** Every annotation in Istio's namespace (`*.istio.io/…`) is one Istio knows: a typo is silently ignored. */
export default defineAnalyzerRule({
  id: 'anno-name-known',
  description: 'Annotations in Istio’s namespace (`*.istio.io/…`) are ones Istio knows; a misspelt one does nothing.',
  istioCode: 'IST0108',
  istioAnalyzer: 'annotations.K8sAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['Namespace', 'Service', ...WORKLOAD_KINDS],
  onFragments: true,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const place of checkedPlaces(ctx)) {
      for (const e of istioAnnotations(place)) {
        if (annotationNamed(e.key) || !e.keySpan) {
          continue;
        }
        const fixes: Fix[] = [];
        const asLabel = labelNamed(e.key);
        let hint = '';
        if (asLabel && place.annotationsPair && isMap(place.annotationsPair.value)) {
          hint = ` ${e.key} is a label, not an annotation.`;
          const edits = moveEntry(
            ctx.text,
            { pair: e.pair, map: place.annotationsPair.value, parent: place.annotationsPair },
            ctx.object.node,
            [...place.path.map(String), 'labels'],
          );
          if (edits && !place.labels.some((l) => l.key === e.key)) {
            fixes.push({ title: 'Move it to labels', edits, preferred: true });
          }
        } else {
          // Names that belong here first, so `sidecar.istio.io/injet` on a pod suggests the pod annotation.
          const names = ANNOTATIONS.filter((a) => !a.writtenByIstio).map((a) => a.name);
          const near = closestNames(e.key, names).slice(0, 3);
          const fitting = near.filter((n) => {
            const k = annotationNamed(n);
            return k !== undefined && belongsOn(k, place.kind, place.template, ctx.profile);
          });
          const ordered = [...fitting, ...near.filter((n) => !fitting.includes(n))];
          if (ordered.length > 0) {
            hint = ` Did you mean ${ordered.join(' or ')}?`;
          }
          ordered.forEach((n, i) => {
            const edit = renameKey(ctx.text, e.pair, n);
            if (edit) {
              fixes.push({ title: `Change to ${n}`, edits: [edit], preferred: i === 0 });
            }
          });
        }
        findings.push({
          span: e.keySpan,
          message: `Istio knows no annotation ${e.key} (on ${describePlace(place)}), so it has no effect.${hint}`,
          fixes,
        });
      }
    }
    return findings;
  },
});
