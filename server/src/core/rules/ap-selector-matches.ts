import { analyzerMeshConfig } from '../index/istioLookups';
import { effectiveNamespace } from '../index/workspaceIndex';
import { mapAt, nodeAt, stringRecord } from '../model/k8sObject';
import { nodeSpan } from '../yaml/spans';
import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { meshPods } from './shared/meshPods';

/** Istio's root namespace when the mesh config names none. */
const DEFAULT_ROOT_NAMESPACE = 'istio-system';

/**
 * An AuthorizationPolicy applies to some workload of the mesh. Mirrors Istio's auth.AuthorizationPoliciesAnalyzer
 * (IST0127, NoMatchingWorkloadsFound): in the root namespace, a selector must match an in-mesh pod anywhere (without
 * one the policy is mesh-wide); elsewhere, the pods of its namespace must include one the selector matches (any pod,
 * without a selector). Policies with `targetRef`/`targetRefs` are not checked.
 */
export default defineAnalyzerRule({
  id: 'ap-selector-matches',
  description: 'An AuthorizationPolicy selects at least one workload of the mesh (in its namespace, or anywhere from the root namespace).',
  istioCode: 'IST0127',
  istioAnalyzer: 'auth.AuthorizationPoliciesAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['AuthorizationPolicy'],
  check(ctx) {
    const ap = ctx.object;
    if (!ap.apiVersion.startsWith('security.istio.io/') || nodeAt(ap.node, ['spec', 'targetRef']) || nodeAt(ap.node, ['spec', 'targetRefs'])) {
      return [];
    }
    const mesh = analyzerMeshConfig(ctx.index, ctx.settings.injection.meshConfig);
    const root = typeof mesh?.['rootNamespace'] === 'string' ? mesh['rootNamespace'] : DEFAULT_ROOT_NAMESPACE;
    const ns = effectiveNamespace(ap, ctx.settings.defaultNamespace);
    const hasSelector = nodeAt(ap.node, ['spec', 'selector']) !== undefined;
    if (ns === root && !hasSelector) {
      return [];
    }
    const selector = Object.entries(stringRecord(mapAt(ap.node, ['spec', 'selector', 'matchLabels'])) ?? {});
    const pods = meshPods(ctx).filter(
      (p) => ns === root || effectiveNamespace(p.object, ctx.settings.defaultNamespace) === ns,
    );
    if (pods.some((p) => selector.every(([k, v]) => p.labels[k] === v))) {
      return [];
    }
    const labels = selector.map(([k, v]) => `${k}=${v}`).join(',');
    return [
      {
        span: nodeSpan(mapAt(ap.node, ['spec', 'selector', 'matchLabels'])) ?? nodeSpan(nodeAt(ap.node, ['spec', 'selector'])) ?? ap.anchor,
        message: hasSelector
          ? `No workload of the mesh${ns === root ? '' : ` in namespace ${ns}`} has the labels ${labels || '(any)'}: ` +
            'this AuthorizationPolicy applies to nothing. Fix the selector or the namespace.'
          : `Namespace ${ns} has no workload in the mesh: this namespace-wide AuthorizationPolicy applies to nothing.`,
      },
    ];
  },
});
