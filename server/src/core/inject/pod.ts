/**
 * injectPod (pkg/kube/inject/webhook.go): renders the sidecar template for one pod, merges it onto the pod,
 * re-applies a user's own `istio-proxy` container, then post-processes (cluster env, Prometheus merge, probe
 * rewrite, status annotation, container order). Re-injecting an injected pod gives the same pod.
 */
import { isRec } from '../plainData';
import type { Rec } from '../plainData';
import { A, L, validateAnnotations } from './annotations';
import { clone, goSprint, truthy, valueAt, type TemplateFlavor } from './config';
import { goJson, goNormalize } from './goTypes';
import { rewriteAppProbes } from './probes';
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

const PROXY = 'istio-proxy';
const INIT = 'istio-init';
const VALIDATION = 'istio-validation';
const CORE_DUMP = 'enable-core-dump';
const PROMETHEUS_SCRAPE = 'prometheus_io_scrape';
const PROMETHEUS_PORT = 'prometheus_io_port';
const PROMETHEUS_PATH = 'prometheus_io_path';

function metaOf(pod: Rec): Rec {
  return isRec(pod['metadata']) ? (pod['metadata'] as Rec) : {};
}

function specOf(pod: Rec): Rec {
  return isRec(pod['spec']) ? (pod['spec'] as Rec) : {};
}

function stringMap(v: unknown): Record<string, string> {
  return (isRec(v) ? v : {}) as Record<string, string>;
}

function containers(spec: Rec, field: string): Rec[] {
  const l = spec[field];
  return Array.isArray(l) ? (l.filter(isRec) as Rec[]) : [];
}

function findContainer(name: string, list: Rec[]): Rec | undefined {
  return list.find((c) => c['name'] === name);
}

function findInPod(name: string, pod: Rec): Rec | undefined {
  const spec = specOf(pod);
  return findContainer(name, containers(spec, 'containers')) ?? findContainer(name, containers(spec, 'initContainers'));
}

/** Prometheus' SanitizeLabelName: every character outside [a-zA-Z0-9_] becomes `_`. */
function sanitizeLabelName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

function meshStatusPort(mesh: Rec): number {
  const pc = isRec(mesh['defaultConfig']) ? (mesh['defaultConfig'] as Rec) : {};
  return typeof pc['statusPort'] === 'number' ? (pc['statusPort'] as number) : 15020;
}

function proxyConfigOf(mesh: Rec): Rec {
  return isRec(mesh['defaultConfig']) ? (mesh['defaultConfig'] as Rec) : {};
}

interface InjectionStatus {
  initContainers: string[];
  containers: string[];
}

function parseStatus(value: string | undefined): InjectionStatus | undefined {
  if (value === undefined) {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!isRec(parsed)) {
    return undefined;
  }
  const names = (v: unknown): string[] | undefined =>
    v === undefined || v === null
      ? []
      : Array.isArray(v) && v.every((x) => typeof x === 'string')
        ? (v as string[])
        : undefined;
  const init = names(parsed['initContainers']);
  const cont = names(parsed['containers']);
  if (!init || !cont || !['undefined', 'string'].includes(typeof parsed['revision'])) {
    return undefined;
  }
  return { initContainers: init, containers: cont };
}

function clearPrometheusAnnotations(annotations: Rec): void {
  for (const k of Object.keys(annotations)) {
    if ([PROMETHEUS_SCRAPE, PROMETHEUS_PORT, PROMETHEUS_PATH].includes(sanitizeLabelName(k))) {
      delete annotations[k];
    }
  }
}

function prometheusPort(annotations: Record<string, string>): string | undefined {
  for (const [k, v] of Object.entries(annotations)) {
    if (sanitizeLabelName(k) === PROMETHEUS_PORT) {
      return v;
    }
  }
  return undefined;
}

/** stripPod: a previously injected pod, as the template must see it (injected containers removed). */
function stripPod(pod: Rec, mesh: Rec): Rec {
  const meta = metaOf(pod);
  const annotations = stringMap(meta['annotations']);
  const status = parseStatus(annotations[A.status]);
  if (!status) {
    return pod;
  }
  const out = clone(pod);
  const spec = specOf(out);
  if (Array.isArray(spec['containers'])) {
    spec['containers'] = containers(spec, 'containers').filter((c) => !status.containers.includes(String(c['name'])));
  }
  if (Array.isArray(spec['initContainers'])) {
    spec['initContainers'] = containers(spec, 'initContainers').filter(
      (c) => !status.initContainers.includes(String(c['name'])),
    );
  }
  const outAnnotations = metaOf(out)['annotations'] as Rec;
  if (prometheusPort(annotations) === String(meshStatusPort(mesh))) {
    clearPrometheusAnnotations(outAnnotations);
  }
  delete outAnnotations[A.status];
  return out;
}

interface Overrides {
  containers: Rec[];
  initContainers: Rec[];
}

function parseOverrides(pod: Rec): Overrides | string {
  const raw = stringMap(metaOf(pod)['annotations'])[A.proxyOverrides];
  if (raw === undefined) {
    return { containers: [], initContainers: [] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    return `invalid value for annotation '${A.proxyOverrides}': ${(e as Error).message}`;
  }
  if (!isRec(parsed)) {
    return `invalid value for annotation '${A.proxyOverrides}': not a JSON object`;
  }
  const l = (v: unknown): Rec[] => (Array.isArray(v) ? (v.filter(isRec) as Rec[]) : []);
  return { containers: l(parsed['containers']), initContainers: l(parsed['initContainers']) };
}

/** reinsertOverrides: containers saved in `proxy.istio.io/overrides` come back for the template to see. */
function reinsertOverrides(pod: Rec, overrides: Overrides): Rec {
  if (overrides.containers.length === 0 && overrides.initContainers.length === 0) {
    return pod;
  }
  const out = clone(pod);
  const spec = specOf(out);
  out['spec'] = spec;
  for (const [field, list] of [
    ['containers', overrides.containers],
    ['initContainers', overrides.initContainers],
  ] as const) {
    const current = containers(spec, field);
    for (const c of list) {
      if (!findContainer(String(c['name']), current)) {
        current.push(clone(c));
      }
    }
    if (current.length > 0) {
      spec[field] = current;
    }
  }
  return out;
}

/** modifyContainers: moves (or removes) the container called `name`. */
function moveContainer(list: Rec[], name: string, where: 'first' | 'last'): Rec[] {
  const others = list.filter((c) => c['name'] !== name);
  const match = [...list].reverse().find((c) => c['name'] === name);
  if (!match) {
    return others;
  }
  return where === 'first' ? [match, ...others] : [...others, match];
}

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

function statusAnnotation(templateSpec: Rec, revision: string): string {
  const names = (field: string): string[] | null => {
    const l = templateSpec[field];
    if (!Array.isArray(l) || l.length === 0) {
      return null;
    }
    return l.filter(isRec).map((x) => String(x['name'] ?? ''));
  };
  return goJson({
    initContainers: names('initContainers'),
    containers: names('containers'),
    volumes: names('volumes'),
    imagePullSecrets: names('imagePullSecrets'),
    revision: revision === '' ? 'default' : revision,
  });
}

/** reapplyOverwrittenContainers: a user's own `istio-proxy` (or init) container overrides the template's fields. */
function reapplyOverwritten(
  finalPod: Rec,
  original: Rec,
  templatePod: Rec,
  existing: Overrides,
  flavor: TemplateFlavor,
): Rec {
  const annotations = stringMap(metaOf(original)['annotations']);
  const statusText = annotations[A.status];
  const alreadyInjected = statusText !== undefined;
  const injected = alreadyInjected ? (parseStatus(statusText) ?? { containers: [], initContainers: [] }) : undefined;
  const overrides: Overrides = { containers: [], initContainers: [] };
  let pod = finalPod;
  const templateSpec = specOf(templatePod);
  for (const c of containers(templateSpec, 'containers')) {
    const name = String(c['name']);
    // Istio skips containers it injected before; we still re-apply the saved overrides so that re-injecting an
    // injected manifest changes nothing.
    const match = injected?.containers.includes(name)
      ? findContainer(name, existing.containers)
      : (findContainer(name, existing.containers) ?? findContainer(name, containers(specOf(original), 'containers')));
    if (!match) {
      continue;
    }
    const overlay = overlayOf(match, flavor);
    overrides.containers.push(overlay);
    pod = strategicMergePod(pod, { spec: { containers: [overlay] } });
  }
  for (const c of containers(templateSpec, 'initContainers')) {
    const name = String(c['name']);
    const match = injected?.initContainers.includes(name)
      ? findContainer(name, existing.initContainers)
      : (findContainer(name, existing.initContainers) ?? findInPod(name, original));
    if (!match) {
      continue;
    }
    const overlay = overlayOf(match, flavor);
    overrides.initContainers.push(overlay);
    pod = strategicMergePod(pod, { spec: { containers: [], initContainers: [overlay] } });
  }
  if (!alreadyInjected && (overrides.containers.length > 0 || overrides.initContainers.length > 0)) {
    const json: Rec = {};
    if (overrides.containers.length > 0) {
      json['containers'] = overrides.containers;
    }
    if (overrides.initContainers.length > 0) {
      json['initContainers'] = overrides.initContainers;
    }
    const meta = { ...metaOf(pod) };
    meta['annotations'] = { ...stringMap(meta['annotations']), [A.proxyOverrides]: goJson(json) };
    pod = { ...pod, metadata: meta };
  }
  return pod;
}

function overlayOf(container: Rec, flavor: TemplateFlavor): Rec {
  const overlay = goNormalize(clone(container), 'Container', flavor) as Rec;
  if (overlay['image'] === 'auto' || overlay['image'] === '') {
    delete overlay['image'];
  }
  return overlay;
}

function adjustInitContainerUser(pod: Rec, original: Rec, proxyConfig: Rec): void {
  const user = findInPod(PROXY, original);
  const usc = user && isRec(user['securityContext']) ? (user['securityContext'] as Rec) : undefined;
  if (!usc || (usc['runAsUser'] === undefined && usc['runAsGroup'] === undefined)) {
    return;
  }
  const inits = containers(specOf(pod), 'initContainers');
  const init = findContainer(INIT, inits) ?? findContainer(VALIDATION, inits);
  if (!init) {
    return;
  }
  const tproxy =
    proxyConfig['interceptionMode'] === 'TPROXY' ||
    stringMap(metaOf(pod)['annotations'])[A.interceptionMode] === 'TPROXY';
  if (tproxy && usc['runAsUser'] !== undefined) {
    const sidecar = findInPod(PROXY, pod);
    if (sidecar && isRec(sidecar['securityContext'])) {
      (sidecar['securityContext'] as Rec)['runAsUser'] = 0;
    }
  }
  if (!tproxy && init['name'] === VALIDATION) {
    const sc: Rec = isRec(init['securityContext']) ? (init['securityContext'] as Rec) : {};
    init['securityContext'] = sc;
    if (usc['runAsUser'] !== undefined) {
      sc['runAsUser'] = usc['runAsUser'];
    }
    if (usc['runAsGroup'] !== undefined) {
      sc['runAsGroup'] = usc['runAsGroup'];
    }
  }
  if (usc['runAsUser'] === undefined || usc['runAsUser'] === 0) {
    return;
  }
  const args = Array.isArray(init['args']) ? (init['args'] as unknown[]) : [];
  const i = args.indexOf('-u');
  if (i >= 0 && i + 1 < args.length) {
    args[i + 1] = String(usc['runAsUser']);
  }
}

const SCRAPE_TARGETS = 'prometheus.istio.io/scrape-targets';

/** `prometheus.istio.io/scrape-targets: "8080:/metrics,9100:/custom"` (newer injector): several app endpoints. */
function scrapeTargets(value: string | undefined): { port: string; path: string }[] {
  if (value === undefined) {
    return [];
  }
  const out: { port: string; path: string }[] = [];
  for (const part of value.split(',')) {
    const t = part.trim();
    if (t === '') {
      continue;
    }
    const i = t.indexOf(':');
    const port = (i < 0 ? t : t.slice(0, i)).trim();
    const path = i < 0 ? '/metrics' : t.slice(i + 1).trim() || '/metrics';
    if (/^\d+$/.test(port)) {
      out.push({ port, path });
    }
  }
  return out;
}

function applyPrometheusMerge(pod: Rec, mesh: Rec, flavor: TemplateFlavor): void {
  const meta = metaOf(pod);
  const annotations = stringMap(meta['annotations']);
  let scrape = true;
  for (const [k, v] of Object.entries(annotations)) {
    if (sanitizeLabelName(k) === PROMETHEUS_SCRAPE) {
      const b = parseBoolLoose(v);
      if (b !== undefined) {
        scrape = b;
        break;
      }
    }
  }
  let merge = mesh['enablePrometheusMerge'] !== false;
  const m = annotations[A.mergeMetrics];
  if (m !== undefined) {
    const b = parseBoolLoose(m);
    if (b !== undefined) {
      merge = b;
    }
  }
  if (!scrape || !merge) {
    return;
  }
  const target = String(meshStatusPort(mesh));
  if (prometheusPort(annotations) === target) {
    return;
  }
  const cfg: { scrape: string; path: string; port: string; targets?: { port: string; path: string }[] } = {
    scrape: '',
    path: '',
    port: '',
  };
  for (const [k, v] of Object.entries(annotations)) {
    const s = sanitizeLabelName(k);
    if (s === PROMETHEUS_PORT) {
      cfg.port = v;
    } else if (s === PROMETHEUS_SCRAPE) {
      cfg.scrape = v;
    } else if (s === PROMETHEUS_PATH) {
      cfg.path = v;
    }
  }
  const targets = flavor === 'native' ? scrapeTargets(annotations[SCRAPE_TARGETS]) : [];
  if (targets.length > 0) {
    cfg.port = cfg.port || (targets[0] as { port: string }).port;
    cfg.path = cfg.path || (targets[0] as { path: string }).path;
    cfg.targets = targets;
  }
  const sidecar = findInPod(PROXY, pod);
  if (sidecar && (cfg.scrape !== '' || cfg.path !== '' || cfg.port !== '')) {
    const env = Array.isArray(sidecar['env']) ? (sidecar['env'] as unknown[]) : [];
    sidecar['env'] = [...env, { name: 'ISTIO_PROMETHEUS_ANNOTATIONS', value: goJson(cfg) }];
  }
  const next: Rec = { ...annotations };
  clearPrometheusAnnotations(next);
  if (flavor === 'native') {
    delete next[SCRAPE_TARGETS];
  }
  next['prometheus.io/port'] = target;
  next['prometheus.io/path'] = '/stats/prometheus';
  next['prometheus.io/scrape'] = 'true';
  meta['annotations'] = next;
}

function parseBoolLoose(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) {
    return true;
  }
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) {
    return false;
  }
  return undefined;
}

function reorder(pod: Rec, values: Rec, proxyConfig: Rec, flavor: TemplateFlavor): void {
  const spec = specOf(pod);
  const hold =
    proxyConfig['holdApplicationUntilProxyStarts'] === true ||
    truthy(valueAt(values, 'global.proxy.holdApplicationUntilProxyStarts'));
  if (Array.isArray(spec['containers'])) {
    spec['containers'] = moveContainer(containers(spec, 'containers'), PROXY, hold ? 'first' : 'last');
  }
  if (!Array.isArray(spec['initContainers'])) {
    return;
  }
  let inits = containers(spec, 'initContainers');
  if (findContainer(PROXY, inits)) {
    const before: string[] = [];
    const a = stringMap(metaOf(pod)['annotations'])[A.initContainersBeforeProxy];
    if (flavor === 'native' && a !== undefined && a !== '') {
      for (const n of a.split(',')) {
        if (!before.includes(n)) {
          before.push(n);
        }
      }
    }
    inits = moveContainer(inits, CORE_DUMP, 'first');
    inits = moveContainer(inits, PROXY, 'first');
    for (let i = before.length - 1; i >= 0; i--) {
      inits = moveContainer(inits, before[i] as string, 'first');
    }
    inits = moveContainer(inits, VALIDATION, 'first');
    inits = moveContainer(inits, INIT, 'first');
  } else {
    inits = moveContainer(inits, VALIDATION, 'first');
    inits = moveContainer(inits, INIT, 'last');
    inits = moveContainer(inits, CORE_DUMP, 'last');
  }
  spec['initContainers'] = inits;
}

function updateClusterEnvs(pod: Rec, envs: Record<string, string>): void {
  const sidecar = findInPod(PROXY, pod);
  const keys = Object.keys(envs).sort();
  if (!sidecar || keys.length === 0) {
    return;
  }
  const env = (Array.isArray(sidecar['env']) ? (sidecar['env'].filter(isRec) as Rec[]) : []).filter(
    (e) => envs[String(e['name'])] === undefined,
  );
  for (const k of keys) {
    env.push({ name: k, value: envs[k] });
  }
  sidecar['env'] = env;
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
