import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { severalDefaults, SIDECAR_SELECTOR } from './shared/workloadSelectorPolicies';

/**
 * A namespace has at most one Sidecar without a `workloadSelector` (its default). Mirrors Istio's sidecar analyzers
 * (IST0111, MultipleSidecarsWithoutWorkloadSelectors).
 */
export default defineAnalyzerRule({
  id: 'sidecar-default-single',
  description: 'A namespace has at most one Sidecar without a `workloadSelector`.',
  istioCode: 'IST0111',
  istioAnalyzer: 'sidecar.SelectorAnalyzer',
  defaultSeverity: 'error',
  kinds: ['Sidecar'],
  check(ctx) {
    return severalDefaults(ctx.index, ctx.settings.defaultNamespace, SIDECAR_SELECTOR, ctx.object);
  },
});
