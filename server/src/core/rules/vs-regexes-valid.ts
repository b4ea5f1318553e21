import { isMap, isPair } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import { RE2JS } from 're2js';
import { keyString, nodeAt, seqItemsAt } from '../model/k8sObject';
import { isIstioNetworking } from '../model/istioNetworking';
import { scalarString } from '../model/k8sObject';
import { nodeSpan } from '../yaml/spans';
import type { RuleFinding } from './rule';
import { defineAnalyzerRule } from './shared/istioAnalyzer';

/** The string matches of an HTTP match request that take a `regex`. */
const MATCH_FIELDS = ['uri', 'scheme', 'method', 'authority'] as const;
const MATCH_MAPS = ['headers', 'queryParams'] as const;

/**
 * Every `regex` of a VirtualService's HTTP matches and CORS origins is a valid RE2 expression, the syntax Envoy and
 * Istio compile them with (no lookaround, no backreferences; `(?i)` and `(?P<name>…)` are fine). Mirrors Istio's
 * virtualservice.RegexAnalyzer (IST0122, InvalidRegexp); the message is Go's own error for the expression.
 */
export default defineAnalyzerRule({
  id: 'vs-regexes-valid',
  description: 'The `regex` matches of a VirtualService are valid RE2 (no lookaround or backreferences).',
  istioCode: 'IST0122',
  istioAnalyzer: 'virtualservice.RegexAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['VirtualService'],
  onFragments: true,
  check(ctx) {
    const vs = ctx.object;
    if (!isIstioNetworking(vs, 'VirtualService')) {
      return [];
    }
    const findings: RuleFinding[] = [];
    const report = (where: string, stringMatch: unknown): void => {
      const regexNode = isMap(stringMatch) ? nodeAt(stringMatch, ['regex']) : undefined;
      const regex = scalarString(regexNode);
      if (regex === undefined || regex === '') {
        return;
      }
      const problem = re2Error(regex);
      if (problem !== undefined) {
        findings.push({
          span: nodeSpan(regexNode) ?? vs.anchor,
          message: `The ${where} regex ${JSON.stringify(regex)} is not valid RE2, the syntax Envoy uses: ${problem}.`,
        });
      }
    };
    for (const route of seqItemsAt(vs.node, ['spec', 'http'])) {
      if (!isMap(route)) {
        continue;
      }
      for (const match of seqItemsAt(route, ['match'])) {
        if (!isMap(match)) {
          continue;
        }
        for (const field of MATCH_FIELDS) {
          report(field, nodeAt(match, [field]));
        }
        // withoutHeaders are not checked, as Istio does not: they are undocumented.
        for (const field of MATCH_MAPS) {
          for (const [name, value] of entries(nodeAt(match, [field]))) {
            report(`${field} ${name}`, value);
          }
        }
      }
      for (const origin of seqItemsAt(route, ['corsPolicy', 'allowOrigins'])) {
        report('corsPolicy.allowOrigins', origin);
      }
    }
    return findings;
  },
});

function entries(node: Node | undefined): [string, unknown][] {
  if (!isMap(node)) {
    return [];
  }
  return (node as YAMLMap).items.flatMap((p) => {
    const k = isPair(p) ? keyString(p) : undefined;
    return k === undefined ? [] : [[k, p.value] as [string, unknown]];
  });
}

/** Go's error for an expression its regexp package refuses, without the "error parsing regexp: " prefix. */
function re2Error(regex: string): string | undefined {
  try {
    RE2JS.compile(regex);
    return undefined;
  } catch (e) {
    return (e instanceof Error ? e.message : String(e)).replace(/^error parsing regexp: /, '');
  }
}
