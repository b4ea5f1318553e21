import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { insertEntry, indentStep, newEntryLines } from '../istio/edits';
import { injectsUnlabelledNamespaces, namespaceInjection, UNMESHED_NAMESPACES } from '../istio/injection';
import { INJECTION_LABEL, REVISION_LABEL } from '../istio/labels';
import { nodeAt } from '../model/k8sObject';
import { nodeSpan } from '../yaml/spans';
import type { Fix } from './rule';

/**
 * A Namespace without injection labels, in a mesh whose injector was installed with
 * `sidecarInjectorWebhook.enableNamespacesByDefault`: its pods get sidecars only because of that install option.
 * Mirrors Istio's injection.Analyzer (IST0148, NamespaceInjectionEnabledByDefault), which reports this instead of
 * NamespaceNotInjected (IST0102, ns-injection-labelled) when the option is on.
 */
export default defineAnalyzerRule({
  id: 'ns-injection-default-explicit',
  description: 'Namespaces injected only because of `enableNamespacesByDefault` say so with `istio-injection: enabled`.',
  istioCode: 'IST0148',
  istioAnalyzer: 'injection.Analyzer',
  defaultSeverity: { 'legacy-0.2': 'off', classic: 'info', native: 'info' },
  kinds: ['Namespace'],
  check(ctx) {
    const ns = ctx.object;
    if (ns.apiVersion !== 'v1' || UNMESHED_NAMESPACES.includes(ns.name) || !namespaceInjection(ns).unlabelled) {
      return [];
    }
    if (!injectsUnlabelledNamespaces(ctx.index)) {
      return [];
    }
    const span = nodeSpan(nodeAt(ns.node, ['metadata', 'name'])) ?? ns.anchor;
    const fixes: Fix[] = [];
    const edit = insertEntry(ctx.text, ns.node, ['metadata', 'labels'], newEntryLines(INJECTION_LABEL, 'enabled'), indentStep(ctx.text, ns.node));
    if (edit) {
      fixes.push({ title: `Label it ${INJECTION_LABEL}: enabled`, edits: [edit], preferred: true });
    }
    return [
      {
        span,
        message:
          `Namespace ${ns.name} has no injection label, yet its pods get sidecars: the injector (istio-sidecar-injector ` +
          'ConfigMap) was installed with sidecarInjectorWebhook.enableNamespacesByDefault. A reinstall without that ' +
          `option takes them out of the mesh; label it ${INJECTION_LABEL}: enabled (or ${REVISION_LABEL}: <revision>) ` +
          `to keep them in, or ${INJECTION_LABEL}: disabled to keep them out.`,
        fixes,
      },
    ];
  },
});
