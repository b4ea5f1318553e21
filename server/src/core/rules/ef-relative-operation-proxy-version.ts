import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { problemsOf } from './shared/envoyFilterPatches';

/** An EnvoyFilter with relative patches on a filter matched by proxyVersion sets a priority. Mirrors Istio's envoyfilter.EnvoyPatchAnalyzer (IST0155). */
export default defineAnalyzerRule({
  id: 'ef-relative-operation-proxy-version',
  description: 'An EnvoyFilter with relative patches on a filter matched by proxyVersion sets a priority.',
  istioCode: 'IST0155',
  istioAnalyzer: 'envoyfilter.EnvoyPatchAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['EnvoyFilter'],
  check(ctx) {
    return problemsOf(ctx.index, ctx.settings.defaultNamespace, ctx.object, 'relative-proxy-version').map((p) => ({
      span: p.span,
      message: `configPatches[${p.index}]: ${p.operation} is relative and an earlier patch of this filter is limited to a proxy version, without priority: during an upgrade this patch may not apply. Set \`priority\`, or use INSERT_FIRST or ADD.`,
    }));
  },
});
