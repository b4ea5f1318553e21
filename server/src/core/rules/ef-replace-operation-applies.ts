import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { problemsOf } from './shared/envoyFilterPatches';

/** An EnvoyFilter uses REPLACE only with applyTo NETWORK_FILTER or HTTP_FILTER. Mirrors Istio's envoyfilter.EnvoyPatchAnalyzer (IST0152). */
export default defineAnalyzerRule({
  id: 'ef-replace-operation-applies',
  description: 'An EnvoyFilter uses REPLACE only with applyTo NETWORK_FILTER, HTTP_FILTER or VIRTUAL_HOST.',
  istioCode: 'IST0152',
  istioAnalyzer: 'envoyfilter.EnvoyPatchAnalyzer',
  defaultSeverity: 'error',
  kinds: ['EnvoyFilter'],
  check(ctx) {
    return problemsOf(ctx.index, ctx.settings.defaultNamespace, ctx.object, 'replace-invalid').map((p) => ({
      span: p.span,
      message: `configPatches[${p.index}]: REPLACE is only valid for NETWORK_FILTER, HTTP_FILTER and VIRTUAL_HOST, not ${p.applyTo}: the patch is not applied. Use MERGE, or REMOVE then ADD.`,
    }));
  },
});
