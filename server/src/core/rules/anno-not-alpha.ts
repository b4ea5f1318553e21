import { isMap } from 'yaml';
import { annotationNamed } from '../istio/annotations';
import { mapAt, seqItemsAt, stringAt, stringEntries } from '../model/k8sObject';
import type { K8sObject } from '../model/k8sObject';
import type { RuleFinding } from './rule';
import { defineAnalyzerRule } from './shared/istioAnalyzer';

/** Set by istiod, a controller or the injector itself: never the user's choice. */
const ALWAYS_IGNORED = new Set(['sidecar.istio.io/status', 'gateway.istio.io/controller-version', 'istio.io/rev']);

/** The injector writes these on pods when it sets up iptables itself (no CNI). */
const IGNORED_ON_CNI_PODS = new Set([
  'sidecar.istio.io/interceptionMode',
  'traffic.sidecar.istio.io/includeInboundPorts',
  'traffic.sidecar.istio.io/excludeInboundPorts',
  'traffic.sidecar.istio.io/includeOutboundIPRanges',
]);

/**
 * Istio annotations on Namespaces, Services, Pods and Deployments that are alpha features, which may change or go
 * without deprecation. Mirrors Istio's annotations.AlphaAnalyzer (IST0136, AlphaAnnotation), which `istioctl analyze`
 * leaves out by default as too noisy: off by default here too (turn it on in `istio.rules`, or run
 * `istio-mesh check --analyzer annotations.AlphaAnalyzer`).
 */
export default defineAnalyzerRule({
  id: 'anno-not-alpha',
  description: 'Istio annotations in use are not alpha features (off by default, as in istioctl analyze).',
  istioCode: 'IST0136',
  istioAnalyzer: 'annotations.AlphaAnalyzer',
  defaultSeverity: 'off',
  kinds: ['Namespace', 'Service', 'Pod', 'Deployment'],
  onFragments: true,
  check(ctx) {
    const obj = ctx.object;
    const group = obj.apiVersion.includes('/') ? obj.apiVersion.slice(0, obj.apiVersion.indexOf('/')) : '';
    if (group !== (obj.kind === 'Deployment' ? 'apps' : '')) {
      return [];
    }
    const cniPod = obj.kind === 'Pod' && !hasIstioInit(obj);
    const findings: RuleFinding[] = [];
    for (const e of stringEntries(mapAt(obj.node, ['metadata', 'annotations']))) {
      const key = annotationNamed(e.key);
      if (!key || key.stage !== 'alpha' || !e.keySpan || ALWAYS_IGNORED.has(e.key) || (cniPod && IGNORED_ON_CNI_PODS.has(e.key))) {
        continue;
      }
      findings.push({
        span: e.keySpan,
        message:
          `${e.key} is an alpha Istio feature: it may change or be removed in a later release without a deprecation ` +
          'period. Check its status in the Istio release you run before relying on it.',
      });
    }
    return findings;
  },
});

function hasIstioInit(pod: K8sObject): boolean {
  return seqItemsAt(pod.node, ['spec', 'initContainers']).some((c) => isMap(c) && stringAt(c, ['name']) === 'istio-init');
}
