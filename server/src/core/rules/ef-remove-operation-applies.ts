import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { problemsOf } from './shared/envoyFilterPatches';

/** An EnvoyFilter does not REMOVE from ROUTE_CONFIGURATION or HTTP_ROUTE, where Istio ignores the operation. Mirrors Istio's envoyfilter.EnvoyPatchAnalyzer (IST0154). */
export default defineAnalyzerRule({
  id: 'ef-remove-operation-applies',
  description: 'An EnvoyFilter does not REMOVE from ROUTE_CONFIGURATION or HTTP_ROUTE, where Istio ignores the operation.',
  istioCode: 'IST0154',
  istioAnalyzer: 'envoyfilter.EnvoyPatchAnalyzer',
  defaultSeverity: 'error',
  kinds: ['EnvoyFilter'],
  check(ctx) {
    return problemsOf(ctx.index, ctx.settings.defaultNamespace, ctx.object, 'remove-ignored').map((p) => ({
      span: p.span,
      message: `configPatches[${p.index}]: REMOVE is ignored when applyTo is ${p.applyTo}. Remove the virtual host or route by patching its parent with MERGE, or drop this patch.`,
    }));
  },
});
