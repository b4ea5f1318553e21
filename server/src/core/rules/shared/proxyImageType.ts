import { analyzerMeshConfig, parseRecord } from '../../index/istioLookups';
import { effectiveNamespace } from '../../index/workspaceIndex';
import { PROXY_CONFIG } from '../../istio/annotations';
import { mapAt, stringAt, stringRecord } from '../../model/k8sObject';
import type { K8sObject } from '../../model/k8sObject';
import { objectAnnotations, objectLabels } from '../../model/workload';
import type { RuleContext } from '../rule';
import { isRec } from '../../plainData';

// Which proxy image variant (`default`, `distroless`, …) a pod gets, as istiod decides it: the mesh config's
// defaultConfig, then the ProxyConfig of the root namespace, of the pod's namespace, of a selector matching the pod,
// then the pod's own `proxy.istio.io/config`; each later one that sets an image type wins.

/** The effective image type of a pod, or '' when nothing sets one. */
export function proxyImageType(ctx: RuleContext, pod: K8sObject): string {
  const mesh = analyzerMeshConfig(ctx.index, ctx.settings.injection.meshConfig);
  let variant = imageTypeOf(record(mesh?.['defaultConfig']));
  const root = typeof mesh?.['rootNamespace'] === 'string' && mesh['rootNamespace'] !== '' ? mesh['rootNamespace'] : 'istio-system';
  const ns = effectiveNamespace(pod, ctx.settings.defaultNamespace);
  const labels = objectLabels(pod);
  const configs = ctx.index.ofKind('ProxyConfig').filter((pc) => pc.apiVersion.startsWith('networking.istio.io/'));
  const inNs = (n: string): K8sObject[] => configs.filter((pc) => effectiveNamespace(pc, ctx.settings.defaultNamespace) === n);
  const fromResource = (pc: K8sObject): string => stringAt(pc.node, ['spec', 'image', 'imageType']) ?? '';
  for (const pc of inNs(root)) {
    variant = fromResource(pc) || variant;
  }
  if (ns !== root) {
    for (const pc of inNs(ns).filter((p) => !mapAt(p.node, ['spec', 'selector']))) {
      variant = fromResource(pc) || variant;
    }
    for (const pc of inNs(ns)) {
      const match = stringRecord(mapAt(pc.node, ['spec', 'selector', 'matchLabels']));
      if (match && Object.entries(match).every(([k, v]) => labels[k] === v)) {
        variant = fromResource(pc) || variant;
      }
    }
  }
  const annotation = objectAnnotations(pod)[PROXY_CONFIG];
  if (annotation !== undefined) {
    variant = imageTypeOf(parseRecord(annotation)) || variant;
  }
  return variant;
}

function record(v: unknown): Readonly<Record<string, unknown>> | undefined {
  return isRec(v) ? v : undefined;
}

function imageTypeOf(proxyConfig: Readonly<Record<string, unknown>> | undefined): string {
  const t = record(proxyConfig?.['image'])?.['imageType'];
  return typeof t === 'string' ? t : '';
}
