/**
 * What a pod injected before carries back into a new injection: the `sidecar.istio.io/status` annotation naming the
 * injected containers (stripped before rendering, written after), and `proxy.istio.io/overrides`, the user's own
 * customisations of injected containers, re-applied over the template's.
 */
import { isRec } from '../plainData';
import type { Rec } from '../plainData';
import { A } from './annotations';
import { clone, type TemplateFlavor } from './config';
import { goJson } from './goEncoding';
import { goNormalize } from './goTypes';
import { clearPrometheusAnnotations, prometheusPort } from './prometheus';
import { containers, findContainer, findInPod, meshStatusPort, metaOf, specOf, stringMap } from './podFields';
import { strategicMergePod } from './smp';

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

/** stripPod: a previously injected pod, as the template must see it (injected containers removed). */
export function stripPod(pod: Rec, mesh: Rec): Rec {
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

export interface Overrides {
  containers: Rec[];
  initContainers: Rec[];
}

export function parseOverrides(pod: Rec): Overrides | string {
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
export function reinsertOverrides(pod: Rec, overrides: Overrides): Rec {
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

export function statusAnnotation(templateSpec: Rec, revision: string): string {
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
export function reapplyOverwritten(
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
