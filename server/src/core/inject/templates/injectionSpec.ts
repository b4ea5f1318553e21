import { isRec } from '../../plainData';
import type { Rec } from '../../plainData';
/**
 * Before Istio 1.8 the injector's one template (`template:` of the config) rendered a SidecarInjectionSpec, not a
 * pod: `initContainers`, `containers`, `volumes`, `imagePullSecrets`, `dnsConfig` and `podRedirectAnnot` at the top.
 * Merged as the pod overlay today's templates render, it adds the same containers, volumes and annotations.
 */

const SPEC_FIELDS = ['initContainers', 'containers', 'volumes', 'imagePullSecrets', 'dnsConfig'] as const;

/** The pod overlay of a rendered template: a pod as it is, a SidecarInjectionSpec turned into one. */
export function podOverlay(rendered: Rec): Rec {
  if ('spec' in rendered || 'metadata' in rendered) {
    return rendered;
  }
  const legacy = SPEC_FIELDS.some((f) => f in rendered) || 'podRedirectAnnot' in rendered;
  if (!legacy) {
    return rendered;
  }
  const spec: Rec = {};
  for (const f of SPEC_FIELDS) {
    if (rendered[f] !== undefined && rendered[f] !== null) {
      spec[f] = rendered[f];
    }
  }
  const overlay: Rec = { spec };
  if (isRec(rendered['podRedirectAnnot'])) {
    overlay['metadata'] = { annotations: rendered['podRedirectAnnot'] };
  }
  return overlay;
}
