import { WORKLOAD_KINDS } from '../model/workload';
import type { Profile } from '../settings';
import type { IstioKey, Place } from '../istio/keys';
import { belongsOn, deprecationFor, describePlaces, placesFor } from '../istio/keys';
import { expectedForm, valueChoices } from '../istio/values';
import type { CursorContext } from './context';

/** A `metadata.annotations` or `metadata.labels` map the cursor is in, and whose metadata it is. */
export interface MetadataSpot {
  /** `Pod` for a pod template, else the object's kind. */
  readonly kind: string;
  readonly template: boolean;
  readonly field: 'annotations' | 'labels';
}

/** The annotations or labels map the cursor is in: an object's own metadata, or a workload's pod template. */
export function metadataSpot(ctx: CursorContext): MetadataSpot | undefined {
  const p = ctx.path;
  const field = p[p.length - 1];
  if ((field !== 'annotations' && field !== 'labels') || p[p.length - 2] !== 'metadata' || !ctx.kind) {
    return undefined;
  }
  if (p.length === 2) {
    return { kind: ctx.kind, template: false, field };
  }
  // spec.template.metadata (Deployment, …) or spec.jobTemplate.spec.template.metadata (CronJob).
  if (p[p.length - 3] === 'template' && ctx.kind !== 'Pod' && WORKLOAD_KINDS.includes(ctx.kind)) {
    return { kind: 'Pod', template: true, field };
  }
  return undefined;
}

/** "the pod template", "Deployment metadata": the spot in words. */
function spotName(spot: MetadataSpot): string {
  return spot.template ? 'the pod template' : `${spot.kind} metadata`;
}

const STAGE: Readonly<Record<string, string>> = { alpha: 'alpha', beta: 'beta', stable: 'stable' };

/** Markdown about an Istio annotation or label: what it does, where it belongs, its values, and whether it fits here. */
export function describeKey(key: IstioKey, field: 'annotations' | 'labels', profile: Profile, spot?: MetadataSpot): string {
  const what = field === 'annotations' ? 'annotation' : 'label';
  const tags = [`Istio ${what}`, key.stage ? STAGE[key.stage] : undefined, key.hidden ? 'internal' : undefined]
    .filter((t): t is string => t !== undefined)
    .join(' · ');
  const out = [`**${key.name}** — ${tags}`, '', key.summary, ''];
  out.push(`- **Belongs on:** ${placesText(placesFor(key, profile))}${legacyNote(key, profile)}`);
  const choices = valueChoices(key.value);
  const values =
    key.value.type === 'enum' || key.value.type === 'boolean'
      ? choices.map((c) => `\`"${c}"\``).join(', ')
      : expectedForm(key.value).replace(/"([^"]*)"/g, '`"$1"`');
  out.push(`- **Value:** ${values}${key.value.type === 'enum' && !key.value.strict ? ' (common values)' : ''}`);
  const dep = deprecationFor(key, profile);
  if (dep) {
    out.push(`- **Deprecated**${dep.replacement ? `: use ${dep.replacement} instead` : ''}.${dep.note ? ` ${dep.note}` : ''}`);
  }
  if (key.writtenByIstio) {
    out.push('- Written by Istio itself: do not set or edit it.');
  }
  if (spot && !belongsOn(key, spot.kind, spot.template, profile)) {
    out.push('', `⚠ Istio does not read it on ${spotName(spot)}.`);
  }
  return out.join('\n');
}

function placesText(places: readonly Place[]): string {
  return describePlaces(places).replace(/^./, (c) => c.toUpperCase());
}

function legacyNote(key: IstioKey, profile: Profile): string {
  if (!key.legacyPlaces || profile === 'legacy-0.2') {
    return '';
  }
  return ` (Istio 0.2, profile \`legacy-0.2\`: ${describePlaces(key.legacyPlaces)})`;
}
