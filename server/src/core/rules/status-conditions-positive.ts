import type { Node } from 'yaml';
import { nodeAt, seqItemsAt, stringAt } from '../model/k8sObject';
import type { K8sObject } from '../model/k8sObject';
import { nodeSpan } from '../yaml/spans';
import type { RuleFinding } from './rule';
import { defineAnalyzerRule } from './shared/istioAnalyzer';

/** Kinds whose `status.conditions` Istio writes or reads (Services and ServiceEntries: waypoint binding). */
const CONDITION_KINDS = ['Service', 'ServiceEntry', 'AuthorizationPolicy', 'Gateway'];
/** Gateway API routes: their conditions are per parent, under `status.parents[]`. */
const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute'];

/**
 * The status conditions exported with a resource are not negative. Mirrors Istio's conditions.ConditionAnalyzer
 * (IST0171, NegativeConditionStatus): a condition with status "False", or reason PartiallyInvalid, on Services,
 * ServiceEntries, AuthorizationPolicies, Gateway API Gateways and routes. Conditions of other controllers (a type
 * under another domain than istio.io, such as argocd.argoproj.io/Synced) are not Istio's and are skipped.
 */
export default defineAnalyzerRule({
  id: 'status-conditions-positive',
  description: 'Status conditions written by Istio (waypoint binding, acceptance, programming) are not negative.',
  istioCode: 'IST0171',
  istioAnalyzer: 'conditions.ConditionAnalyzer',
  defaultSeverity: 'warning',
  kinds: [...CONDITION_KINDS, ...ROUTE_KINDS],
  check(ctx) {
    const obj = ctx.object;
    const findings: RuleFinding[] = [];
    for (const c of conditionsOf(obj)) {
      const type = stringAt(c, ['type']) ?? '';
      const status = stringAt(c, ['status']) ?? '';
      const reason = stringAt(c, ['reason']) ?? '';
      if (type.includes('/') && !type.startsWith('istio.io/')) {
        continue;
      }
      if (status !== 'False' && reason !== 'PartiallyInvalid') {
        continue;
      }
      findings.push({
        span: nodeSpan(nodeAt(c, [status === 'False' ? 'status' : 'reason'])) ?? nodeSpan(c) ?? obj.anchor,
        message: `Condition ${type} is ${status}${reason ? ` (${reason})` : ''}: ${stringAt(c, ['message']) ?? 'no message'}.`,
      });
    }
    return findings;
  },
});

function conditionsOf(obj: K8sObject): Node[] {
  if (ROUTE_KINDS.includes(obj.kind)) {
    if (!obj.apiVersion.startsWith('gateway.networking.k8s.io/')) {
      return [];
    }
    return seqItemsAt(obj.node, ['status', 'parents']).flatMap((p) => seqItemsAt(p as Node, ['conditions']) as Node[]);
  }
  if (obj.kind === 'Gateway' && !obj.apiVersion.startsWith('gateway.networking.k8s.io/')) {
    return [];
  }
  return seqItemsAt(obj.node, ['status', 'conditions']) as Node[];
}
