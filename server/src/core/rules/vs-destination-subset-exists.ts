import { destinationRulesForHost } from '../index/istioReferences';
import { effectiveNamespace } from '../index/workspaceIndex';
import { nodeAt } from '../model/k8sObject';
import { mirrorDestinations, routeDestinations, subsetsOf } from '../model/istioNetworking';
import { nodeSpan } from '../yaml/spans';
import type { RuleFinding } from './rule';
import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { addSubsetFix } from './shared/subsetFixes';

/**
 * Every subset a VirtualService destination or mirror names is defined by a DestinationRule for its host. Mirrors
 * Istio's virtualservice.DestinationRuleAnalyzer (IST0101, ReferencedResourceNotFound "host+subset in
 * destinationrule"): the destination's host and a rule's host are both resolved in their own namespaces. Unlike the
 * analyzer, a rule counts only where its `exportTo` makes it visible, and a wildcard host counts for the names it
 * covers, as the proxies apply them.
 */
export default defineAnalyzerRule({
  id: 'vs-destination-subset-exists',
  description: 'The subset a VirtualService destination names is defined by a DestinationRule for its host, visible from its namespace.',
  istioCode: 'IST0101',
  istioAnalyzer: 'virtualservice.DestinationRuleAnalyzer',
  defaultSeverity: 'error',
  kinds: ['VirtualService'],
  check(ctx) {
    const findings: RuleFinding[] = [];
    const ns = effectiveNamespace(ctx.object, ctx.settings.defaultNamespace);
    for (const d of [...routeDestinations(ctx.object), ...mirrorDestinations(ctx.object)]) {
      if (d.subset === undefined || d.subset === '') {
        continue;
      }
      const rules = destinationRulesForHost(ctx.index, ctx.settings.defaultNamespace, ctx.object, d.host);
      if (rules.some((r) => subsetsOf(r).some((s) => s.name === d.subset))) {
        continue;
      }
      // The rule to add the subset to: the one in the VirtualService's namespace, else the first.
      const home = rules.find((r) => effectiveNamespace(r, ctx.settings.defaultNamespace) === ns) ?? rules[0];
      const text = home ? ctx.index.get(home.uri)?.text : undefined;
      const fix = home && text !== undefined ? addSubsetFix(home, text, d.subset) : undefined;
      findings.push({
        span: d.subsetSpan ?? d.span,
        message:
          rules.length === 0
            ? `No DestinationRule for ${d.host} defines subset ${d.subset} (none for this host is visible here): ` +
              'requests routed to it fail. Add a DestinationRule with this subset, or route without a subset.'
            : `DestinationRule ${rules.map((r) => r.name).join(', ')} for ${d.host} defines no subset ${d.subset}: ` +
              'requests routed to it fail. Add the subset or name one the rule defines.',
        related: rules.map((r) => ({
          uri: r.uri,
          span: nodeSpan(nodeAt(r.node, ['spec', 'host'])) ?? r.anchor,
          message: `DestinationRule ${r.name} for ${d.host}: subsets ${subsetsOf(r).map((s) => s.name).join(', ') || 'none'}`,
        })),
        ...(fix ? { fixes: [fix] } : {}),
      });
    }
    return findings;
  },
});
