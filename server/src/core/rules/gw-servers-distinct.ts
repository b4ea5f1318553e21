import { effectiveNamespace } from '../index/workspaceIndex';
import { hostMatches } from '../model/istioHost';
import type { RuleFinding } from './rule';
import { defineGatewayRule } from './shared/gatewayRule';
import type { GatewaySummary } from './shared/gatewayWorkloads';
import { gatewaySelector, gatewayServers, gatewaySummaries, gatewayWorkloads, selectorString, selectsAny } from './shared/gatewayWorkloads';
import type { RuleContext } from './rule';

/**
 * No two Gateways on the same gateway pods serve one port with overlapping hosts. Mirrors Istio's
 * gateway.ConflictingGatewayAnalyzer (IST0145, ConflictingGateways): Gateways of any namespace whose selectors are
 * equal, or where one selector narrows the other and a gateway pod (the ingress gateway istioctl assumes for files
 * included) carries both; hosts as written, wildcards included.
 */
export default defineGatewayRule({
  id: 'gw-servers-distinct',
  description: 'No two Gateways with the same selector serve the same port and host.',
  istioCode: 'IST0145',
  istioAnalyzer: 'gateway.ConflictingGatewayAnalyzer',
  defaultSeverity: 'error',
  check(ctx, gw) {
    const ns = ctx.settings.defaultNamespace;
    const selector = selectorString(gatewaySelector(gw));
    const others = sameWorkloadGateways(ctx, gatewaySelector(gw), selector).filter((o) => o.gateway.node !== gw.node);
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

/** The Gateways with this selector, or with one narrowing or widening it that selects a common gateway pod. */
function sameWorkloadGateways(ctx: RuleContext, selector: Readonly<Record<string, string>>, key: string): GatewaySummary[] {
  const { all, bySelector } = gatewaySummaries(ctx.index, ctx.settings.defaultNamespace);
  const out = [...(bySelector.get(key) ?? [])];
  const mine = Object.entries(selector);
  for (const o of all) {
    if (o.selectorKey === key) {
      continue;
    }
    const theirs = Object.entries(o.selector);
    const narrows = (a: [string, string][], b: Readonly<Record<string, string>>): boolean => a.every(([k, v]) => b[k] === v);
    const wider = narrows(mine, o.selector) ? o.selector : narrows(theirs, selector) ? selector : undefined;
    if (wider && selectsAny(gatewayWorkloads(ctx, wider))) {
      out.push(o);
    }
  }
  return out;
}
