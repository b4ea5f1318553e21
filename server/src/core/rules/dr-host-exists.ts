import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { destinationRuleHost } from './shared/destinationRuleHost';

/**
 * A DestinationRule's host is a Service or ServiceEntry host visible from its namespace. Mirrors Istio's
 * destinationrule.SubsetSelectPodAnalyzer (IST0174, UnknownDestinationRuleHost); hosts resolve as for VirtualService
 * destinations (short names in the rule's namespace, exportTo, wildcard ServiceEntry hosts).
 */
export default defineAnalyzerRule({
  id: 'dr-host-exists',
  description: 'A DestinationRule’s host is a Service or ServiceEntry host visible from its namespace.',
  istioCode: 'IST0174',
  istioAnalyzer: 'destinationrule.SubsetSelectPodAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['DestinationRule'],
  check(ctx) {
    if (!ctx.object.apiVersion.startsWith('networking.istio.io/')) {
      return [];
    }
    const { host, span, target } = destinationRuleHost(ctx);
    return target
      ? []
      : [
          {
            span,
            message:
              `Host ${host || '(none)'} matches no Service or ServiceEntry visible from this namespace: the traffic ` +
              'policy and subsets of this DestinationRule apply to nothing. Name an existing Service (short name or ' +
              'FQDN) or a ServiceEntry host.',
          },
        ];
  },
});
