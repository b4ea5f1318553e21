import { namespaceObject } from '../index/serviceMembership';
import { effectiveNamespace } from '../index/workspaceIndex';
import { INJECT_LABEL, INJECTION_LABEL, REVISION_LABEL } from '../istio/labels';
import { objectLabels, podTemplate } from '../model/workload';
import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { autoImageSpan, istioInjectorSelectors, selects } from './shared/injectionWebhooks';

/**
 * A Deployment whose `istio-proxy` container has `image: auto` (the gateway charts' placeholder, filled in by
 * injection) is selected by an injection webhook. Mirrors Istio's injection.ImageAutoAnalyzer (IST0146,
 * ImageAutoWithoutInjectionWarning): the Istio webhooks of the workspace (named `…istio.io`) against the Namespace's
 * and the pod template's labels; without such webhooks in the workspace, the Namespace's injection labels and the
 * pod's `sidecar.istio.io/inject` decide (a Namespace not in the workspace counts as injected).
 */
export default defineAnalyzerRule({
  id: 'workload-image-auto-injected',
  description: 'A Deployment with an `istio-proxy` container of `image: auto` is targeted for injection.',
  istioCode: 'IST0146',
  istioAnalyzer: 'injection.ImageAutoAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['Deployment'],
  check(ctx) {
    const d = ctx.object;
    const auto = autoImageSpan(d);
    if (!auto) {
      return [];
    }
    const labels = podTemplate(d)?.labels ?? {};
    const nsName = effectiveNamespace(d, ctx.settings.defaultNamespace);
    const ns = namespaceObject(ctx.index, nsName);
    const nsLabels = ns ? objectLabels(ns) : undefined;
    const hooks = istioInjectorSelectors(ctx.index);
    const injected =
      hooks.length > 0
        ? hooks.some((h) => selects(h.namespaceSelector, nsLabels) && selects(h.objectSelector, labels))
        : labels[INJECT_LABEL] === 'true' ||
          (labels[INJECT_LABEL] !== 'false' &&
            (!nsLabels || nsLabels[INJECTION_LABEL] === 'enabled' || (nsLabels[REVISION_LABEL] ?? '') !== ''));
    if (injected) {
      return [];
    }
    return [
      {
        span: auto,
        message:
          `No injection webhook selects the pods of Deployment ${d.name} (namespace ${nsName}): \`image: auto\` stays ` +
          'as written and the proxy cannot start. Label the namespace for injection (istio-injection=enabled or ' +
          'istio.io/rev), or the pod template with sidecar.istio.io/inject: "true".',
      },
    ];
  },
});
