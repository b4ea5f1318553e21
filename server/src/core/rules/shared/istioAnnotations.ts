import { ALWAYS_IGNORED_ANNOTATIONS, isCheckedAnnotation } from '../../istio/annotations';
import type { MetadataPlace } from '../../istio/metadata';
import { metadataPlaces } from '../../istio/metadata';
import { isSystemNamespace } from '../../index/serviceMembership';
import { effectiveNamespace } from '../../index/workspaceIndex';
import type { StringEntry } from '../../model/k8sObject';
import type { RuleContext } from '../rule';

// What the anno-* rules read of an object: the metadata they check and the Istio annotations in it.

/**
 * The metadata places the annotation rules check: the object's own and its pod template's; none in Kubernetes' own
 * namespaces, which istioctl analyze skips.
 */
export function checkedPlaces(ctx: RuleContext): readonly MetadataPlace[] {
  return isSystemNamespace(effectiveNamespace(ctx.object, ctx.settings.defaultNamespace)) ? [] : objectPlaces(ctx);
}

/**
 * The object's metadata places (see metadataPlaces), read once per object: five rules ask for them. Kept by the index,
 * by the object rather than its node, since their entries hold spans and an object that moves is a new object.
 */
export function objectPlaces(ctx: RuleContext): readonly MetadataPlace[] {
  return ctx.index.memo(ctx.object, 'metadata-places', () => metadataPlaces(ctx.object));
}

/** The annotations of a place that Istio's analyzer looks at (see isCheckedAnnotation), less those Istio writes itself. */
export function istioAnnotations(place: MetadataPlace): StringEntry[] {
  return place.annotations.filter((e) => isCheckedAnnotation(e.key) && !ALWAYS_IGNORED_ANNOTATIONS.has(e.key));
}
