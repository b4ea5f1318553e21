/**
 * injectPod (pkg/kube/inject/webhook.go): renders the sidecar template for one pod, merges it onto the pod,
 * re-applies a user's own `istio-proxy` container, then post-processes (cluster env, Prometheus merge, probe
 * rewrite, status annotation, container order). Re-injecting an injected pod gives the same pod.
 */
import { isRec } from '../plainData';
import type { Rec } from '../plainData';
import { A, L, validateAnnotations } from './annotations';
import { clone, goSprint, truthy, valueAt, type TemplateFlavor } from './config';
import { containers, findContainer, meshStatusPort, metaOf, PROXY, proxyConfigOf, specOf, stringMap } from './podFields';
import { adjustInitContainerUser, reorder, updateClusterEnvs } from './postProcess';
import { applyPrometheusMerge } from './prometheus';
import { rewriteAppProbes } from './probes';
import { parseOverrides, reapplyOverwritten, reinsertOverrides, statusAnnotation, stripPod } from './reinjection';
import { strategicMergePod } from './smp';
import { renderGatewayTemplate, renderSidecarTemplate, TemplateError, type TemplateData } from './builtin';

export interface PodInjection {
  readonly flavor: TemplateFlavor;
  /** `{ metadata, spec }` of the pod, labels and annotations as strings. */
  readonly pod: Rec;
  readonly deployMeta: { readonly name: string; readonly namespace: string };
  readonly typeMeta: { readonly apiVersion: string; readonly kind: string };
  /** Values with the chart defaults applied. */
  readonly values: Rec;
  /** MeshConfig with defaults and the pod's `proxy.istio.io/config` applied. */
  readonly mesh: Rec;
  /** istioctl's `--revision` (empty for the default revision). */
  readonly revision: string;
  /** The installation's injection templates; without, the built-in renderer of the flavour. */
  readonly templates?: TemplateSource;
  /** istiod's native-sidecar switch (`.NativeSidecars`) when it differs from the flavour's. */
  readonly nativeSidecars?: boolean;
}

/** Where the injection templates come from: an installation's Go templates, or the built-in renderer. */
export interface TemplateSource {
  names(): string[];
  has(name: string): boolean;
  /** Template names an `inject.istio.io/templates` entry stands for. */
  readonly aliases: Readonly<Record<string, readonly string[]>>;
  /** The partial pod the template renders for the pod. Throws TemplateError. */
  render(name: string, data: TemplateData): Rec;
}

export type PodResult = { ok: true; pod: Rec } | { ok: false; error: string };

function imageUrl(hub: string, image: string, tag: string, imageType: string): string {
  let t = tag;
  if (imageType !== '') {
    for (const known of ['distroless', 'debug']) {
      if (t.endsWith(`-${known}`)) {
        t = t.slice(0, -(known.length + 1));
        break;
      }
    }
    if (imageType !== 'default') {
      t = `${t}-${imageType}`;
    }
  }
  return `${hub}/${image}:${t}`;
}

function proxyImages(
  values: Rec,
  proxyConfig: Rec,
  annotations: Record<string, string>,
): { proxy: string; init: string } {
  const hub = goSprint(valueAt(values, 'global.hub') ?? '');
  const rawTag = valueAt(values, 'global.tag');
  const tag = rawTag === undefined || rawTag === null ? '' : goSprint(rawTag);
  let imageType = '';
  const img = proxyConfig['image'];
  if (isRec(img) && typeof img['imageType'] === 'string') {
    imageType = img['imageType'] as string;
  }
  if (annotations[A.proxyImageType] !== undefined) {
    imageType = annotations[A.proxyImageType] as string;
  }
  const proxyName = truthy(valueAt(values, 'global.proxy.image'))
    ? goSprint(valueAt(values, 'global.proxy.image'))
    : 'proxyv2';
  const initName = truthy(valueAt(values, 'global.proxy_init.image'))
    ? goSprint(valueAt(values, 'global.proxy_init.image'))
    : 'proxyv2';
  return { proxy: imageUrl(hub, proxyName, tag, imageType), init: imageUrl(hub, initName, tag, imageType) };
}

const INJECT_TEMPLATES = 'inject.istio.io/templates';

/** The hand-written renderers of istiod's default templates, for when no installation's templates are known. */
const BUILTIN_RENDERERS: Record<string, (d: TemplateData) => Rec> = {
  sidecar: renderSidecarTemplate,
  gateway: renderGatewayTemplate,
};

const BUILTIN: TemplateSource = {
  names: () => Object.keys(BUILTIN_RENDERERS),
  has: (name) => Object.prototype.hasOwnProperty.call(BUILTIN_RENDERERS, name),
  aliases: {},
  render: (name, data) => (BUILTIN_RENDERERS[name] as (d: TemplateData) => Rec)(data),
};

/**
 * selectTemplates: `inject.istio.io/templates` (comma separated), else kube-inject's default `sidecar`; each name
 * an alias stands for is replaced by what it names.
 */
function selectTemplates(annotation: string | undefined, source: TemplateSource): string[] {
  const names = annotation === undefined ? ['sidecar'] : annotation.split(',').map((t) => t.trim());
  return names.flatMap((n) => source.aliases[n] ?? [n]);
}

/** Injects one pod; the input is not modified. */
export function injectPod(req: PodInjection): PodResult {
  const annotations = stringMap(metaOf(req.pod)['annotations']);
  const errors = validateAnnotations(annotations, req.flavor === 'native');
  if (errors.length > 0) {
    return { ok: false, error: `failed to run injection template: ${errors.join('; ')}` };
  }
  const proxyConfig = proxyConfigOf(req.mesh);
  const proxyEnvs: Record<string, string> = {};
  const cluster = goSprint(valueAt(req.values, 'global.multiCluster.clusterName') ?? '');
  let network = goSprint(valueAt(req.values, 'global.network') ?? '');
  const labels = stringMap(metaOf(req.pod)['labels']);
  if (labels[L.network] !== undefined) {
    network = labels[L.network] as string;
  }
  if (cluster !== '') {
    proxyEnvs['ISTIO_META_CLUSTER_ID'] = cluster;
  }
  if (network !== '') {
    proxyEnvs['ISTIO_META_NETWORK'] = network;
  }

  const existing = parseOverrides(req.pod);
  if (typeof existing === 'string') {
    return { ok: false, error: `failed to run injection template: ${existing}` };
  }
  const stripped = reinsertOverrides(stripPod(req.pod, req.mesh), existing);
  const strippedMeta = metaOf(stripped);
  const strippedAnnotations = stringMap(strippedMeta['annotations']);
  const images = proxyImages(req.values, proxyConfig, strippedAnnotations);

  const source = req.templates ?? BUILTIN;
  const templateNames = selectTemplates(
    strippedAnnotations[INJECT_TEMPLATES] ?? stringMap(metaOf(req.pod)['annotations'])[INJECT_TEMPLATES],
    source,
  );
  const unknown = templateNames.find((t) => !source.has(t));
  if (unknown !== undefined) {
    return {
      ok: false,
      error: `failed to run injection template: requested template "${unknown}" not found; have ${source.names().join(', ')}`,
    };
  }
  let patches: Rec[];
  try {
    const data: TemplateData = {
      flavor: req.flavor,
      nativeSidecars: req.nativeSidecars ?? req.flavor === 'native',
      typeMeta: req.typeMeta,
      deployMeta: req.deployMeta,
      meta: strippedMeta,
      labels: stringMap(strippedMeta['labels']),
      annotations: strippedAnnotations,
      spec: specOf(stripped),
      proxyConfig,
      mesh: req.mesh,
      values: req.values,
      revision: req.revision,
      proxyImage: images.proxy,
      proxyInitImage: images.init,
      proxyUID: 1337,
      proxyGID: 1337,
    };
    patches = templateNames.map((t) => source.render(t, data));
  } catch (e) {
    if (e instanceof TemplateError) {
      return { ok: false, error: `failed to run injection template: ${e.message}` };
    }
    throw e;
  }

  let templatePod: Rec = {};
  let pod = req.pod;
  for (const patch of patches) {
    templatePod = strategicMergePod(templatePod, patch);
    const templateInits = containers(specOf(templatePod), 'initContainers');
    if (
      findContainer(PROXY, templateInits) &&
      findContainer(PROXY, containers(specOf(pod), 'containers'))
    ) {
      // A user's istio-proxy customisation written under `containers` moves to initContainers with the proxy.
      const spec = { ...specOf(pod) };
      const list = containers(spec, 'containers');
      const idx = list.findIndex((c) => c['name'] === PROXY);
      const moved = list[idx] as Rec;
      spec['containers'] = list.filter((_, i) => i !== idx);
      spec['initContainers'] = [...containers(spec, 'initContainers'), moved];
      pod = { ...pod, spec };
    }
    pod = strategicMergePod(pod, patch);
  }
  pod = reapplyOverwritten(pod, req.pod, templatePod, existing, req.flavor);
  pod = clone(pod);
  adjustInitContainerUser(pod, req.pod, proxyConfig);

  // postProcessPod
  const meta = metaOf(pod);
  meta['annotations'] = { ...stringMap(meta['annotations']) };
  meta['labels'] = { ...stringMap(meta['labels']) };
  pod['metadata'] = meta;
  updateClusterEnvs(pod, proxyEnvs);
  applyPrometheusMerge(pod, req.mesh, req.flavor);
  pod = rewriteAppProbes(
    pod,
    meshStatusPort(req.mesh),
    truthy(valueAt(req.values, 'sidecarInjectorWebhook.rewriteAppHTTPProbe')),
    req.flavor,
  );
  const finalMeta = metaOf(pod);
  if (proxyEnvs['ISTIO_META_NETWORK'] !== undefined) {
    (finalMeta['labels'] as Rec)[L.network] = proxyEnvs['ISTIO_META_NETWORK'];
  }
  (finalMeta['annotations'] as Rec)[A.status] = statusAnnotation(specOf(templatePod), req.revision);
  reorder(pod, req.values, proxyConfig, req.flavor);
  return { ok: true, pod };
}
