import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { isMap } from 'yaml';
import { deleteEntry } from '../istio/edits';
import { namespaceInjection, UNMESHED_NAMESPACES } from '../istio/injection';
import { INJECTION_LABEL } from '../istio/labels';
import { mapAt, stringEntries } from '../model/k8sObject';
import type { Fix, TextEdit } from './rule';

/** A Namespace asks for one data plane: not `istio-injection=enabled` together with `istio.io/rev` or ambient mode. */
export default defineAnalyzerRule({
  id: 'ns-injection-label-single',
  description:
    'A Namespace selects its data plane with one label: `istio-injection`, `istio.io/rev` or `istio.io/dataplane-mode`.',
  istioCode: 'IST0123',
  istioAnalyzer: 'injection.Analyzer',
  defaultSeverity: { 'legacy-0.2': 'off', classic: 'warning', native: 'warning' },
  kinds: ['Namespace'],
  check(ctx) {
    const ns = ctx.object;
    const { injectionLabels } = namespaceInjection(ns);
    if (UNMESHED_NAMESPACES.includes(ns.name) || injectionLabels.length < 2) {
      return [];
    }
    const labelsMap = mapAt(ns.node, ['metadata', 'labels']);
    const entries = stringEntries(labelsMap).filter((e) => injectionLabels.includes(e.key));
    // Report on the label that joins the first one: that is where the conflict starts.
    const first = entries[0];
    const second = entries[1];
    const span = second?.keySpan ?? ns.anchor;
    const fixes: Fix[] = [];
    if (labelsMap && isMap(labelsMap)) {
      // The more specific choice (a revision, ambient) first: `istio-injection` is the blunt default.
      const order = [...entries].sort((a, b) => Number(a.key === INJECTION_LABEL) - Number(b.key === INJECTION_LABEL));
      order.forEach((keep, i) => {
        const edits = entries.filter((e) => e !== keep).map((e) => deleteEntry(ctx.text, e.pair, labelsMap));
        if (edits.every((x): x is TextEdit => x !== undefined)) {
          fixes.push({ title: `Keep only ${keep.key}=${keep.value ?? ''}`, edits, preferred: i === 0 });
        }
      });
    }
    return [
      {
        span,
        message:
          `Namespace ${ns.name} has more than one injection label (${entries.map((e) => `${e.key}=${e.value ?? ''}`).join(', ')}): ` +
          'more than one injector webhook (or ambient and sidecars) may claim its pods, and which one wins is undefined. ' +
          'Keep exactly one.',
        related:
          first?.keySpan && first !== second ? [{ uri: ns.uri, span: first.keySpan, message: `${first.key} is set here` }] : [],
        fixes,
      },
    ];
  },
});
