import type { Rule } from '../rule';

// Several Istio analyzers report one code (IST0101 comes from seven): a rule mirroring one of them names it, so that
// a finding can be traced to the analyzer (`check --format json` gives it as `istioAnalyzer`).

/** A rule that mirrors one of Istio's analyzers, by its name in Istio (`virtualservice.GatewayAnalyzer`). */
export interface AnalyzerRule extends Rule {
  readonly istioAnalyzer: string;
}

/** Declares a rule mirroring an Istio analyzer. */
export function defineAnalyzerRule(rule: AnalyzerRule): AnalyzerRule {
  return rule;
}

/** The Istio analyzer a rule mirrors, when it names one. */
export function istioAnalyzerOf(rule: Rule): string | undefined {
  const named = (rule as Partial<AnalyzerRule>).istioAnalyzer;
  return typeof named === 'string' ? named : undefined;
}
