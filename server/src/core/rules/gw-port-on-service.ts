import { isIstioNetworking } from '../model/istioNetworking';
import type { RuleFinding } from './rule';
import { defineAnalyzerRule } from './shared/istioAnalyzer';
import {
  gatewaySelector,
  gatewayServers,
  podsSelectedBy,
  selectorString,
  servicePortsOfPods,
} from './shared/gatewayWorkloads';

/**
 * Each server port of a Gateway is a TCP port of a Service selecting its gateway pods. Mirrors Istio's
 * gateway.IngressGatewayPortAnalyzer (IST0162, GatewayPortNotDefinedOnService); not checked when the selector selects no
 * pod of the workspace (gw-selector-matches).
 */
export default defineAnalyzerRule({
  id: 'gw-port-on-service',
  description: 'Each server port of a Gateway is exposed by a Service of its gateway pods.',
  istioCode: 'IST0162',
  istioAnalyzer: 'gateway.IngressGatewayPortAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['Gateway'],
  check(ctx) {
    const gw = ctx.object;
    if (!isIstioNetworking(gw, 'Gateway')) {
      return [];
    }
    const selector = gatewaySelector(gw);
    const pods = podsSelectedBy(ctx.index, selector);
    if (pods.length === 0) {
      return [];
    }
    const ports = servicePortsOfPods(ctx.index, pods, ctx.settings.defaultNamespace);
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
          'to the gateway Service, or use one of its ports.',
        related: pods.slice(0, 3).map((p) => ({ uri: p.object.uri, span: p.object.anchor, message: `${p.object.kind} ${p.object.name} runs this Gateway` })),
      });
    }
    return findings;
  },
});
