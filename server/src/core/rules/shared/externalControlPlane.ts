import type { Node } from 'yaml';
import type { WorkspaceIndex } from '../../index/workspaceIndex';
import type { K8sObject } from '../../model/k8sObject';
import { mapAt, nodeAt, pairOf, seqItemsAt, stringAt } from '../../model/k8sObject';
import { keySpan, nodeSpan } from '../../yaml/spans';
import type { Span } from '../../yaml/spans';

// What the external control plane rules share (ecp-webhook-url-valid, ecp-webhook-url-hostname): the webhooks a
// remote cluster's Istio install points at the external istiod with.

const REMOTE_VALIDATOR = 'istio-validator-external-istiod';
const REMOTE_INJECTOR = 'istio-sidecar-injector-external-istiod';
const CHECKED: Readonly<Record<string, readonly string[]>> = {
  ValidatingWebhookConfiguration: [REMOTE_VALIDATOR, 'istiod-default-validator'],
  MutatingWebhookConfiguration: [REMOTE_INJECTOR],
};

/** One webhook's URL problem. */
export interface WebhookUrlProblem {
  readonly kind: 'missing' | 'invalid' | 'ip';
  readonly webhook: string;
  readonly url: string;
  readonly span: Span;
}

/**
 * The first URL problem of each webhook of an external-control-plane webhook configuration, when the workspace is a
 * remote cluster's install (it has both the external validator and injector configurations); else none.
 */
export function webhookUrlProblem(index: WorkspaceIndex, config: K8sObject): WebhookUrlProblem | undefined {
  if (!(CHECKED[config.kind] ?? []).includes(config.name) || !config.apiVersion.startsWith('admissionregistration.k8s.io/')) {
    return undefined;
  }
  const remote =
    index.ofKind('ValidatingWebhookConfiguration').some((c) => c.name === REMOTE_VALIDATOR) &&
    index.ofKind('MutatingWebhookConfiguration').some((c) => c.name === REMOTE_INJECTOR);
  if (!remote) {
    return undefined;
  }
  for (const hook of seqItemsAt(config.node, ['webhooks'])) {
    const webhook = stringAt(hook as Node, ['name']) ?? '';
    const urlNode = nodeAt(hook as Node, ['clientConfig', 'url']);
    const url = stringAt(hook as Node, ['clientConfig', 'url']) ?? '';
    const span = nodeSpan(urlNode) ?? nodeSpan(nodeAt(hook as Node, ['clientConfig'])) ?? nodeSpan(hook as Node) ?? config.anchor;
    if (url.trim() === '') {
      // An empty value has no width: point at its key instead.
      const config = mapAt(hook as Node, ['clientConfig']);
      const pair = config ? pairOf(config, 'url') : undefined;
      return { kind: 'missing', webhook, url, span: (pair && keySpan(pair)) ?? nodeSpan(config) ?? span };
    }
    const host = hostOf(url);
    if (host === undefined) {
      return { kind: 'invalid', webhook, url, span };
    }
    if (isIpAddress(host)) {
      return { kind: 'ip', webhook, url, span };
    }
  }
  return undefined;
}

function hostOf(url: string): string | undefined {
  try {
    const host = new URL(url).hostname;
    return host === '' ? undefined : host.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return undefined; // not a URL: reported as such
  }
}

function isIpAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
}
