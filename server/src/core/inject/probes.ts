/**
 * Application probe rewriting (pkg/kube/inject/app_probe.go): HTTP, TCP and gRPC probes of the app containers are
 * pointed at the agent's status port (`/app-health/<container>/readyz` ...), and the original probes are handed to
 * the agent in the `ISTIO_KUBE_APP_PROBERS` env var of the proxy. The newer injector also rewrites the
 * `postStart`/`preStop` HTTP and TCP hooks (`/app-lifecycle/<container>/...`).
 */
import { isRec } from '../plainData';
import type { Rec } from '../plainData';
import { A, parseGoBool } from './annotations';
import { goJson } from './goEncoding';
import { goNormalize, type GoFlavor } from './goTypes';

export const KUBE_APP_PROBERS = 'ISTIO_KUBE_APP_PROBERS';

function list(spec: Rec, field: string): Rec[] {
  const l = spec[field];
  return Array.isArray(l) ? (l.filter(isRec) as Rec[]) : [];
}

function proberUrls(container: string): {
  readyz: string;
  livez: string;
  startupz: string;
  prestopz: string;
  poststartz: string;
} {
  return {
    readyz: `/app-health/${container}/readyz`,
    livez: `/app-health/${container}/livez`,
    startupz: `/app-health/${container}/startupz`,
    prestopz: `/app-lifecycle/${container}/prestopz`,
    poststartz: `/app-lifecycle/${container}/poststartz`,
  };
}

/** ShouldRewriteAppHTTPProbers: the pod annotation wins over the values setting. */
export function shouldRewriteProbes(annotations: Record<string, string>, valuesSetting: boolean): boolean {
  const a = annotations[A.rewriteProbers];
  if (a !== undefined) {
    const b = parseGoBool(a);
    if (b !== undefined) {
      return b;
    }
  }
  return valuesSetting;
}

interface Prober {
  httpGet?: Rec;
  tcpSocket?: Rec;
  grpc?: Rec;
  timeoutSeconds?: number;
}

function toProber(handler: unknown, withTimeout: boolean): Prober | undefined {
  if (!isRec(handler)) {
    return undefined;
  }
  const timeout =
    withTimeout && typeof handler['timeoutSeconds'] === 'number' ? (handler['timeoutSeconds'] as number) : 0;
  const out: Prober = {};
  if (isRec(handler['httpGet'])) {
    out.httpGet = { ...(handler['httpGet'] as Rec) };
  } else if (isRec(handler['tcpSocket'])) {
    out.tcpSocket = { ...(handler['tcpSocket'] as Rec) };
  } else if (withTimeout && isRec(handler['grpc'])) {
    out.grpc = { ...(handler['grpc'] as Rec) };
  } else {
    return undefined;
  }
  if (timeout !== 0) {
    out.timeoutSeconds = timeout;
  }
  return out;
}

/** Inbound ports the newer injector limits probe hand-over to (empty set: all ports). */
function includedPorts(annotations: Record<string, string>): Set<number> {
  const out = new Set<number>();
  const include = annotations[A.includeInboundPorts];
  if (include !== undefined && include !== '' && include !== '*') {
    for (const p of include.split(',')) {
      const n = Number(p.trim());
      if (p.trim() !== '' && Number.isInteger(n)) {
        out.add(n);
      }
    }
  }
  return out;
}

function resolvePort(
  p: Prober,
  portMap: Map<string, number>,
  targetPort: number,
  included: Set<number>,
  flavor: GoFlavor,
): Prober | undefined {
  if (p.grpc) {
    const port = p.grpc['port'];
    if (included.size > 0 && typeof port === 'number' && !included.has(port)) {
      return undefined;
    }
    return p;
  }
  const action = p.httpGet ?? p.tcpSocket;
  if (!action) {
    return undefined;
  }
  const port = action['port'];
  let resolved: number | undefined;
  if (typeof port === 'string') {
    resolved = portMap.get(port);
    if (resolved === undefined && flavor === 'native' && /^\d+$/.test(port)) {
      resolved = Number(port);
    }
    if (resolved === undefined) {
      return undefined;
    }
  } else if (typeof port === 'number') {
    if (port === targetPort) {
      // already rewritten (re-injection)
      return undefined;
    }
    resolved = port;
  } else {
    return undefined;
  }
  if (flavor === 'native' && included.size > 0 && !included.has(resolved)) {
    return undefined;
  }
  action['port'] = resolved;
  return p;
}

function proberJson(p: Prober, flavor: GoFlavor): Rec {
  const out: Rec = {};
  if (p.httpGet) {
    out['httpGet'] = goNormalize(p.httpGet, 'HTTPGetAction', flavor);
  }
  if (p.tcpSocket) {
    const t: Rec = { port: p.tcpSocket['port'] ?? 0 };
    if (typeof p.tcpSocket['host'] === 'string' && p.tcpSocket['host'] !== '') {
      t['host'] = p.tcpSocket['host'];
    }
    out['tcpSocket'] = t;
  }
  if (p.grpc) {
    const g: Rec = { port: p.grpc['port'] ?? 0 };
    if (typeof p.grpc['service'] === 'string') {
      g['service'] = p.grpc['service'];
    }
    out['grpc'] = g;
  }
  if (p.timeoutSeconds) {
    out['timeoutSeconds'] = p.timeoutSeconds;
  }
  return out;
}

/** DumpAppProbers: the JSON for ISTIO_KUBE_APP_PROBERS, or '' when there is nothing to hand over. */
export function dumpAppProbers(pod: Rec, targetPort: number, flavor: GoFlavor): string {
  const spec = isRec(pod['spec']) ? (pod['spec'] as Rec) : {};
  const meta = isRec(pod['metadata']) ? (pod['metadata'] as Rec) : {};
  const annotations = (isRec(meta['annotations']) ? meta['annotations'] : {}) as Record<string, string>;
  const included = includedPorts(annotations);
  const out: Record<string, Rec> = {};
  for (const c of [...list(spec, 'initContainers'), ...list(spec, 'containers')]) {
    const name = String(c['name'] ?? '');
    if (name === 'istio-proxy') {
      continue;
    }
    const portMap = new Map<string, number>();
    for (const p of Array.isArray(c['ports']) ? (c['ports'] as unknown[]) : []) {
      if (isRec(p) && typeof p['name'] === 'string' && p['name'] !== '' && typeof p['containerPort'] === 'number') {
        portMap.set(p['name'] as string, p['containerPort'] as number);
      }
    }
    const urls = proberUrls(name);
    const add = (key: string, handler: unknown, withTimeout: boolean): void => {
      const p = toProber(handler, withTimeout);
      const r = p ? resolvePort(p, portMap, targetPort, included, flavor) : undefined;
      if (r) {
        out[key] = proberJson(r, flavor);
      }
    };
    add(urls.readyz, c['readinessProbe'], true);
    add(urls.livez, c['livenessProbe'], true);
    add(urls.startupz, c['startupProbe'], true);
    if (flavor === 'native' && isRec(c['lifecycle'])) {
      const lc = c['lifecycle'] as Rec;
      add(urls.prestopz, lc['preStop'], false);
      add(urls.poststartz, lc['postStart'], false);
    }
  }
  const keys = Object.keys(out).sort();
  if (keys.length === 0) {
    return '';
  }
  const sorted: Rec = {};
  for (const k of keys) {
    sorted[k] = out[k];
  }
  return goJson(sorted);
}

/** mergeOrAppendProbers: on re-injection, probers already handed over win over the recomputed ones. */
export function mergeOrAppendProbers(previouslyInjected: boolean, env: Rec[], probers: string): Rec[] {
  if (previouslyInjected) {
    const idx = env.findIndex((e) => e['name'] === KUBE_APP_PROBERS);
    if (idx >= 0) {
      const existing = env[idx] as Rec;
      let old: unknown;
      let fresh: unknown;
      try {
        old = JSON.parse(String(existing['value'] ?? ''));
        fresh = JSON.parse(probers);
      } catch {
        return env;
      }
      if (!isRec(old) || !isRec(fresh)) {
        return env;
      }
      const merged: Rec = { ...fresh, ...old };
      const sorted: Rec = {};
      for (const k of Object.keys(merged).sort()) {
        sorted[k] = merged[k];
      }
      const out = [...env];
      out[idx] = { name: KUBE_APP_PROBERS, value: goJson(sorted) };
      return out;
    }
  }
  return [...env, { name: KUBE_APP_PROBERS, value: probers }];
}

function rewriteAction(action: Rec, url: string, port: number): Rec {
  const out: Rec = { ...action, path: url, port };
  if (out['scheme'] === 'HTTPS') {
    out['scheme'] = 'HTTP';
  }
  return out;
}

function convertHandler(handler: unknown, url: string, port: number, allowGrpc: boolean): Rec | undefined {
  if (!isRec(handler)) {
    return undefined;
  }
  if (isRec(handler['httpGet'])) {
    return { ...handler, httpGet: rewriteAction(handler['httpGet'] as Rec, url, port) };
  }
  if (isRec(handler['tcpSocket']) || (allowGrpc && isRec(handler['grpc']))) {
    const out: Rec = {};
    for (const [k, v] of Object.entries(handler)) {
      if (k === 'tcpSocket' || k === 'grpc') {
        continue;
      }
      out[k] = v;
    }
    out['httpGet'] = { path: url, port };
    return out;
  }
  return undefined;
}

function convertContainer(c: Rec, port: number, flavor: GoFlavor): Rec {
  const urls = proberUrls(String(c['name'] ?? ''));
  const out: Rec = { ...c };
  const probes: [string, string][] = [
    ['readinessProbe', urls.readyz],
    ['livenessProbe', urls.livez],
    ['startupProbe', urls.startupz],
  ];
  for (const [field, url] of probes) {
    const p = convertHandler(c[field], url, port, true);
    if (p) {
      out[field] = p;
    }
  }
  if (flavor === 'native' && isRec(c['lifecycle'])) {
    const lc: Rec = { ...(c['lifecycle'] as Rec) };
    const pre = convertHandler(lc['preStop'], urls.prestopz, port, false);
    if (pre) {
      lc['preStop'] = pre;
    }
    const post = convertHandler(lc['postStart'], urls.poststartz, port, false);
    if (post) {
      lc['postStart'] = post;
    }
    out['lifecycle'] = lc;
  }
  return out;
}

/**
 * applyRewrite: hands the app probes to the agent and points them at the status port. `meshStatusPort` is the
 * mesh's proxy status port; the pod's `status.sidecar.istio.io/port` annotation overrides where probes point.
 */
export function rewriteAppProbes(pod: Rec, meshStatusPort: number, valuesSetting: boolean, flavor: GoFlavor): Rec {
  const meta = isRec(pod['metadata']) ? (pod['metadata'] as Rec) : {};
  const annotations = (isRec(meta['annotations']) ? meta['annotations'] : {}) as Record<string, string>;
  const spec = isRec(pod['spec']) ? (pod['spec'] as Rec) : {};
  const inContainers = list(spec, 'containers').some((c) => c['name'] === 'istio-proxy');
  const inInit = list(spec, 'initContainers').some((c) => c['name'] === 'istio-proxy');
  if ((!inContainers && !inInit) || !shouldRewriteProbes(annotations, valuesSetting)) {
    return pod;
  }
  const newSpec: Rec = { ...spec };
  const probers = dumpAppProbers(pod, meshStatusPort, flavor);
  if (probers !== '') {
    const field = inContainers ? 'containers' : 'initContainers';
    const previouslyInjected = annotations[A.status] !== undefined;
    newSpec[field] = (spec[field] as unknown[]).map((c) => {
      if (!isRec(c) || c['name'] !== 'istio-proxy') {
        return c;
      }
      const env = Array.isArray(c['env']) ? (c['env'].filter(isRec) as Rec[]) : [];
      return { ...c, env: mergeOrAppendProbers(previouslyInjected, env, probers) };
    });
  }
  let statusPort = meshStatusPort;
  const a = annotations[A.statusPort];
  if (a !== undefined) {
    statusPort = /^\s*\d+\s*$/.test(a) ? Number(a) : 0;
  }
  for (const field of ['containers', 'initContainers']) {
    const l = newSpec[field];
    if (Array.isArray(l)) {
      newSpec[field] = l.map((c) =>
        isRec(c) && c['name'] !== 'istio-proxy' ? convertContainer(c, statusPort, flavor) : c,
      );
    }
  }
  return { ...pod, spec: newSpec };
}
