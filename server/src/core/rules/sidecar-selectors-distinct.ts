import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { overlappingSelectors, SIDECAR_SELECTOR } from './shared/workloadSelectorPolicies';

/**
 * No two Sidecars with a `workloadSelector` select the same pod. Mirrors Istio's sidecar.SelectorAnalyzer (IST0110,
 * ConflictingSidecarWorkloadSelectors): which one the proxy uses is undefined.
 */
export default defineAnalyzerRule({
  id: 'sidecar-selectors-distinct',
  description: 'No two Sidecars select the same pod with their `workloadSelector`.',
  istioCode: 'IST0110',
  istioAnalyzer: 'sidecar.SelectorAnalyzer',
  defaultSeverity: 'error',
  kinds: ['Sidecar'],
  check(ctx) {
    return overlappingSelectors(ctx.index, ctx.settings.defaultNamespace, SIDECAR_SELECTOR, ctx.object);
  },
});
