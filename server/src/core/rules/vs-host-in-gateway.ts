import { istioGateways } from '../index/istioLookups';
import { effectiveNamespace } from '../index/workspaceIndex';
import { gatewayServerHosts, hostMatches, hostsForNamespace } from '../model/istioHost';
import { gatewayHosts, stringItems } from '../model/istioNetworking';
import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { gatewayRefs } from './shared/virtualServiceGateways';

/**
 * At least one host of a VirtualService is served by each Gateway it binds to. Mirrors Istio's
 * virtualservice.GatewayAnalyzer (IST0132, VirtualServiceHostNotFoundInGateway): the Gateway's server hosts visible
 * from the VirtualService's namespace (`./h` is the Gateway's namespace, `*\/h` any) match a VirtualService host,
 * wildcards included. A Gateway that does not exist serves no host.
 */
export default defineAnalyzerRule({
  id: 'vs-host-in-gateway',
  description: 'Each Gateway a VirtualService binds to serves at least one of its hosts, from its namespace.',
  istioCode: 'IST0132',
  istioAnalyzer: 'virtualservice.GatewayAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['VirtualService'],
  check(ctx) {
    const ns = ctx.settings.defaultNamespace;
    const refs = gatewayRefs(ctx.object, ns);
    if (refs.length === 0) {
      return [];
    }
    const vsNamespace = effectiveNamespace(ctx.object, ns);
    const vsHosts = stringItems(ctx.object.node, ['spec', 'hosts']).map((h) => h.value);
    const gateways = istioGateways(ctx.index, ns);
    return refs.flatMap((r) => {
      const gw = gateways.get(r.key);
      const served = gw ? hostsForNamespace(gatewayServerHosts(gatewayHosts(gw), r.target.namespace), vsNamespace) : [];
      if (served.some((g) => vsHosts.some((h) => hostMatches(g, h)))) {
        return [];
      }
      return [
        {
          span: r.entry.span,
          message:
            `None of the hosts of VirtualService ${ctx.object.name} (${vsHosts.join(', ') || 'none'}) is served by ` +
            `Gateway ${r.key} to namespace ${vsNamespace}` +
            (gw ? ` (it serves: ${gatewayHosts(gw).join(', ') || 'nothing'})` : ' (it does not exist)') +
            '. Add the host to a server of the Gateway (scoped `*/` or to this namespace), or fix the VirtualService hosts.',
          related: gw ? [{ uri: gw.uri, span: gw.anchor, message: `Gateway ${r.key}` }] : [],
        },
      ];
    });
  },
});
