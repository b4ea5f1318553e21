import { isIstioNetworking } from '../model/istioNetworking';
import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { gatewaySelector, gatewayWorkloads, selectorSpan, selectorString, selectsAny } from './shared/gatewayWorkloads';

/**
 * A Gateway's `selector` selects gateway pods of the workspace. Mirrors Istio's gateway.IngressGatewayPortAnalyzer
 * (IST0101, ReferencedResourceNotFound): pods of any namespace (Pods, workloads' pod templates), and the ingress gateway
 * istioctl assumes when it reads files (`istio: ingressgateway` in istio-system).
 */
export default defineAnalyzerRule({
  id: 'gw-selector-matches',
  description: 'A Gateway’s `selector` selects gateway pods of the workspace.',
  istioCode: 'IST0101',
  istioAnalyzer: 'gateway.IngressGatewayPortAnalyzer',
  // Why info: gateways are usually installed apart from the routing config of a workspace (istioctl, Helm).
  defaultSeverity: 'info',
  kinds: ['Gateway'],
  check(ctx) {
    const gw = ctx.object;
    if (!isIstioNetworking(gw, 'Gateway')) {
      return [];
    }
    const selector = gatewaySelector(gw);
    if (selectsAny(gatewayWorkloads(ctx.index, ctx.settings.injection.meshConfig, selector))) {
      return [];
    }
    return [
      {
        span: selectorSpan(gw),
        message:
          `No pod of the workspace has the labels ${selectorString(selector) || '(any)'}: no gateway proxy runs this ` +
          'Gateway. Fix the selector to match your gateway deployment (e.g. istio: ingressgateway), or add its manifest.',
      },
    ];
  },
});
