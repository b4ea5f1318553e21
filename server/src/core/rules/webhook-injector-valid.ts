import { isMap } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import { onePerObject } from '../index/identity';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { effectiveNamespace } from '../index/workspaceIndex';
import { INJECT_LABEL, INJECTION_LABEL, REVISION_LABEL } from '../istio/labels';
import type { K8sObject } from '../model/k8sObject';
import { nodeAt, scalarString, seqItemsAt, stringAt } from '../model/k8sObject';
import { objectLabels } from '../model/workload';
import { nodeSpan } from '../yaml/spans';
import type { Span } from '../yaml/spans';
import type { RuleFinding } from './rule';
import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { selects } from './shared/injectionWebhooks';

/**
 * Istio's injection webhooks neither overlap (a pod matched by two injects twice) nor name a control plane Service
 * that does not exist. Mirrors Istio's webhook.Analyzer (IST0139, InvalidWebhook): MutatingWebhookConfigurations with
 * an `istio.io/rev` (label or selector) or a webhook named `*istio.io`, tried against every namespace and pod label
 * combination of `istio-injection`, `sidecar.istio.io/inject` and the revisions found.
 */
export default defineAnalyzerRule({
  id: 'webhook-injector-valid',
  description: 'Istio’s injection webhooks do not overlap, and point at an existing control plane Service.',
  istioCode: 'IST0139',
  istioAnalyzer: 'webhook.Analyzer',
  defaultSeverity: 'error',
  kinds: ['MutatingWebhookConfiguration'],
  check(ctx) {
    const ns = ctx.settings.defaultNamespace;
    const mine = istioWebhooks(ctx.index, ns).filter((w) => w.config.node === ctx.object.node);
    if (mine.length === 0) {
      return [];
    }
    const overlaps = webhookOverlaps(ctx.index, ns);
    const findings: RuleFinding[] = [];
    for (const w of mine) {
      const others = overlaps.get(w.key);
      if (others && others.length > 0) {
        findings.push({
          span: w.span,
          message:
            `Webhook ${w.name} overlaps with ${others.map((o) => o.key).join(', ')}: a pod matched by both is injected ` +
            'twice. Give each revision its own namespace and object selectors (istio.io/rev), or remove the old webhook.',
          related: others.map((o) => ({ uri: o.config.uri, span: o.span, message: `webhook ${o.key}` })),
        });
      }
      if (w.service && !serviceExists(ctx.index, w.service.namespace, w.service.name, ns)) {
        findings.push({
          span: w.service.span,
          message:
            `Injector refers to a control plane Service that does not exist: ${w.service.namespace}/${w.service.name}. ` +
            'Pods cannot be created while the webhook fails; point it at istiod (or istiod-<revision>).',
        });
      }
    }
    return findings;
  },
});

interface Webhook {
  readonly config: K8sObject;
  readonly key: string;
  readonly name: string;
  readonly span: Span;
  readonly namespaceSelector: Node | undefined;
  readonly objectSelector: Node | undefined;
  readonly service: { readonly namespace: string; readonly name: string; readonly span: Span } | undefined;
}

function istioWebhooks(index: WorkspaceIndex, defaultNamespace: string): readonly Webhook[] {
  return index.derived(`istio-webhooks\u0000${defaultNamespace}`, (ix) => {
    const out: Webhook[] = [];
    const configs = onePerObject(
      ix.ofKind('MutatingWebhookConfiguration').filter((c) => c.apiVersion.startsWith('admissionregistration.k8s.io/')),
      (c) => c,
      defaultNamespace,
    );
    for (const config of configs) {
      const hooks = seqItemsAt(config.node, ['webhooks']).filter(isMap) as YAMLMap[];
      const istio = revisionsOf(config).length > 0 || hooks.some((h) => (stringAt(h, ['name']) ?? '').endsWith('istio.io'));
      if (!istio) {
        continue;
      }
      for (const h of hooks) {
        const name = stringAt(h, ['name']) ?? '';
        const svcName = stringAt(h, ['clientConfig', 'service', 'name']);
        const svcNode = nodeAt(h, ['clientConfig', 'service']);
        out.push({
          config,
          key: `${config.name}/${name}`,
          name,
          span: nodeSpan(nodeAt(h, ['name'])) ?? nodeSpan(h) ?? config.anchor,
          namespaceSelector: nodeAt(h, ['namespaceSelector']),
          objectSelector: nodeAt(h, ['objectSelector']),
          service:
            svcNode === undefined
              ? undefined
              : {
                  namespace: stringAt(h, ['clientConfig', 'service', 'namespace']) ?? '',
                  name: svcName ?? '',
                  span: nodeSpan(nodeAt(h, ['clientConfig', 'service', 'name'])) ?? nodeSpan(svcNode) ?? config.anchor,
                },
        });
      }
    }
    return out;
  });
}

/** The revisions a webhook configuration serves: its `istio.io/rev` label and those its selectors name. */
function revisionsOf(config: K8sObject): string[] {
  const revs = new Set<string>();
  const own = objectLabels(config)[REVISION_LABEL];
  if (own !== undefined) {
    revs.add(own);
  }
  for (const h of seqItemsAt(config.node, ['webhooks'])) {
    for (const sel of ['namespaceSelector', 'objectSelector']) {
      const v = stringAt(h as Node, [sel, 'matchLabels', REVISION_LABEL]);
      if (v !== undefined) {
        revs.add(v);
      }
      for (const e of seqItemsAt(h as Node, [sel, 'matchExpressions'])) {
        if (stringAt(e as Node, ['key']) === REVISION_LABEL) {
          for (const x of seqItemsAt(e as Node, ['values'])) {
            const v = scalarString(x as Node);
            if (v !== undefined) {
              revs.add(v);
            }
          }
        }
      }
    }
  }
  return [...revs];
}

/** Each webhook that some namespace and pod labels select together with others, with those others. */
function webhookOverlaps(index: WorkspaceIndex, defaultNamespace: string): ReadonlyMap<string, readonly Webhook[]> {
  return index.derived(`istio-webhook-overlaps\u0000${defaultNamespace}`, (ix) => {
    const hooks = istioWebhooks(ix, defaultNamespace);
    const revisions = [...new Set([...new Set(hooks.map((h) => h.config))].flatMap(revisionsOf))];
    const withRevisions = (base: Record<string, string>[]): Record<string, string>[] => [
      ...base,
      ...revisions.flatMap((rev) => base.map((b) => ({ ...b, [REVISION_LABEL]: rev }))),
    ];
    const nsLabels = withRevisions([{}, { [INJECTION_LABEL]: 'enabled' }, { [INJECTION_LABEL]: 'disabled' }]);
    const podLabels = withRevisions([{}, { [INJECT_LABEL]: 'true' }, { [INJECT_LABEL]: 'false' }]);
    const out = new Map<string, Webhook[]>();
    for (const nl of nsLabels) {
      for (const pl of podLabels) {
        const matched = hooks.filter((h) => selects(h.namespaceSelector, nl) && selects(h.objectSelector, pl));
        if (matched.length < 2) {
          continue;
        }
        for (const h of matched) {
          const list = out.get(h.key) ?? [];
          for (const o of matched) {
            if (o !== h && !list.includes(o)) {
              list.push(o);
            }
          }
          out.set(h.key, list);
        }
      }
    }
    return out;
  });
}

function serviceExists(index: WorkspaceIndex, namespace: string, name: string, defaultNamespace: string): boolean {
  return index.ofKind('Service').some((s) => s.name === name && effectiveNamespace(s, defaultNamespace) === namespace);
}
