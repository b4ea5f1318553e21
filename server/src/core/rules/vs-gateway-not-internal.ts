import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { stringItems } from '../model/istioNetworking';
import { isInternalGatewayRef } from './shared/virtualServiceGateways';

/**
 * A VirtualService does not name a Gateway that Istio generates from a Gateway API Gateway. Mirrors Istio's
 * virtualservice.GatewayAnalyzer (IST0165, ReferencedInternalGateway).
 */
export default defineAnalyzerRule({
  id: 'vs-gateway-not-internal',
  description: 'VirtualServices do not bind to the Gateways Istio generates internally for Gateway API Gateways.',
  istioCode: 'IST0165',
  istioAnalyzer: 'virtualservice.GatewayAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['VirtualService'],
  check(ctx) {
    return stringItems(ctx.object.node, ['spec', 'gateways'])
      .filter((g) => isInternalGatewayRef(g.value))
      .map((g) => ({
        span: g.span,
        message:
          `${g.value} is a Gateway Istio generates from a Gateway API Gateway: it is internal and may change or ` +
          `disappear. Route with an HTTPRoute attached to the Gateway API Gateway instead, or bind to an Istio Gateway.`,
      }));
  },
});
