import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { insertEntry, indentStep, newEntryLines } from '../istio/edits';
import { injectsUnlabelledNamespaces, namespaceInjection, UNMESHED_NAMESPACES } from '../istio/injection';
import { INJECTION_LABEL, REVISION_LABEL } from '../istio/labels';
import { nodeAt } from '../model/k8sObject';
import { nodeSpan } from '../yaml/spans';
import type { Fix } from './rule';

/** Every Namespace of the workspace says whether its pods get sidecars: `istio-injection` or `istio.io/rev`. */
export default defineAnalyzerRule({
  id: 'ns-injection-labelled',
  description: 'Namespaces carry `istio-injection` (enabled or disabled) or `istio.io/rev`, so injection is a decision.',
  istioCode: 'IST0102',
  istioAnalyzer: 'injection.Analyzer',
  defaultSeverity: { 'legacy-0.2': 'off', classic: 'info', native: 'info' },
  kinds: ['Namespace'],
  check(ctx) {
    const ns = ctx.object;
    if (UNMESHED_NAMESPACES.includes(ns.name) || !namespaceInjection(ns).unlabelled) {
      return [];
    }
    // Installed with enableNamespacesByDefault, the injector treats unlabelled namespaces as enabled.
    if (injectsUnlabelledNamespaces(ctx.index)) {
      return [];
    }
    const span = nodeSpan(nodeAt(ns.node, ['metadata', 'name'])) ?? ns.anchor;
    const fixes: Fix[] = [];
    const step = indentStep(ctx.text, ns.node);
    for (const value of ['enabled', 'disabled']) {
      const edit = insertEntry(ctx.text, ns.node, ['metadata', 'labels'], newEntryLines(INJECTION_LABEL, value), step);
      if (edit) {
        fixes.push({ title: `Label it ${INJECTION_LABEL}: ${value}`, edits: [edit], preferred: value === 'enabled' });
      }
    }
    return [
      {
        span,
        message:
          `Namespace ${ns.name} is not labelled for Istio injection, so its new pods get no sidecar. Label it ` +
          `${INJECTION_LABEL}: enabled (or ${REVISION_LABEL}: <revision>) to put them in the mesh, or ` +
          `${INJECTION_LABEL}: disabled to say they stay out.`,
        fixes,
      },
    ];
  },
});
