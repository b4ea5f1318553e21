import type { Rule } from '../rule';

// Several Istio analyzers report one code (IST0101 comes from seven): a rule mirroring one of them names it, so that
// a finding can be traced to the analyzer (`check --format json` gives it as `istioAnalyzer`). Istio also runs some
// analyzers once per kind, named `<family>.<Kind>` (`schema.ValidationAnalyzer.VirtualService`): a rule mirroring
// the whole family says `perKind`, and mirrors `<istioAnalyzer>.<Kind>` for each of its kinds.

/** A rule that mirrors one of Istio's analyzers, by its name in Istio (`virtualservice.GatewayAnalyzer`). */
export interface AnalyzerRule extends Rule {
  readonly istioAnalyzer: string;
  /**
   * Istio names one analyzer per kind, `<istioAnalyzer>.<Kind>` (`schema.ValidationAnalyzer.Gateway`): the rule
   * mirrors that analyzer for each kind it checks.
   */
  readonly perKind?: boolean;
}

/** Declares a rule mirroring an Istio analyzer. */
export function defineAnalyzerRule(rule: AnalyzerRule): AnalyzerRule {
  return rule;
}

/** The Istio analyzer a rule mirrors, when it names one (for a per-kind rule: the family, `schema.ValidationAnalyzer`). */
export function istioAnalyzerOf(rule: Rule): string | undefined {
  const named = (rule as Partial<AnalyzerRule>).istioAnalyzer;
  return typeof named === 'string' ? named : undefined;
}

/**
 * The Istio analyzer that reports a rule's finding on an object of `kind`: for a per-kind rule the analyzer of that
 * kind (`schema.ValidationAnalyzer.VirtualService`), else the one the rule names.
 */
export function istioAnalyzerFor(rule: Rule, kind: string): string | undefined {
  const named = istioAnalyzerOf(rule);
  return named !== undefined && isPerKind(rule) && rule.kinds.includes(kind) ? `${named}.${kind}` : named;
}

/** Every analyzer name a rule mirrors: one, or one per kind for a per-kind rule. */
export function istioAnalyzersOf(rule: Rule): string[] {
  const named = istioAnalyzerOf(rule);
  if (named === undefined) {
    return [];
  }
  return isPerKind(rule) ? rule.kinds.map((k) => `${named}.${k}`) : [named];
}

/**
 * The kinds for which a rule mirrors the analyzer named `analyzer` (what `check --analyzer <name>` runs), or undefined
 * when it does not mirror it. A per-kind rule answers its family name with all its kinds, `<family>.<Kind>` with that
 * kind; any other rule answers its own name with all its kinds.
 */
export function kindsMirroring(rule: Rule, analyzer: string): readonly string[] | undefined {
  const named = istioAnalyzerOf(rule);
  if (named === undefined) {
    return undefined;
  }
  if (analyzer === named) {
    return rule.kinds;
  }
  if (isPerKind(rule) && analyzer.startsWith(`${named}.`)) {
    const kind = analyzer.slice(named.length + 1);
    return rule.kinds.includes(kind) ? [kind] : undefined;
  }
  return undefined;
}

function isPerKind(rule: Rule): boolean {
  return (rule as Partial<AnalyzerRule>).perKind === true;
}
