import { defineGatewayRule } from './shared/gatewayRule';
import { selectedGatewayWorkloads, selectorSpan, selectorString, selectsAny } from './shared/gatewayWorkloads';

/**
 * A Gateway's `selector` selects gateway pods of the workspace. Mirrors Istio's gateway.IngressGatewayPortAnalyzer
 * (IST0101, ReferencedResourceNotFound): pods of any namespace (Pods, workloads' pod templates), and the ingress gateway
 * istioctl assumes when it reads files (`istio: ingressgateway` in istio-system).
 */
export default defineGatewayRule({
  id: 'gw-selector-matches',
  description: 'A Gateway’s `selector` selects gateway pods of the workspace.',
  istioCode: 'IST0101',
  istioAnalyzer: 'gateway.IngressGatewayPortAnalyzer',
  // Why info: gateways are usually installed apart from the routing config of a workspace (istioctl, Helm).
  defaultSeverity: 'info',
  check(ctx, gw) {
    const workloads = selectedGatewayWorkloads(ctx, gw);
    if (selectsAny(workloads)) {
      return [];
    }
    return [
      {
        span: selectorSpan(gw),
        message:
          `No pod of the workspace has the labels ${selectorString(workloads.selector) || '(any)'}: no gateway proxy runs this ` +
          'Gateway. Fix the selector to match your gateway deployment (e.g. istio: ingressgateway), or add its manifest.',
      },
    ];
  },
});
