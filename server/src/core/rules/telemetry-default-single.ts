import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { severalDefaults, TELEMETRY_SELECTOR } from './shared/workloadSelectorPolicies';

/** A namespace has at most one Telemetry without a `selector` (or target reference). Mirrors Istio's telemetry.DefaultSelectorAnalyzer (IST0160). */
export default defineAnalyzerRule({
  id: 'telemetry-default-single',
  description: 'A namespace has at most one Telemetry without a `selector` (or target reference).',
  istioCode: 'IST0160',
  istioAnalyzer: 'telemetry.DefaultSelectorAnalyzer',
  defaultSeverity: 'error',
  kinds: ['Telemetry'],
  check(ctx) {
    return severalDefaults(ctx.index, ctx.settings.defaultNamespace, TELEMETRY_SELECTOR, ctx.object);
  },
});
