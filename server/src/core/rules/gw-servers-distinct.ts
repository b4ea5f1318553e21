import { effectiveNamespace } from '../index/workspaceIndex';
import { hostMatches } from '../model/istioHost';
import { isIstioNetworking } from '../model/istioNetworking';
import type { RuleFinding } from './rule';
import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { gatewaySelector, gatewayServers, gatewaySummaries, selectorString } from './shared/gatewayWorkloads';

/**
 * No two Gateways with the same selector serve one port with overlapping hosts. Mirrors Istio's
 * gateway.ConflictingGatewayAnalyzer (IST0145, ConflictingGateways): selectors compared as a whole, in any namespace;
 * hosts as written, wildcards included.
 */
export default defineAnalyzerRule({
  id: 'gw-servers-distinct',
  description: 'No two Gateways with the same selector serve the same port and host.',
  istioCode: 'IST0145',
  istioAnalyzer: 'gateway.ConflictingGatewayAnalyzer',
  defaultSeverity: 'error',
  kinds: ['Gateway'],
  check(ctx) {
    const gw = ctx.object;
    if (!isIstioNetworking(gw, 'Gateway')) {
      return [];
    }
    const ns = ctx.settings.defaultNamespace;
    const selector = selectorString(gatewaySelector(gw));
    const others = (gatewaySummaries(ctx.index, ns).bySelector.get(selector) ?? []).filter((o) => o.gateway.node !== gw.node);
    const findings: RuleFinding[] = [];
    for (const s of gatewayServers(gw)) {
      if (s.port === undefined) {
        continue;
      }
      const conflicting = others
        .filter((o) => o.servers.some((t) => t.port === s.port && s.hosts.some((h) => t.hosts.some((u) => hostMatches(h, u)))))
        .map((o) => o.gateway);
      if (conflicting.length === 0) {
        continue;
      }
      const names = conflicting.map((o) => `${effectiveNamespace(o, ns)}/${o.name}`);
      findings.push({
        span: s.portSpan,
        message:
          `Gateway ${gw.name} and ${names.join(', ')} select the same gateway pods (${selector || 'all'}) and serve port ` +
          `${s.port} for overlapping hosts (${s.hosts.join(', ')}): the proxy takes one of them. Merge the servers into ` +
          'one Gateway, or use distinct hosts or ports.',
        related: conflicting.map((o) => ({ uri: o.uri, span: o.anchor, message: `Gateway ${o.name}` })),
      });
    }
    return findings;
  },
});
