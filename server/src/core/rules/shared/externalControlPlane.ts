import type { Node } from 'yaml';
import type { WorkspaceIndex } from '../../index/workspaceIndex';
import type { K8sObject } from '../../model/k8sObject';
import { mapAt, nodeAt, pairOf, seqItemsAt, stringAt } from '../../model/k8sObject';
import { keySpan, nodeSpan } from '../../yaml/spans';
import type { Span } from '../../yaml/spans';

// What the external control plane rules share (ecp-webhook-url-valid, ecp-webhook-url-hostname): the webhooks a
// remote cluster's Istio install points at the external istiod with.

// A remote cluster's install names its webhook configurations after the external istiod's namespace (and revision):
// `istio-validator-<suffix>` and `istio-sidecar-injector-<suffix>`, `external-istiod` by default. A primary
// cluster's istiod names its injector without that suffix, so a validator and an injector sharing one mark a remote.
const VALIDATOR_PREFIX = 'istio-validator-';
const INJECTOR_PREFIX = 'istio-sidecar-injector-';
const DEFAULT_VALIDATOR = 'istiod-default-validator';

/** The suffixes shared by a validator and an injector configuration of the workspace: one per remote install. */
function remoteSuffixes(index: WorkspaceIndex): Set<string> {
  const suffixes = (kind: string, prefix: string): Set<string> =>
    new Set(
      index
        .ofKind(kind)
        .filter((c) => c.apiVersion.startsWith('admissionregistration.k8s.io/') && c.name.startsWith(prefix))
        .map((c) => c.name.slice(prefix.length))
        .filter((suffix) => suffix !== ''),
    );
  const injectors = suffixes('MutatingWebhookConfiguration', INJECTOR_PREFIX);
  return new Set([...suffixes('ValidatingWebhookConfiguration', VALIDATOR_PREFIX)].filter((s) => injectors.has(s)));
}

/** True when this configuration is one of a remote install's, or the default validator of a remote cluster. */
function isRemoteConfig(config: K8sObject, remotes: ReadonlySet<string>): boolean {
  const suffixOf = (prefix: string): string | undefined => (config.name.startsWith(prefix) ? config.name.slice(prefix.length) : undefined);
  if (config.kind === 'ValidatingWebhookConfiguration') {
    return config.name === DEFAULT_VALIDATOR || remotes.has(suffixOf(VALIDATOR_PREFIX) ?? '');
  }
  return config.kind === 'MutatingWebhookConfiguration' && remotes.has(suffixOf(INJECTOR_PREFIX) ?? '');
}

/** One webhook's URL problem. */
export interface WebhookUrlProblem {
  readonly kind: 'missing' | 'invalid' | 'ip';
  readonly webhook: string;
  readonly url: string;
  readonly span: Span;
}

/**
 * The first URL problem of each webhook of an external-control-plane webhook configuration, when the workspace is a
 * remote cluster's install (it has a validator and an injector configuration named for the same external istiod);
 * else none.
 */
export function webhookUrlProblem(index: WorkspaceIndex, config: K8sObject): WebhookUrlProblem | undefined {
  if (!config.apiVersion.startsWith('admissionregistration.k8s.io/')) {
    return undefined;
  }
  const remotes = remoteSuffixes(index);
  if (remotes.size === 0 || !isRemoteConfig(config, remotes)) {
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
