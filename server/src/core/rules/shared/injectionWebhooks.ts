import { isMap } from 'yaml';
import type { Node } from 'yaml';
import type { WorkspaceIndex } from '../../index/workspaceIndex';
import type { K8sObject } from '../../model/k8sObject';
import { nodeAt, seqItemsAt, stringAt } from '../../model/k8sObject';
import { podTemplate } from '../../model/workload';
import { nodeSpan } from '../../yaml/spans';
import type { Span } from '../../yaml/spans';
import { readLabelSelector } from '../../model/labelSelector';

// The injection webhooks of the workspace, as the rules about what they select read them (webhook-injector-valid,
// workload-image-auto-injected, pod-image-auto-injected).

/** A webhook selector against labels: none, or an empty one, selects everything (the webhook API's default). */
export function selects(selector: Node | undefined, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (selector === undefined) {
    return true;
  }
  const reading = readLabelSelector(selector.toJSON());
  return reading.ok ? reading.matches(labels ?? {}) : reading.empty;
}

/** The selectors of the workspace's webhooks named `…istio.io` (Istio's injectors). */
export interface WebhookSelectors {
  readonly namespaceSelector: Node | undefined;
  readonly objectSelector: Node | undefined;
}

export function istioInjectorSelectors(index: WorkspaceIndex): readonly WebhookSelectors[] {
  return index.derived('istio-injector-selectors', (ix) =>
    ix
      .ofKind('MutatingWebhookConfiguration')
      .flatMap((c) => seqItemsAt(c.node, ['webhooks']))
      .filter((h): h is Node => isMap(h) && (stringAt(h, ['name']) ?? '').endsWith('istio.io'))
      .map((h) => ({ namespaceSelector: nodeAt(h, ['namespaceSelector']), objectSelector: nodeAt(h, ['objectSelector']) })),
  );
}

/** The `image: auto` value of the pod's `istio-proxy` container, if it has one. */
export function autoImageSpan(workload: K8sObject): Span | undefined {
  const tpl = podTemplate(workload);
  if (!tpl) {
    return undefined;
  }
  for (const c of seqItemsAt(nodeAt(workload.node, tpl.path), ['spec', 'containers'])) {
    if (isMap(c) && stringAt(c, ['name']) === 'istio-proxy' && stringAt(c, ['image']) === 'auto') {
      return nodeSpan(nodeAt(c, ['image']));
    }
  }
  return undefined;
}
