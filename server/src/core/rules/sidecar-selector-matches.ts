import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { unmatchedSelector, SIDECAR_SELECTOR } from './shared/workloadSelectorPolicies';

/**
 * A Sidecar's `workloadSelector` selects at least one pod of its namespace. Mirrors Istio's sidecar.SelectorAnalyzer
 * (IST0101, ReferencedResourceNotFound); pods are Pods and the pod templates of workloads.
 */
export default defineAnalyzerRule({
  id: 'sidecar-selector-matches',
  description: 'A Sidecar’s `workloadSelector` selects at least one pod of its namespace.',
  istioCode: 'IST0101',
  istioAnalyzer: 'sidecar.SelectorAnalyzer',
  defaultSeverity: 'error',
  kinds: ['Sidecar'],
  check(ctx) {
    return unmatchedSelector(ctx.index, ctx.settings.defaultNamespace, SIDECAR_SELECTOR, ctx.object);
  },
});
