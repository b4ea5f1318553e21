import type { Node } from 'yaml';
import { seqItemsAt } from '../model/k8sObject';
import { stringItems } from '../model/istioNetworking';
import type { RuleFinding } from './rule';
import { defineAnalyzerRule } from './shared/istioAnalyzer';

/**
 * The namespaces an AuthorizationPolicy's sources name (`namespaces`, `notNamespaces`) match Namespaces of the
 * workspace. Mirrors Istio's auth.AuthorizationPoliciesAnalyzer (IST0101, ReferencedResourceNotFound): `*` matches all,
 * `prefix*` and `*suffix` by prefix and suffix, others exactly (case-insensitively).
 */
export default defineAnalyzerRule({
  id: 'ap-source-namespaces-exist',
  description: 'The source namespaces of an AuthorizationPolicy’s rules match Namespaces of the workspace.',
  istioCode: 'IST0101',
  istioAnalyzer: 'auth.AuthorizationPoliciesAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['AuthorizationPolicy'],
  check(ctx) {
    const ap = ctx.object;
    if (!ap.apiVersion.startsWith('security.istio.io/')) {
      return [];
    }
    const sources = seqItemsAt(ap.node, ['spec', 'rules']).flatMap((r) =>
      seqItemsAt(r as Node, ['from']).flatMap((f) =>
        ['namespaces', 'notNamespaces'].flatMap((field) => stringItems(f as Node, ['source', field])),
      ),
    );
    if (sources.length === 0) {
      return [];
    }
    const names = ctx.index.ofKind('Namespace').map((n) => n.name);
    const findings: RuleFinding[] = [];
    for (const s of sources) {
      if (names.some((n) => namespaceMatches(n, s.value))) {
        continue;
      }
      findings.push({
        span: s.span,
        message:
          `No Namespace of the workspace matches ${s.value}: this source matches no caller. Fix the name, or add the ` +
          'Namespace manifest.',
      });
    }
    return findings;
  },
});

function namespaceMatches(ns: string, exp: string): boolean {
  if (exp === '*') {
    return true;
  }
  if (exp.startsWith('*')) {
    return ns.endsWith(exp.slice(1));
  }
  if (exp.endsWith('*')) {
    return ns.startsWith(exp.slice(0, -1));
  }
  return ns.toLowerCase() === exp.toLowerCase();
}
