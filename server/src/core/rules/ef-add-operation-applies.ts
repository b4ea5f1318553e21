import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { problemsOf } from './shared/envoyFilterPatches';

/** An EnvoyFilter does not ADD to ROUTE_CONFIGURATION or HTTP_ROUTE, where Istio ignores the operation. Mirrors Istio's envoyfilter.EnvoyPatchAnalyzer (IST0153). */
export default defineAnalyzerRule({
  id: 'ef-add-operation-applies',
  description: 'An EnvoyFilter does not ADD to ROUTE_CONFIGURATION or HTTP_ROUTE, where Istio ignores the operation.',
  istioCode: 'IST0153',
  istioAnalyzer: 'envoyfilter.EnvoyPatchAnalyzer',
  defaultSeverity: 'error',
  kinds: ['EnvoyFilter'],
  check(ctx) {
    return problemsOf(ctx.index, ctx.settings.defaultNamespace, ctx.object, 'add-ignored').map((p) => ({
      span: p.span,
      message: `configPatches[${p.index}]: ADD is ignored when applyTo is ${p.applyTo}. Use MERGE to change the route configuration, or patch its virtual hosts.`,
    }));
  },
});
