import { podLabelSets } from '../index/istioLookups';
import { effectiveNamespace } from '../index/workspaceIndex';
import { mapAt, nodeAt, stringRecord } from '../model/k8sObject';
import { nodeSpan } from '../yaml/spans';
import { defineAnalyzerRule } from './shared/istioAnalyzer';

/** The label Istio puts on the pods of a Gateway API gateway it deploys, naming the Gateway. */
const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/**
 * AuthorizationPolicy, RequestAuthentication, Telemetry and WasmPlugin do not select Gateway API gateway pods with a
 * `selector`: Istio ignores selectors for those pods, only `targetRef(s)` attach to them. Mirrors Istio's
 * k8sgateway.SelectorAnalyzer (IST0166, IneffectiveSelector).
 */
export default defineAnalyzerRule({
  id: 'policy-selector-not-gateway',
  description: 'Policies attach to Gateway API gateway pods with `targetRefs`, not a `selector` (which Istio ignores there).',
  istioCode: 'IST0166',
  istioAnalyzer: 'k8sgateway.SelectorAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['AuthorizationPolicy', 'RequestAuthentication', 'Telemetry', 'WasmPlugin'],
  check(ctx) {
    const policy = ctx.object;
    if (!policy.apiVersion.includes('istio.io/') || nodeAt(policy.node, ['spec', 'targetRef']) || nodeAt(policy.node, ['spec', 'targetRefs'])) {
      return [];
    }
    const selectorNode = nodeAt(policy.node, ['spec', 'selector']);
    if (selectorNode === undefined) {
      return [];
    }
    const ns = effectiveNamespace(policy, ctx.settings.defaultNamespace);
    const selector = Object.entries(stringRecord(mapAt(policy.node, ['spec', 'selector', 'matchLabels'])) ?? {});
    const gatewayPods = podLabelSets(ctx.index).filter(
      (p) =>
        p.labels[GATEWAY_NAME_LABEL] !== undefined &&
        effectiveNamespace(p.object, ctx.settings.defaultNamespace) === ns &&
        selector.every(([k, v]) => p.labels[k] === v),
    );
    if (gatewayPods.length === 0) {
      return [];
    }
    const gateways = [...new Set(gatewayPods.map((p) => p.labels[GATEWAY_NAME_LABEL]))];
    return [
      {
        span: nodeSpan(mapAt(policy.node, ['spec', 'selector', 'matchLabels'])) ?? nodeSpan(selectorNode) ?? policy.anchor,
        message:
          `This selector selects the pods of Gateway API gateway ${gateways.join(', ')}, where Istio ignores selectors: ` +
          `the ${policy.kind} has no effect there. Attach it with \`targetRefs: [{kind: Gateway, group: ` +
          `gateway.networking.k8s.io, name: ${gateways[0] ?? '…'}}]\` instead.`,
        related: gatewayPods.slice(0, 3).map((p) => ({ uri: p.object.uri, span: p.object.anchor, message: `${p.object.kind} ${p.object.name}` })),
      },
    ];
  },
});
