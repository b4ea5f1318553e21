import type { Node } from 'yaml';
import { nodeAt, pairOf, scalarString, seqItemsAt, stringAt, mapAt } from '../model/k8sObject';
import type { K8sObject } from '../model/k8sObject';
import { keySpan } from '../yaml/spans';
import type { Span } from '../yaml/spans';
import type { RuleFinding } from './rule';
import { defineAnalyzerRule } from './shared/istioAnalyzer';

/** Istio CRDs removed from its charts (the RBAC API replaced by AuthorizationPolicy). */
const REMOVED_CRDS: readonly (readonly [group: string, kind: string])[] = [
  ['rbac.istio.io', 'ClusterRbacConfig'],
  ['rbac.istio.io', 'RbacConfig'],
  ['rbac.istio.io', 'ServiceRole'],
  ['rbac.istio.io', 'ServiceRoleBinding'],
];

/**
 * Istio resources do not use deprecated fields and types. Mirrors Istio's deprecation.DeprecationAnalyzer (IST0002,
 * Deprecated): a VirtualService's `fault.delay.percent` (use `percentage`), a Sidecar's
 * `outboundTrafficPolicy.egressProxy` (ignored), and CRDs of Istio's removed RBAC kinds.
 */
export default defineAnalyzerRule({
  id: 'istio-fields-not-deprecated',
  description: 'Istio resources use no deprecated fields or removed types (`fault.delay.percent`, `egressProxy`, rbac.istio.io).',
  istioCode: 'IST0002',
  istioAnalyzer: 'deprecation.DeprecationAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['VirtualService', 'Sidecar', 'CustomResourceDefinition'],
  check(ctx) {
    const o = ctx.object;
    if (o.kind === 'VirtualService') {
      return delayPercents(o);
    }
    if (o.kind === 'Sidecar') {
      const policy = mapAt(o.node, ['spec', 'outboundTrafficPolicy']);
      const pair = policy ? pairOf(policy, 'egressProxy') : undefined;
      const span = pair ? keySpan(pair) : undefined;
      return span && nodeAt(policy, ['egressProxy']) !== undefined
        ? [{ span, message: 'outboundTrafficPolicy.egressProxy is deprecated and ignored: route egress through an egress gateway instead.' }]
        : [];
    }
    const group = stringAt(o.node, ['spec', 'group']);
    const kind = stringAt(o.node, ['spec', 'names', 'kind']);
    return REMOVED_CRDS.some(([g, k]) => g === group && k === kind)
      ? [{ span: o.anchor, message: `Custom resource type ${group ?? ''} ${kind ?? ''} is removed: Istio no longer reads it. Use AuthorizationPolicy.` }]
      : [];
  },
});

function delayPercents(vs: K8sObject): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const route of seqItemsAt(vs.node, ['spec', 'http'])) {
    const delay = mapAt(route as Node, ['fault', 'delay']);
    const pair = delay ? pairOf(delay, 'percent') : undefined;
    const value = Number(scalarString(nodeAt(delay, ['percent'])) ?? '0');
    const span: Span | undefined = pair ? keySpan(pair) : undefined;
    if (span && value > 0) {
      out.push({ span, message: 'HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage ({value: <percent>}).' });
    }
  }
  return out;
}
