import { mapAt, pairOf, stringAt } from '../model/k8sObject';
import { nodeSpan } from '../yaml/spans';
import { defineAnalyzerRule } from './shared/istioAnalyzer';

/** The annotation Gateway API puts on its CRDs: the release bundle they come from. */
const BUNDLE_VERSION_ANNOTATION = 'gateway.networking.k8s.io/bundle-version';

/**
 * The oldest Gateway API bundle whose CRD today's Istio watches, per CRD: istiod ignores an older CRD, and the
 * resources of its kind are never processed. (Istio's own table, `gatewayapi.MinimumCRDVersions`.)
 */
const MINIMUM_BUNDLE: Readonly<Record<string, readonly [number, number, number]>> = {
  'grpcroutes.gateway.networking.k8s.io': [1, 1, 0],
  'backendtlspolicies.gateway.networking.k8s.io': [1, 4, 0],
  'tlsroutes.gateway.networking.k8s.io': [1, 5, 0],
};

/**
 * Gateway API CRDs are at least the bundle version Istio requires. Mirrors Istio's k8sgateway.CRDVersionAnalyzer
 * (IST0176, GatewayAPICRDVersionBelowMinimum): read from the CRD's bundle-version annotation, pre-release ignored.
 */
export default defineAnalyzerRule({
  id: 'crd-gateway-api-version',
  description: 'Gateway API CRDs are at least the bundle version today’s Istio requires (older ones are ignored).',
  istioCode: 'IST0176',
  istioAnalyzer: 'k8sgateway.CRDVersionAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['CustomResourceDefinition'],
  check(ctx) {
    const crd = ctx.object;
    const minimum = Object.hasOwn(MINIMUM_BUNDLE, crd.name) ? MINIMUM_BUNDLE[crd.name] : undefined;
    const annotations = mapAt(crd.node, ['metadata', 'annotations']);
    const text = stringAt(annotations, [BUNDLE_VERSION_ANNOTATION]);
    const installed = text === undefined ? undefined : semver(text);
    if (!minimum || !installed || compare(installed, minimum) >= 0) {
      return [];
    }
    const pair = annotations ? pairOf(annotations, BUNDLE_VERSION_ANNOTATION) : undefined;
    return [
      {
        span: nodeSpan(pair?.value) ?? crd.anchor,
        message:
          `${crd.name} comes from Gateway API ${text ?? ''}; Istio needs at least v${minimum.join('.')} and ignores this ` +
          'CRD, so its resources are never programmed. Install a newer Gateway API release.',
      },
    ];
  },
});

/** `v1.4.1`, `1.5.0-rc.1` → [major, minor, patch] (pre-release and build dropped); undefined when not a version. */
function semver(text: string): [number, number, number] | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+].*)?$/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) {
      return d;
    }
  }
  return 0;
}
