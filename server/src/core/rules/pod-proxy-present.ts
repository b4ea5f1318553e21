import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { isMap, isNode } from 'yaml';
import type { YAMLMap } from 'yaml';
import { INJECT } from '../istio/annotations';
import { indentStep, insertEntry, newEntryLines } from '../istio/edits';
import { namespaceInjection, namespacesNamed, UNMESHED_NAMESPACES } from '../istio/injection';
import { INJECT_LABEL, INJECTION_LABEL, REVISION_LABEL } from '../istio/labels';
import { mapAt, nodeAt, pairOf, scalarString, seqItemsAt, stringAt, stringEntries } from '../model/k8sObject';
import { objectAnnotations, objectLabels } from '../model/workload';
import { effectiveNamespace } from '../index/workspaceIndex';
import { keySpan } from '../yaml/spans';
import type { RelatedLocation } from './rule';

const PROXY = 'istio-proxy';

/**
 * A Pod in a namespace labelled for injection runs `istio-proxy` (as a container or a native sidecar), unless it opts
 * out or uses the host network. As `istioctl analyze` does, a Pod in a file is taken as the Pod that runs.
 */
export default defineAnalyzerRule({
  id: 'pod-proxy-present',
  description: 'A Pod in a namespace labelled for injection has an istio-proxy container, or opts out of injection.',
  istioCode: 'IST0103',
  istioAnalyzer: 'injection.Analyzer',
  defaultSeverity: { 'legacy-0.2': 'off', classic: 'warning', native: 'warning' },
  kinds: ['Pod'],
  check(ctx) {
    const pod = ctx.object;
    const nsName = effectiveNamespace(pod, ctx.settings.defaultNamespace);
    if (UNMESHED_NAMESPACES.includes(nsName)) {
      return [];
    }
    // Only what the workspace declares: an undeclared namespace may well exist in the cluster, unlabelled.
    const ns = namespacesNamed(ctx.index, nsName).find((n) => namespaceInjection(n).injected);
    if (!ns) {
      return [];
    }
    // The label wins over the annotation, as in the injector.
    const optOut = objectLabels(pod)[INJECT_LABEL] ?? objectAnnotations(pod)[INJECT];
    if (optOut?.toLowerCase() === 'false' || stringAt(pod.node, ['spec', 'hostNetwork']) === 'true') {
      return [];
    }
    const names = [...seqItemsAt(pod.node, ['spec', 'containers']), ...seqItemsAt(pod.node, ['spec', 'initContainers'])]
      .map((c) => (isMap(c) ? stringAt(c, ['name']) : undefined));
    if (names.includes(PROXY)) {
      return [];
    }
    const spec = mapAt(pod.node, ['spec']);
    const containers = spec ? pairOf(spec, 'containers') : undefined;
    const span = (containers && keySpan(containers)) ?? pod.anchor;
    const nsLabels = stringEntries(mapAt(ns.node, ['metadata', 'labels']));
    const why = nsLabels.find((l) => l.key === INJECTION_LABEL) ?? nsLabels.find((l) => l.key === REVISION_LABEL);
    const related: RelatedLocation[] =
      why?.keySpan ? [{ uri: ns.uri, span: why.keySpan, message: `Namespace ${ns.name} asks for injection here` }] : [];
    const labelFix = insertEntry(ctx.text, pod.node, ['metadata', 'labels'], newEntryLines(INJECT_LABEL, 'false'), indentStep(ctx.text, pod.node));
    const advice = isLive(pod.node)
      ? 'This Pod was read back from a cluster: it was created before injection was on (or while the injector was ' +
        'down). Delete it and let its controller recreate it, so the injector adds the proxy.'
      : '`istioctl analyze` reports it as outside the mesh. Created in this namespace while the injector runs, it ' +
        `gets the proxy at admission; if it is meant to stay outside the mesh, say so with ${INJECT_LABEL}: "false".`;
    return [
      {
        span,
        message: `Pod ${pod.name} in namespace ${nsName} (labelled for injection) has no ${PROXY} container. ${advice}`,
        related,
        fixes: labelFix ? [{ title: `Opt it out: label ${INJECT_LABEL}: "false"`, edits: [labelFix] }] : [],
      },
    ];
  },
});

/** True for a Pod exported from a cluster (`kubectl get -o yaml`): it has a uid, a status or an owner. */
function isLive(node: YAMLMap): boolean {
  const status = nodeAt(node, ['status']);
  return (
    scalarString(nodeAt(node, ['metadata', 'uid'])) !== undefined ||
    seqItemsAt(node, ['metadata', 'ownerReferences']).length > 0 ||
    (isNode(status) && isMap(status) && status.items.length > 0)
  );
}
