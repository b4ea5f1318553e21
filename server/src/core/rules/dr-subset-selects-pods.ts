import { podLabelSets } from '../index/istioLookups';
import { subsetsOf } from '../model/istioNetworking';
import type { RuleFinding } from './rule';
import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { destinationRuleHost } from './shared/destinationRuleHost';
import { hostRelated } from './shared/virtualServiceDestinations';

/**
 * Each subset of a DestinationRule selects some pod. Mirrors Istio's destinationrule.SubsetSelectPodAnalyzer
 * (IST0173, DestinationRuleSubsetNotSelectPods): a subset's labels, merged over a ServiceEntry host's
 * `workloadSelector`, must all be on one pod (a Pod, or a workload's pod template) of the workspace.
 */
export default defineAnalyzerRule({
  id: 'dr-subset-selects-pods',
  description: 'Each subset of a DestinationRule selects at least one pod of the workspace.',
  istioCode: 'IST0173',
  istioAnalyzer: 'destinationrule.SubsetSelectPodAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['DestinationRule'],
  check(ctx) {
    if (!ctx.object.apiVersion.startsWith('networking.istio.io/')) {
      return [];
    }
    const subsets = subsetsOf(ctx.object);
    if (subsets.length === 0) {
      return [];
    }
    const { host, target } = destinationRuleHost(ctx);
    if (!target) {
      return []; // dr-host-exists reports it
    }
    const pods = podLabelSets(ctx.index);
    const findings: RuleFinding[] = [];
    for (const s of subsets) {
      const selector = { ...(target.workloadLabels ?? {}), ...s.labels };
      const keys = Object.entries(selector);
      if (pods.some((p) => keys.every(([k, v]) => p.labels[k] === v))) {
        continue;
      }
      findings.push({
        span: s.span,
        message:
          `Subset ${s.name} of ${host} selects no pod (${keys.map(([k, v]) => `${k}=${v}`).join(', ') || 'no labels'}): ` +
          'traffic routed to it fails with "no healthy upstream". Fix its labels or deploy the version it names.',
        related: [hostRelated(target)],
      });
    }
    return findings;
  },
});
