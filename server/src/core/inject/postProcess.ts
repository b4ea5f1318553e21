/** The rest of istiod's postProcessPod after the merge: the init container's user, cluster envs, container order. */
import { isRec } from '../plainData';
import type { Rec } from '../plainData';
import { A } from './annotations';
import { truthy, valueAt, type TemplateFlavor } from './config';
import { containers, findContainer, findInPod, INIT, metaOf, PROXY, specOf, stringMap, VALIDATION } from './podFields';

const CORE_DUMP = 'enable-core-dump';

/** modifyContainers: moves (or removes) the container called `name`. */
function moveContainer(list: Rec[], name: string, where: 'first' | 'last'): Rec[] {
  const others = list.filter((c) => c['name'] !== name);
  const match = [...list].reverse().find((c) => c['name'] === name);
  if (!match) {
    return others;
  }
  return where === 'first' ? [match, ...others] : [...others, match];
}

export function adjustInitContainerUser(pod: Rec, original: Rec, proxyConfig: Rec): void {
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

export function reorder(pod: Rec, values: Rec, proxyConfig: Rec, flavor: TemplateFlavor): void {
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

export function updateClusterEnvs(pod: Rec, envs: Record<string, string>): void {
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
