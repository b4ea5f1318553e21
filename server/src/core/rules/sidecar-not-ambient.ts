import { namespacesNamed } from '../istio/injection';
import { DATAPLANE_MODE_LABEL, INJECTION_LABEL, REVISION_LABEL } from '../istio/labels';
import type { K8sObject } from '../model/k8sObject';
import { objectAnnotations, objectLabels, podTemplate } from '../model/workload';
import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { selectorPolicies } from './shared/workloadSelectorPolicies';

/**
 * A Sidecar does not apply to ambient workloads, which have no sidecar proxy. Mirrors Istio's sidecar.SelectorAnalyzer
 * (IST0167, IneffectivePolicy): a Sidecar without selector in an ambient namespace, or one selecting ambient pods.
 */
export default defineAnalyzerRule({
  id: 'sidecar-not-ambient',
  description: 'Sidecars do not target ambient namespaces or pods, where no sidecar proxy reads them.',
  istioCode: 'IST0167',
  istioAnalyzer: 'sidecar.SelectorAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['Sidecar'],
  check(ctx) {
    const self = selectorPolicies(ctx.index, ctx.settings.defaultNamespace, 'Sidecar', ['spec', 'workloadSelector', 'labels']).get(ctx.object.node);
    if (!self) {
      return [];
    }
    const nsAmbient = namespacesNamed(ctx.index, self.namespace).some(isAmbientNamespace);
    if (!self.labels) {
      return nsAmbient
        ? [{ span: ctx.object.anchor, message: `Namespace ${self.namespace} runs in ambient mode: its pods have no sidecar proxy, so this Sidecar has no effect. Use a waypoint and its policies instead.` }]
        : [];
    }
    const ambient = self.pods.filter((p) => isAmbientPod(p.object, nsAmbient));
    if (ambient.length === 0) {
      return [];
    }
    return [
      {
        span: self.span,
        message:
          `The pods this Sidecar selects (${ambient.map((p) => p.object.name).join(', ')}) run in ambient mode, without ` +
          'a sidecar proxy: this Sidecar has no effect on them.',
        related: ambient.map((p) => ({ uri: p.object.uri, span: p.object.anchor, message: `${p.object.kind} ${p.object.name} is ambient` })),
      },
    ];
  },
});

/** Ambient unless sidecar injection is asked for too (`istio-injection` or a revision win over the dataplane mode). */
function isAmbientNamespace(ns: K8sObject): boolean {
  const labels = objectLabels(ns);
  return labels[DATAPLANE_MODE_LABEL] === 'ambient' && (labels[INJECTION_LABEL] ?? '') === '' && labels[REVISION_LABEL] === undefined;
}

function isAmbientPod(pod: K8sObject, namespaceAmbient: boolean): boolean {
  const tpl = podTemplate(pod);
  const labels = tpl?.labels ?? {};
  const annotations = tpl?.annotations ?? objectAnnotations(pod);
  if (annotations['ambient.istio.io/redirection'] === 'enabled' || labels[DATAPLANE_MODE_LABEL] === 'ambient') {
    return true;
  }
  return namespaceAmbient && labels[DATAPLANE_MODE_LABEL] !== 'none' && labels['sidecar.istio.io/inject'] !== 'true';
}
