import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { problemsOf } from './shared/envoyFilterPatches';

/** An EnvoyFilter with relative patch operations (INSERT_BEFORE/AFTER, REPLACE, REMOVE) sets a priority. Mirrors Istio's envoyfilter.EnvoyPatchAnalyzer (IST0151). */
export default defineAnalyzerRule({
  id: 'ef-relative-operation-priority',
  description: 'An EnvoyFilter with relative patch operations (INSERT_BEFORE/AFTER, REPLACE, REMOVE) sets a priority.',
  istioCode: 'IST0151',
  istioAnalyzer: 'envoyfilter.EnvoyPatchAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['EnvoyFilter'],
  check(ctx) {
    return problemsOf(ctx.index, ctx.settings.defaultNamespace, ctx.object, 'relative').map((p) => ({
      span: p.span,
      message: `configPatches[${p.index}]: ${p.operation} is relative to other filters and this EnvoyFilter has no priority: whether it applies depends on the order EnvoyFilters are applied. Set \`priority\`, or use INSERT_FIRST or ADD.`,
    }));
  },
});
