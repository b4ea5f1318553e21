import type { K8sObject } from '../../model/k8sObject';
import { isIstioNetworking } from '../../model/istioNetworking';
import type { RuleContext, RuleFinding } from '../rule';
import { defineAnalyzerRule, type AnalyzerRule } from './istioAnalyzer';

// The rules about an Istio Gateway (gw-*) check objects of kind Gateway, but only Istio's: the Kubernetes Gateway
// API's Gateway (gateway.networking.k8s.io) has another shape and other analyzers.

/** A rule about an Istio Gateway: `check` is given the Gateway, and only Istio's (networking.istio.io). */
export interface GatewayRule extends Omit<AnalyzerRule, 'kinds' | 'check'> {
  check(ctx: RuleContext, gateway: K8sObject): readonly RuleFinding[];
}

/** Declares a rule about an Istio Gateway, mirroring an Istio analyzer. */
export function defineGatewayRule(rule: GatewayRule): AnalyzerRule {
  return defineAnalyzerRule({
    ...rule,
    kinds: ['Gateway'],
    check: (ctx) => (isIstioNetworking(ctx.object, 'Gateway') ? rule.check(ctx, ctx.object) : []),
  });
}
