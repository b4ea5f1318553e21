/**
 * Istio's own injection functions (pkg/kube/inject InjectionFuncmap), which replace sprig's where names collide
 * (`indent` does not indent the first line, `contains` takes the needle first, `omit`, `toJson`).
 */
import { goTypeName, isGoMap, isGoObject, sortedKeys, stringMap } from '../../gotemplate';
import type { GoFunc, GoObject } from '../../gotemplate';
import type { Rec } from '../../plainData';
import { proxyConfigJson } from '../config';
import { goJson } from '../goEncoding';
import { goYamlText } from '../writer';
import { mapArg, methodValue, pad, str, stringMapArg, strval } from './funcArgs';
import { toPlainJson } from './goJson';
import { isProtoDuration } from './protoView';

/** Istio's functions; the template's `env` reads the given map (the caller's, never the process environment). */
export function istioFuncs(env: Readonly<Record<string, string>>): Record<string, GoFunc> {
  return {
    formatDuration: (d) => {
      if (d === null || (isProtoDuration(d) && d.isNil)) {
        return '0s';
      }
      if (!isProtoDuration(d)) {
        throw new Error(`wrong type for value; expected *durationpb.Duration; got ${goTypeName(d)}`);
      }
      return formatGoDuration(d.seconds, d.nanos);
    },
    isset: (m, key) => {
      const map = stringMapArg(m);
      return map !== undefined && Object.prototype.hasOwnProperty.call(map, str(key));
    },
    excludeInboundPort: (port, excluded) => excludeInboundPort(port, str(excluded)),
    includeInboundPorts: (containers) => containerPorts(containers, () => true),
    applicationPorts: (containers) => containerPorts(containers, (c) => methodValue(c, 'Name') !== 'istio-proxy'),
    kubevirtInterfaces: (s) => str(s),
    excludeInterfaces: (s) => str(s),
    annotation: (meta, name, def) => {
      if (!isGoObject(meta)) {
        throw new Error(`wrong type for value; expected v1.ObjectMeta; got ${goTypeName(meta)}`);
      }
      const annotations = stringMapArg(methodValue(meta, 'Annotations')) ?? {};
      const key = str(name);
      return Object.prototype.hasOwnProperty.call(annotations, key) ? annotations[key] : strval(def);
    },
    valueOrDefault: (value, def) => (value === '' || value === null || value === undefined ? def : value),
    toJSON: (m) => {
      const map = stringMapArg(m);
      return map === undefined ? '{}' : goJson(toPlainJson(map));
    },
    toJson: (m) => {
      const map = stringMapArg(m);
      return map === undefined ? '{}' : goJson(toPlainJson(map));
    },
    fromJSON: (j) => {
      try {
        return JSON.parse(str(j)) as unknown;
      } catch {
        return '{}';
      }
    },
    structToJSON: (v) => (v === null ? '{}' : goJson(toPlainJson(v))),
    protoToJSON: (v) => {
      if (v === null || !isGoObject(v) || v.isNil) {
        return '{}';
      }
      return v.goType === '*v1alpha1.ProxyConfig' ? proxyConfigJson(v.toJSON() as Rec) : goJson(v.toJSON());
    },
    toYaml: (v) => goYamlText(toPlainJson(v)),
    indent: (spaces, source) => {
      const p = pad(spaces, str(source), 'indent');
      return str(source)
        .split('\n')
        .map((line, i) => (i > 0 ? p + line : line))
        .join('\n');
    },
    directory: (p) => {
      const s = str(p);
      return s.slice(0, s.lastIndexOf('/') + 1);
    },
    contains: (needle, haystack) => str(haystack).includes(str(needle)),
    toLower: (s) => str(s).toLowerCase(),
    appendMultusNetwork: (existing, network) => appendMultusNetwork(str(existing), str(network)),
    env: (key, def) => {
      const v = env[str(key)];
      return v === undefined || v === '' ? str(def) : v;
    },
    omit: (d, ...ks) => {
      const m = mapArg(d, 'omit');
      const drop = new Set(ks.map((k) => str(k)));
      const out: Rec = {};
      for (const [k, v] of Object.entries(m)) {
        if (!drop.has(k)) {
          out[k] = v;
        }
      }
      return out;
    },
    strdict: (...kv) => {
      const out: Record<string, string> = {};
      for (let i = 0; i < kv.length; i += 2) {
        out[str(kv[i])] = i + 1 < kv.length ? str(kv[i + 1]) : '';
      }
      return stringMap(out);
    },
    toJsonMap: (...ms) => ({ ...mergeStringMaps(ms) }),
    mergeMaps: (...ms) => stringMap(mergeStringMaps(ms)),
    omitNil: (v: unknown) => omitNil(v),
    otelResourceAttributes: (m) => {
      const map = stringMapArg(m) ?? {};
      return sortedKeys(map)
        .map((k) => `${k}=${map[k]}`)
        .join(',');
    },
  };
}

/** time.Duration.String() of a proto Duration. */
export function formatGoDuration(seconds: bigint, nanos: bigint): string {
  const total = seconds * 1_000_000_000n + nanos;
  if (total === 0n) {
    return '0s';
  }
  const neg = total < 0n;
  let u = neg ? -total : total;
  const sign = neg ? '-' : '';
  if (u < 1_000_000_000n) {
    // Below a second Go switches to ns, µs or ms with a fraction.
    const [unit, scale] = u < 1000n ? ['ns', 1n] : u < 1_000_000n ? ['µs', 1000n] : ['ms', 1_000_000n];
    return sign + fraction(u, scale) + unit;
  }
  const h = u / 3_600_000_000_000n;
  u -= h * 3_600_000_000_000n;
  const m = u / 60_000_000_000n;
  u -= m * 60_000_000_000n;
  let out = sign;
  if (h > 0n) {
    out += `${h}h`;
  }
  if (h > 0n || m > 0n) {
    out += `${m}m`;
  }
  return `${out}${fraction(u, 1_000_000_000n)}s`;
}

function fraction(v: bigint, scale: bigint): string {
  const whole = v / scale;
  const rest = v % scale;
  if (rest === 0n) {
    return whole.toString();
  }
  const digits = scale.toString().length - 1;
  return `${whole}.${rest.toString().padStart(digits, '0').replace(/0+$/, '')}`;
}

/** excludeInboundPort: adds the port to a comma-separated list unless it is there (or is 0). */
export function excludeInboundPort(port: unknown, excluded: string): string {
  const portStr = strval(port).trim();
  if (portStr.length === 0 || portStr === '0') {
    return excluded;
  }
  const out: string[] = [];
  for (const p of excluded.split(',')) {
    if (p === portStr) {
      return excluded;
    }
    const t = p.trim();
    if (t.length > 0) {
      out.push(t);
    }
  }
  out.push(portStr);
  return out.join(',');
}

function containerPorts(containers: unknown, include: (c: GoObject) => boolean): string {
  const parts: string[] = [];
  for (const c of Array.isArray(containers) ? containers : []) {
    if (!isGoObject(c) || !include(c)) {
      continue;
    }
    const ports = methodValue(c, 'Ports');
    for (const p of Array.isArray(ports) ? ports : []) {
      if (!isGoObject(p)) {
        continue;
      }
      const protocol = methodValue(p, 'Protocol');
      if (protocol === 'UDP' || protocol === 'SCTP') {
        continue;
      }
      parts.push(strval(methodValue(p, 'ContainerPort')));
    }
  }
  return parts.join(',');
}

/**
 * appendMultusNetwork: adds Istio's CNI network to a Multus `k8s.v1.cni.cncf.io/networks` value, in its own form
 * (a JSON list gets `{"name": ..., "namespace": ...}`, a comma list `namespace/name`), unless it is there already.
 */
export function appendMultusNetwork(existing: string, network: string): string {
  if (existing === '') {
    return network;
  }
  const slash = network.indexOf('/');
  const name = slash < 0 ? network : network.slice(slash + 1);
  const namespace = slash < 0 ? undefined : network.slice(0, slash);
  const i = existing.lastIndexOf(']');
  if (i !== -1) {
    let nets: unknown;
    try {
      nets = JSON.parse(existing);
    } catch {
      return existing;
    }
    if (!Array.isArray(nets)) {
      return existing;
    }
    const present = nets.some(
      (n) =>
        isGoMap(n) &&
        (n as Rec)['name'] === name &&
        (namespace === undefined || (n as Rec)['namespace'] === undefined || (n as Rec)['namespace'] === namespace),
    );
    if (present) {
      return existing;
    }
    const entry = namespace === undefined ? `{"name": "${name}"}` : `{"name": "${name}", "namespace": "${namespace}"}`;
    return `${existing.slice(0, i)}, ${entry}${existing.slice(i)}`;
  }
  if (existing.split(',').some((n) => n.trim() === network)) {
    return existing;
  }
  return `${existing}, ${network}`;
}

function omitNil(v: unknown): unknown {
  if (v === null || v === undefined) {
    return {};
  }
  if (!isGoMap(v)) {
    return v;
  }
  const out: Rec = {};
  for (const [k, x] of Object.entries(v)) {
    if (x !== null && x !== undefined) {
      out[k] = isGoMap(x) ? omitNil(x) : x;
    }
  }
  return out;
}

function mergeStringMaps(maps: readonly unknown[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of maps) {
    Object.assign(out, stringMapArg(m) ?? {});
  }
  return out;
}
