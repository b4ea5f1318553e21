import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { unmatchedSelector, TELEMETRY_SELECTOR } from './shared/workloadSelectorPolicies';

/** A Telemetry’s `selector` selects at least one pod of its namespace. Mirrors Istio's telemetry.SelectorAnalyzer (IST0101). */
export default defineAnalyzerRule({
  id: 'telemetry-selector-matches',
  description: 'A Telemetry’s `selector` selects at least one pod of its namespace.',
  istioCode: 'IST0101',
  istioAnalyzer: 'telemetry.SelectorAnalyzer',
  defaultSeverity: 'error',
  kinds: ['Telemetry'],
  check(ctx) {
    return unmatchedSelector(ctx.index, ctx.settings.defaultNamespace, TELEMETRY_SELECTOR, ctx.object);
  },
});
