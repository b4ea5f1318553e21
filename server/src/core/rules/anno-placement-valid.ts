import { defineAnalyzerRule } from './shared/istioAnalyzer';
import type { Pair, YAMLMap } from 'yaml';
import { isMap } from 'yaml';
import { annotationNamed, INJECT } from '../istio/annotations';
import { deleteEntry, moveEntry } from '../istio/edits';
import type { IstioKey } from '../istio/keys';
import { belongsOn, describePlaces, LEGACY_WORKLOAD_KINDS, placesFor } from '../istio/keys';
import { INJECT_LABEL, INJECTION_LABEL } from '../istio/labels';
import type { MetadataPlace } from '../istio/metadata';
import { describePlace, podMetadataPlace } from '../istio/metadata';
import type { StringEntry } from '../model/k8sObject';
import { WORKLOAD_KINDS } from '../model/workload';
import type { Profile } from '../settings';
import type { Fix, RuleContext, RuleFinding } from './rule';
import { checkedPlaces, istioAnnotations, objectPlaces } from './shared/istioAnnotations';

/** Each Istio annotation sits on the kind of resource that reads it (and the injection labels on theirs). */
export default defineAnalyzerRule({
  id: 'anno-placement-valid',
  description: 'Istio annotations sit where Istio reads them: pod annotations on the pod template, not on the Deployment.',
  istioCode: 'IST0107',
  istioAnalyzer: 'annotations.K8sAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['Namespace', 'Service', ...WORKLOAD_KINDS],
  onFragments: true,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const place of checkedPlaces(ctx)) {
      for (const e of istioAnnotations(place)) {
        const key = annotationNamed(e.key);
        if (!key || belongsOn(key, place.kind, place.template, ctx.profile) || !e.keySpan) {
          continue;
        }
        findings.push({
          span: e.keySpan,
          message: misplacedMessage(key, place, ctx.profile),
          fixes: annotationFixes(ctx, place, e, key),
        });
      }
      for (const e of place.labels) {
        const finding = labelFinding(ctx, place, e);
        if (finding) {
          findings.push(finding);
        }
      }
    }
    return findings;
  },
});

function misplacedMessage(key: IstioKey, place: MetadataPlace, profile: Profile): string {
  const head = `${key.name} has no effect on ${describePlace(place)}: it belongs on ${describePlaces(placesFor(key, profile))}.`;
  if (key.name === INJECT && profile === 'legacy-0.2') {
    return place.template || place.kind === 'Pod'
      ? `${head} Istio 0.2’s Initializer reads it on the workload’s own metadata (next to its name), not on the pod.`
      : head;
  }
  if (!place.template && place.kind !== 'Pod' && placesFor(key, profile).includes('Pod')) {
    return `${head} Istio reads pod annotations, so on a ${place.kind} it belongs under spec.template.metadata.annotations.`;
  }
  return head;
}

function annotationFixes(ctx: RuleContext, place: MetadataPlace, e: StringEntry, key: IstioKey): Fix[] {
  const from = source(place, 'annotations', e.pair);
  if (!from) {
    return [];
  }
  const places = placesFor(key, ctx.profile);
  const pod = podMetadataPlace(ctx.object);
  const fixes: Fix[] = [];
  if (!place.template && pod?.template && places.includes('Pod')) {
    fixes.push(...moveFixes(ctx, from, pod, 'annotations', e.key, 'the pod template'));
    if (key.name === INJECT && fixes.length > 0 && !pod.labels.some((l) => l.key === INJECT_LABEL)) {
      const edits = moveEntry(ctx.text, from, ctx.object.node, [...pod.path.map(String), 'labels']);
      if (edits) {
        fixes.push({ title: 'Move it to the pod template’s labels (Istio’s recommended form)', edits });
      }
    }
  } else if (place.template && places.includes('Workload') && LEGACY_WORKLOAD_KINDS.includes(ctx.object.kind)) {
    const own = objectPlaces(ctx)[0];
    if (own) {
      fixes.push(...moveFixes(ctx, from, own, 'annotations', e.key, `the ${ctx.object.kind}’s metadata`));
    }
  }
  if (fixes.length === 0) {
    const del = deleteEntry(ctx.text, from.pair, from.map, from.parent);
    if (del) {
      fixes.push({ title: `Remove ${e.key}`, edits: [del] });
    }
  }
  return fixes;
}

/** The injection labels in the wrong place: the pod label on a workload’s own metadata, the namespace label elsewhere. */
function labelFinding(ctx: RuleContext, place: MetadataPlace, e: StringEntry): RuleFinding | undefined {
  if (!e.keySpan) {
    return undefined;
  }
  const from = source(place, 'labels', e.pair);
  const legacy = ctx.profile === 'legacy-0.2';
  if (e.key === INJECTION_LABEL && place.kind !== 'Namespace') {
    const del = from && deleteEntry(ctx.text, from.pair, from.map, from.parent);
    return {
      span: e.keySpan,
      message:
        `The ${INJECTION_LABEL} label has no effect on ${describePlace(place)}: Istio reads it on Namespaces only. ` +
        `Label the namespace, or use ${INJECT_LABEL} on the pod template for one workload.`,
      fixes: del ? [{ title: `Remove the ${INJECTION_LABEL} label`, edits: [del] }] : [],
    };
  }
  if (e.key !== INJECT_LABEL) {
    return undefined;
  }
  if (legacy) {
    const own = objectPlaces(ctx)[0];
    const canMove = own && from && LEGACY_WORKLOAD_KINDS.includes(ctx.object.kind);
    return {
      span: e.keySpan,
      message:
        `Istio 0.2 does not read the ${INJECT_LABEL} label: its Initializer reads the ${INJECT} annotation on the ` +
        'workload’s own metadata.',
      fixes: canMove ? moveFixes(ctx, from, own, 'annotations', e.key, `the ${ctx.object.kind}’s annotations`) : [],
    };
  }
  const pod = podMetadataPlace(ctx.object);
  if (place.template || place.kind === 'Pod' || !pod?.template || pod.labels.some((l) => l.key === INJECT_LABEL)) {
    return undefined; // right place, or the pod template sets it too (a copy of the pod labels on the workload)
  }
  return {
    span: e.keySpan,
    message:
      `The ${INJECT_LABEL} label has no effect on ${describePlace(place)}: the injection webhook matches pod labels, ` +
      'so it belongs under spec.template.metadata.labels.',
    fixes: from ? moveFixes(ctx, from, pod, 'labels', e.key, 'the pod template’s labels') : [],
  };
}

interface Source {
  readonly pair: Pair;
  readonly map: YAMLMap;
  readonly parent?: Pair;
}

function source(place: MetadataPlace, field: 'annotations' | 'labels', pair: Pair): Source | undefined {
  const parent = field === 'annotations' ? place.annotationsPair : place.labelsPair;
  return parent && isMap(parent.value) ? { pair, map: parent.value, parent } : undefined;
}

/** Move to the target metadata; or, when the target already has the key, just remove this copy. */
function moveFixes(
  ctx: RuleContext,
  from: Source,
  target: MetadataPlace,
  field: 'annotations' | 'labels',
  name: string,
  targetName: string,
): Fix[] {
  const existing = (field === 'annotations' ? target.annotations : target.labels).some((x) => x.key === name);
  if (existing) {
    const del = deleteEntry(ctx.text, from.pair, from.map, from.parent);
    return del ? [{ title: `Remove it (${targetName} already sets ${name})`, edits: [del], preferred: true }] : [];
  }
  const edits = moveEntry(ctx.text, from, ctx.object.node, [...target.path, field].map(String));
  return edits ? [{ title: `Move it to ${targetName}`, edits, preferred: true }] : [];
}
