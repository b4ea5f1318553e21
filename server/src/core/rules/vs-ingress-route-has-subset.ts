import { istioVirtualServices } from '../index/istioLookups';
import type { K8sObject } from '../model/k8sObject';
import { routeDestinations, stringItems } from '../model/istioNetworking';
import type { RelatedLocation, RuleFinding } from './rule';
import { defineAnalyzerRule } from './shared/istioAnalyzer';

/**
 * A VirtualService bound to gateways does not route, without a subset, to a host whose own VirtualService splits
 * traffic by subset: requests through the gateway skip that VirtualService's rules. Mirrors Istio's
 * virtualservice.DestinationHostAnalyzer (IST0140, IngressRouteRulesNotAffected); hosts are compared as written.
 */
export default defineAnalyzerRule({
  id: 'vs-ingress-route-has-subset',
  description:
    'Gateway-bound VirtualServices route with a subset to hosts whose own VirtualService routes by subset.',
  istioCode: 'IST0140',
  istioAnalyzer: 'virtualservice.DestinationHostAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['VirtualService'],
  check(ctx) {
    const vs = ctx.object;
    if (stringItems(vs.node, ['spec', 'gateways']).length === 0) {
      return [];
    }
    const plain = routeDestinations(vs).filter((d) => d.section === 'http' && (d.subset ?? '') === '');
    if (plain.length === 0) {
      return [];
    }
    const bySubset = subsetRoutedHosts(ctx.index, ctx.settings.defaultNamespace);
    const findings: RuleFinding[] = [];
    for (const d of plain) {
      const others = bySubset.get(d.host) ?? [];
      if (others.length === 0) {
        continue;
      }
      const related: RelatedLocation[] = others.map((o) => ({
        uri: o.uri,
        span: o.anchor,
        message: `VirtualService ${o.name} routes ${d.host} by subset`,
      }));
      findings.push({
        span: d.span,
        message:
          `This gateway route sends ${d.host} traffic without a subset, so the subset rules of VirtualService ` +
          `${others.map((o) => o.name).join(', ')} do not apply to requests from the gateway. Name the subset here.`,
        related,
      });
    }
    return findings;
  },
});

/** Host → the VirtualServices with an http route to that host, with a subset, where the host is one of their own. */
function subsetRoutedHosts(index: Parameters<typeof istioVirtualServices>[0], defaultNamespace: string): ReadonlyMap<string, readonly K8sObject[]> {
  return index.derived(`istio-subset-routed-hosts\u0000${defaultNamespace}`, (ix) => {
    const out = new Map<string, K8sObject[]>();
    for (const other of istioVirtualServices(ix, defaultNamespace)) {
      const hosts = new Set(stringItems(other.node, ['spec', 'hosts']).map((h) => h.value));
      const routed = new Set(
        routeDestinations(other)
          .filter((d) => d.section === 'http' && d.subset !== undefined && d.subset !== '' && hosts.has(d.host))
          .map((d) => d.host),
      );
      for (const h of routed) {
        const list = out.get(h) ?? [];
        list.push(other);
        out.set(h, list);
      }
    }
    return out;
  });
}
