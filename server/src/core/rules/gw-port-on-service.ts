import type { RuleFinding } from './rule';
import { defineGatewayRule } from './shared/gatewayRule';
import { gatewayServers, selectedGatewayWorkloads, selectorString, selectsAny, servicePortsOfPods } from './shared/gatewayWorkloads';

/**
 * Each server port of a Gateway is a TCP port of a Service selecting its gateway pods. Mirrors Istio's
 * gateway.IngressGatewayPortAnalyzer (IST0162, GatewayPortNotDefinedOnService); not checked when the selector selects no
 * pod (gw-selector-matches). The ingress gateway istioctl assumes for files (`istio: ingressgateway`, Service
 * istio-ingressgateway) serves 80, 443, 31400 and 15443.
 */
export default defineGatewayRule({
  id: 'gw-port-on-service',
  description: 'Each server port of a Gateway is exposed by a Service of its gateway pods.',
  istioCode: 'IST0162',
  istioAnalyzer: 'gateway.IngressGatewayPortAnalyzer',
  defaultSeverity: 'warning',
  check(ctx, gw) {
    const workloads = selectedGatewayWorkloads(ctx, gw);
    if (!selectsAny(workloads)) {
      return [];
    }
    const { selector, pods, assumed } = workloads;
    const ports = servicePortsOfPods(ctx.index, pods, ctx.settings.defaultNamespace);
    for (const p of assumed?.ports ?? []) {
      ports.add(p);
    }
    const findings: RuleFinding[] = [];
    for (const s of gatewayServers(gw)) {
      if (s.port === undefined || ports.has(s.port)) {
        continue;
      }
      findings.push({
        span: s.portSpan,
        message:
          `Port ${s.port} is not a port of any Service of the gateway pods (${selectorString(selector)}; their ports: ` +
          `${[...ports].sort((a, b) => a - b).join(', ') || 'none'}): traffic cannot reach this server. Add the port ` +
          'to the gateway Service, or use one of its ports.' +
          (assumed ? ` (Without its manifest, the ingress gateway is taken to be Istio's default, Service ${assumed.service}.)` : ''),
        related: pods.slice(0, 3).map((p) => ({ uri: p.object.uri, span: p.object.anchor, message: `${p.object.kind} ${p.object.name} runs this Gateway` })),
      });
    }
    return findings;
  },
});
