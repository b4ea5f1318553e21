import { effectiveNamespace } from '../index/workspaceIndex';
import { INJECTION_LABEL, REVISION_LABEL } from '../istio/labels';
import { nodeAt, seqItemsAt, stringAt } from '../model/k8sObject';
import type { K8sObject } from '../model/k8sObject';
import { objectAnnotations, objectLabels } from '../model/workload';
import { isMap } from 'yaml';
import type { YAMLMap } from 'yaml';
import { nodeSpan } from '../yaml/spans';
import type { Span } from '../yaml/spans';
import type { RuleContext } from './rule';
import { proxyImageType } from './shared/proxyImageType';
import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { isRec } from '../plainData';

const INJECTOR_CONFIGMAP = 'istio-sidecar-injector';

/**
 * The istio-proxy containers of the Pods in a namespace labelled for injection run the image its injector now
 * injects (`global.hub`/`global.proxy.image`:`global.tag` of the revision's istio-sidecar-injector ConfigMap, or that
 * image with the pod's image type as suffix). Mirrors Istio's injection.ImageAnalyzer (IST0158,
 * PodsIstioProxyImageMismatchInNamespace): such pods were injected by an older control plane and get the new proxy
 * only when restarted.
 */
export default defineAnalyzerRule({
  id: 'ns-proxy-images-current',
  description: 'Pods of a namespace labelled for injection run the proxy image its injector now injects.',
  istioCode: 'IST0158',
  istioAnalyzer: 'injection.ImageAnalyzer',
  defaultSeverity: { 'legacy-0.2': 'off', classic: 'warning', native: 'warning' },
  kinds: ['Namespace'],
  check(ctx) {
    const ns = ctx.object;
    if (ns.apiVersion !== 'v1') {
      return [];
    }
    const labels = objectLabels(ns);
    const revision = labels[REVISION_LABEL];
    if (labels[INJECTION_LABEL] !== 'enabled' && revision === undefined) {
      return [];
    }
    const images = injectorImages(ctx);
    if (images.size === 0) {
      return [];
    }
    const expected = images.get(revision === undefined || revision === 'default' || revision === '' ? INJECTOR_CONFIGMAP : `${INJECTOR_CONFIGMAP}-${revision}`);
    if (expected === undefined) {
      return [];
    }
    const stale = ctx.index
      .ofKind('Pod')
      .filter((p) => p.apiVersion === 'v1' && effectiveNamespace(p, ctx.settings.defaultNamespace) === ns.name)
      .filter((p) => objectAnnotations(p)['sidecar.istio.io/proxyImage'] === undefined)
      .filter((p) => proxyImages(p).some((image) => image !== expected && image !== `${expected}-${proxyImageType(ctx, p)}`));
    if (stale.length === 0) {
      return [];
    }
    const label = revision === undefined ? INJECTION_LABEL : REVISION_LABEL;
    const span = nodeSpan(nodeAt(ns.node, ['metadata', 'labels', label])) ?? ns.anchor;
    const names = stale.map((p) => p.name);
    return [
      {
        span,
        message:
          `${names.length === 1 ? 'Pod' : 'Pods'} ${names.map((n) => `"${n}"`).join(', ')} of namespace "${ns.name}" ` +
          `${names.length === 1 ? 'runs' : 'run'} another istio-proxy image than the injector now injects (${expected}): ` +
          'injected by an older control plane. Restart them (kubectl rollout restart) to get the current proxy.',
        related: stale.map((p) => ({
          uri: p.uri,
          span: proxySpan(p) ?? p.anchor,
          message: `the istio-proxy container of Pod "${p.name}"`,
        })),
      },
    ];
  },
});

/** The proxy image each injector ConfigMap (`istio-sidecar-injector[-<revision>]`) injects, by ConfigMap name. */
function injectorImages(ctx: RuleContext): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const cm of ctx.index.ofKind('ConfigMap')) {
    if (cm.apiVersion === 'v1' && cm.name.startsWith(INJECTOR_CONFIGMAP)) {
      out.set(cm.name, injectedImage(stringAt(cm.node, ['data', 'values'])));
    }
  }
  return out;
}

/** The image `values` (JSON) make the injector write, as Istio's analyzer reads it: '' when they do not parse. */
function injectedImage(values: string | undefined): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(values ?? '');
  } catch {
    return '';
  }
  const global = field(parsed, 'global');
  const image = String(field(field(global, 'proxy'), 'image') ?? '');
  return image.includes('/') ? image : `${String(field(global, 'hub') ?? '')}/${image}:${String(field(global, 'tag') ?? '')}`;
}

function field(v: unknown, key: string): unknown {
  return isRec(v) ? v[key] : undefined;
}

function proxyContainers(pod: K8sObject): YAMLMap[] {
  return [...seqItemsAt(pod.node, ['spec', 'containers']), ...seqItemsAt(pod.node, ['spec', 'initContainers'])].filter(
    (c): c is YAMLMap => isMap(c) && stringAt(c, ['name']) === 'istio-proxy',
  );
}

function proxyImages(pod: K8sObject): string[] {
  return proxyContainers(pod).map((c) => stringAt(c, ['image']) ?? '');
}

function proxySpan(pod: K8sObject): Span | undefined {
  const [first] = proxyContainers(pod);
  return nodeSpan(nodeAt(first, ['image']));
}
