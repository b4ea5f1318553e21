import { analyzeMatches } from './shared/virtualServiceMatches';
import { defineAnalyzerRule } from './shared/istioAnalyzer';

/**
 * No match of a VirtualService route repeats, or is covered by, a match of an earlier rule. Mirrors the route analysis
 * of Istio's VirtualService validation (schema.ValidationAnalyzer.VirtualService, IST0131
 * VirtualServiceIneffectiveMatch): equal matches (their `name` aside), and http `uri.prefix` matches that an earlier,
 * shorter prefix with the same port, method, authority, headers and query parameters takes first.
 */
export default defineAnalyzerRule({
  id: 'vs-matches-effective',
  description: 'No VirtualService match repeats, or is covered by, a match of an earlier rule.',
  istioCode: 'IST0131',
  istioAnalyzer: 'schema.ValidationAnalyzer.VirtualService',
  defaultSeverity: 'info',
  kinds: ['VirtualService'],
  check(ctx) {
    return analyzeMatches(ctx.index, ctx.object).ineffective.map((m) => ({
      span: m.span,
      message:
        `${m.section} rule ${m.rule} match ${m.match} is never used: rule ${m.shadowedBy} takes its requests first ` +
        '(duplicate or overlapping match). Move the more specific match before it, or remove it.',
    }));
  },
});
