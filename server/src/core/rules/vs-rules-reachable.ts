import { analyzeMatches } from './shared/virtualServiceMatches';
import { defineAnalyzerRule } from './shared/istioAnalyzer';

/**
 * Every route rule of a VirtualService can be reached: only the last rule goes without `match`, and a rule whose
 * matches all repeat earlier ones never applies. Mirrors the route analysis of Istio's VirtualService validation
 * (schema.ValidationAnalyzer.VirtualService, IST0130 VirtualServiceUnreachableRule), for http, tcp and tls routes.
 */
export default defineAnalyzerRule({
  id: 'vs-rules-reachable',
  description: 'Every route rule of a VirtualService can match: only the last has no `match`; none repeats earlier matches only.',
  istioCode: 'IST0130',
  istioAnalyzer: 'schema.ValidationAnalyzer.VirtualService',
  defaultSeverity: 'warning',
  kinds: ['VirtualService'],
  check(ctx) {
    return analyzeMatches(ctx.index, ctx.object).unreachable.map((u) => ({
      span: u.span,
      message: `${u.section} rule ${u.rule} is never used (${u.reason}). Put the catch-all rule last, or merge the rules.`,
    }));
  },
});
