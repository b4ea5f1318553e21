import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { overlappingSelectors, TELEMETRY_SELECTOR } from './shared/workloadSelectorPolicies';

/** No two Telemetry resources select the same pod with their `selector`. Mirrors Istio's telemetry.SelectorAnalyzer (IST0159). */
export default defineAnalyzerRule({
  id: 'telemetry-selectors-distinct',
  description: 'No two Telemetry resources select the same pod with their `selector`.',
  istioCode: 'IST0159',
  istioAnalyzer: 'telemetry.SelectorAnalyzer',
  defaultSeverity: 'error',
  kinds: ['Telemetry'],
  check(ctx) {
    return overlappingSelectors(ctx.index, ctx.settings.defaultNamespace, TELEMETRY_SELECTOR, ctx.object);
  },
});
