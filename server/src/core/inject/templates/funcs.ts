/**
 * The functions Istio's injection templates may call (pkg/kube/inject InjectionFuncmap): the sprig text functions
 * they use, then Istio's own, which replace sprig's where names collide (`indent` does not indent the first line,
 * `contains` takes the needle first, `omit`). Each follows the Go function's semantics, including its argument types:
 * a wrong type fails the template as Go's reflection would.
 */
import { formatValue, goQuote, goTypeName, isGoMap, isGoObject, isTrue, sortedKeys, stringMap } from '../../gotemplate';
import type { GoFunc, GoMap, GoObject } from '../../gotemplate';
import { proxyConfigJson } from '../config';
import { goJson } from '../goTypes';
import { goYamlText } from '../writer';
import { toPlainJson } from './goJson';
import { isProtoDuration } from './protoView';

type Rec = Record<string, unknown>;

export interface FuncOptions {
  /** What `env` reads: never the process environment (a template is untrusted data). */
  readonly env: Readonly<Record<string, string>>;
}

/** The most a function may build in one call: a template cannot make the server allocate without bound. */
const MAX_BUILT = 4 * 1024 * 1024;

function bounded(size: number, fn: string): void {
  if (size > MAX_BUILT) {
    throw new Error(`${fn} would build ${size} characters or items (at most ${MAX_BUILT})`);
  }
}

/** The longest list append/prepend/concat make: each copies the list, so a loop of them is quadratic (in Go too). */
const MAX_LIST = 10_000;

function grown(l: unknown[], fn: string): unknown[] {
  if (l.length > MAX_LIST) {
    throw new Error(`${fn} would make a list of ${l.length} items (at most ${MAX_LIST})`);
  }
  return l;
}

function pad(spaces: unknown, text: string, fn: string): string {
  const n = Math.max(0, int(spaces));
  bounded(n * (text.split('\n').length + 1), fn);
  return ' '.repeat(n);
}

function str(v: unknown, what = 'string'): string {
  if (typeof v === 'string') {
    return v;
  }
  if (v === null || v === undefined) {
    throw new Error(`invalid value; expected ${what}`);
  }
  throw new Error(`wrong type for value; expected ${what}; got ${goTypeName(v)}`);
}

function int(v: unknown): number {
  if (typeof v === 'bigint') {
    return Number(v);
  }
  if (v === null || v === undefined) {
    throw new Error('invalid value; expected int');
  }
  throw new Error(`wrong type for value; expected int; got ${goTypeName(v)}`);
}

function stringMapArg(v: unknown): Record<string, string> | undefined {
  if (v === null || v === undefined) {
    return undefined;
  }
  if (isGoMap(v)) {
    return v as Record<string, string>;
  }
  throw new Error(`wrong type for value; expected map[string]string; got ${goTypeName(v)}`);
}

function methodValue(obj: GoObject, name: string): unknown {
  const l = obj.lookup(name);
  if (!l) {
    throw new Error(`wrong type for value; expected struct with ${name}; got ${obj.goType}`);
  }
  return l.kind === 'field' ? l.value : l.call([]);
}

/** sprig's strval: strings as they are, Stringers through String, the rest as %v. */
function strval(v: unknown): string {
  if (typeof v === 'string') {
    return v;
  }
  if (v === null || v === undefined) {
    return '<nil>';
  }
  return formatValue(v);
}

/** sprig's empty: the zero value of its kind (a struct never is). */
function empty(v: unknown): boolean {
  if (isGoObject(v)) {
    return v.isNil;
  }
  return !isTrue(v);
}

function toInt64(v: unknown): bigint {
  switch (typeof v) {
    case 'bigint':
      return v;
    case 'number':
      return Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n;
    case 'boolean':
      return v ? 1n : 0n;
    case 'string': {
      const t = v.trim();
      if (/^[+-]?\d+$/.test(t)) {
        return BigInt(t);
      }
      const f = Number(t);
      return t !== '' && Number.isFinite(f) ? BigInt(Math.trunc(f)) : 0n;
    }
    default:
      return 0n;
  }
}

function toFloat64(v: unknown): number {
  if (typeof v === 'bigint') {
    return Number(v);
  }
  if (typeof v === 'number') {
    return v;
  }
  if (typeof v === 'string') {
    const f = Number(v.trim());
    return v.trim() !== '' && Number.isFinite(f) ? f : 0;
  }
  return typeof v === 'boolean' ? (v ? 1 : 0) : 0;
}

function list(v: unknown, fn: string): unknown[] {
  if (Array.isArray(v)) {
    return v;
  }
  throw new Error(`Cannot ${fn} on type ${v === null || v === undefined ? 'nil' : goTypeName(v)}`);
}

/** sprig's strslice, for join. */
function strslice(v: unknown): string[] {
  if (v === null || v === undefined) {
    return [];
  }
  if (Array.isArray(v)) {
    return v.filter((x) => x !== null && x !== undefined).map(strval);
  }
  return [strval(v)];
}

function mapArg(v: unknown, fn: string): GoMap {
  if (isGoMap(v)) {
    return v;
  }
  throw new Error(`${fn}: expected a map, got ${goTypeName(v)}`);
}

function base64Encode(s: string): string {
  let binary = '';
  for (const b of new TextEncoder().encode(s)) {
    binary += String.fromCharCode(b);
  }
  return btoa(binary);
}

function base64Decode(s: string): string {
  try {
    const binary = atob(s);
    return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch (e) {
    return (e as Error).message;
  }
}

/** A quantified group that holds a quantifier (`(a+)+`): exponential backtracking in JavaScript, linear in Go. */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[*+}](?:[^()\\]|\\.)*\)\s*[*+{?]/;
/** What Go's RE2 refuses and JavaScript's engine backtracks on: backreferences and lookaround. */
const NOT_RE2 = /\\[1-9]|\(\?<?[=!]/;

/**
 * A template's regular expression. Go's RE2 runs in linear time; JavaScript's engine does not, so a pattern that can
 * backtrack without bound (from an untrusted template) is refused instead of freezing the server.
 */
function regex(pattern: string): RegExp {
  if (NOT_RE2.test(pattern)) {
    throw new Error(`error parsing regexp: invalid or unsupported Perl syntax in ${JSON.stringify(pattern)}`);
  }
  if (NESTED_QUANTIFIER.test(pattern)) {
    throw new Error(`regexp ${JSON.stringify(pattern)} nests quantifiers, which this injector does not run (it could take exponential time)`);
  }
  try {
    return new RegExp(pattern);
  } catch (e) {
    throw new Error(`error parsing regexp: ${(e as Error).message}`);
  }
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

/** The function map, for one execution (the `env` it reads is the caller's). */
export function injectionFuncs(options: FuncOptions): Record<string, GoFunc> {
  const sprig: Record<string, GoFunc> = {
    default: (d, ...given) => (given.length === 0 || empty(given[0]) ? d : given[0]),
    empty: (v) => empty(v),
    coalesce: (...vs) => vs.find((v) => !empty(v)) ?? null,
    ternary: (vt, vf, cond) => (cond === true ? vt : vf),
    quote: (...vs) =>
      vs
        .filter((v) => v !== null && v !== undefined)
        .map((v) => goQuote(strval(v)))
        .join(' '),
    squote: (...vs) =>
      vs
        .filter((v) => v !== null && v !== undefined)
        .map((v) => `'${strval(v)}'`)
        .join(' '),
    cat: (...vs) =>
      vs
        .filter((v) => v !== null && v !== undefined)
        .map(strval)
        .join(' '),
    list: (...vs) => [...vs],
    append: (l, v) => grown([...list(l, 'push'), v], 'append'),
    push: (l, v) => grown([...list(l, 'push'), v], 'push'),
    prepend: (l, v) => grown([v, ...list(l, 'prepend')], 'prepend'),
    concat: (...ls) => grown(ls.flatMap((l) => (l === null ? [] : list(l, 'concat'))), 'concat'),
    first: (l) => (list(l, 'find first') as unknown[])[0] ?? null,
    last: (l) => {
      const a = list(l, 'find last');
      return a.length > 0 ? a[a.length - 1] : null;
    },
    rest: (l) => list(l, 'find rest').slice(1),
    initial: (l) => list(l, 'find initial').slice(0, -1),
    has: (needle, l) => (l === null ? false : list(l, 'find has').some((x) => x === needle)),
    without: (l, ...omit) => list(l, 'find without').filter((x) => !omit.includes(x)),
    uniq: (l) => list(l, 'find uniq').filter((x, i, a) => a.indexOf(x) === i),
    compact: (l) => list(l, 'compact').filter((x) => !empty(x)),
    join: (sep, v) => strslice(v).join(str(sep)),
    split: (sep, s) => {
      const out: Rec = {};
      str(s)
        .split(str(sep))
        .forEach((p, i) => {
          out[`_${i}`] = p;
        });
      return out;
    },
    splitList: (sep, s) => str(s).split(str(sep)),
    trim: (s) => str(s).trim(),
    trimAll: (cutset, s) => trimChars(str(s), str(cutset)),
    trimPrefix: (prefix, s) => (str(s).startsWith(str(prefix)) ? str(s).slice(str(prefix).length) : str(s)),
    trimSuffix: (suffix, s) =>
      str(suffix) !== '' && str(s).endsWith(str(suffix)) ? str(s).slice(0, -str(suffix).length) : str(s),
    trunc: (c, s) => {
      const n = int(c);
      const t = str(s);
      if (n < 0 && t.length + n > 0) {
        return t.slice(t.length + n);
      }
      return n >= 0 && t.length > n ? t.slice(0, n) : t;
    },
    upper: (s) => str(s).toUpperCase(),
    lower: (s) => str(s).toLowerCase(),
    title: (s) => str(s).replace(/(^|[\s])(\p{L})/gu, (_m, pre: string, c: string) => pre + c.toUpperCase()),
    replace: (old, nw, src) => str(src).split(str(old)).join(str(nw)),
    repeat: (count, s) => {
      const n = Math.max(0, int(count));
      bounded(n * str(s).length, 'repeat');
      return str(s).repeat(n);
    },
    substr: (start, end, s) => {
      const t = str(s);
      const a = int(start);
      const b = int(end);
      if (a < 0) {
        return t.slice(0, b);
      }
      if (b < 0 || b > t.length) {
        return t.slice(a);
      }
      return t.slice(a, b);
    },
    nospace: (s) => str(s).replace(/\s+/g, ''),
    hasPrefix: (pre, s) => str(s).startsWith(str(pre)),
    hasSuffix: (suf, s) => str(s).endsWith(str(suf)),
    nindent: (spaces, v) => {
      const p = pad(spaces, str(v), 'nindent');
      return `\n${p}${str(v).split('\n').join(`\n${p}`)}`;
    },
    toString: (v: unknown) => strval(v),
    toStrings: (v) => strslice(v),
    int: (v) => toInt64(v),
    int64: (v) => toInt64(v),
    float64: (v) => toFloat64(v),
    atoi: (s) => (/^[+-]?\d+$/.test(str(s).trim()) ? BigInt(str(s).trim()) : 0n),
    add: (...vs) => vs.reduce<bigint>((a, v) => a + toInt64(v), 0n),
    add1: (v) => toInt64(v) + 1n,
    sub: (a, b) => toInt64(a) - toInt64(b),
    mul: (a, ...vs) => vs.reduce<bigint>((acc, v) => acc * toInt64(v), toInt64(a)),
    div: (a, b) => {
      if (toInt64(b) === 0n) {
        throw new Error('runtime error: integer divide by zero');
      }
      return toInt64(a) / toInt64(b);
    },
    mod: (a, b) => {
      if (toInt64(b) === 0n) {
        throw new Error('runtime error: integer divide by zero');
      }
      return toInt64(a) % toInt64(b);
    },
    max: (a, ...vs) => vs.reduce<bigint>((m, v) => (toInt64(v) > m ? toInt64(v) : m), toInt64(a)),
    min: (a, ...vs) => vs.reduce<bigint>((m, v) => (toInt64(v) < m ? toInt64(v) : m), toInt64(a)),
    until: (n) => {
      const count = Math.max(0, int(n));
      bounded(count, 'until');
      return Array.from({ length: count }, (_, i) => BigInt(i));
    },
    dict: (...kv) => {
      const out: Rec = {};
      for (let i = 0; i < kv.length; i += 2) {
        out[strval(kv[i])] = i + 1 < kv.length ? kv[i + 1] : '';
      }
      return out;
    },
    set: (d, k, v) => {
      mapArg(d, 'set')[str(k)] = v;
      return d;
    },
    unset: (d, k) => {
      delete mapArg(d, 'unset')[str(k)];
      return d;
    },
    hasKey: (d, k) => Object.prototype.hasOwnProperty.call(mapArg(d, 'hasKey'), str(k)),
    get: (d, k) => {
      const m = mapArg(d, 'get');
      return Object.prototype.hasOwnProperty.call(m, str(k)) ? m[str(k)] : '';
    },
    keys: (...ds) => ds.flatMap((d) => sortedKeys(mapArg(d, 'keys'))),
    pick: (d, ...ks) => {
      const m = mapArg(d, 'pick');
      const out: Rec = {};
      for (const k of ks.map((x) => str(x))) {
        if (Object.prototype.hasOwnProperty.call(m, k)) {
          out[k] = m[k];
        }
      }
      return out;
    },
    sortAlpha: (v) => [...strslice(v)].sort(),
    b64enc: (s) => base64Encode(str(s)),
    b64dec: (s) => base64Decode(str(s)),
    regexMatch: (re, s) => regex(str(re)).test(str(s)),
    regexFind: (re, s) => regex(str(re)).exec(str(s))?.[0] ?? '',
    regexReplaceAll: (re, s, repl) =>
      str(s).replace(new RegExp(regex(str(re)).source, 'g'), str(repl).replace(/\$\{?(\w+)\}?/g, '$$<$1>').replace(/\$<(\d+)>/g, '$$$1')),
    toJson: (v) => goJson(toPlainJson(v)),
    toPrettyJson: (v) => prettyGoJson(toPlainJson(v)),
    kindOf: (v) => kindOf(v),
    typeOf: (v) => goTypeName(v),
    fail: (msg) => {
      throw new Error(str(msg));
    },
  };

  const istio: Record<string, GoFunc> = {
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
      const v = options.env[str(key)];
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
  return { ...sprig, ...istio };
}

function trimChars(s: string, cutset: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && cutset.includes(s[a] as string)) {
    a++;
  }
  while (b > a && cutset.includes(s[b - 1] as string)) {
    b--;
  }
  return s.slice(a, b);
}

function prettyGoJson(v: unknown): string {
  return (JSON.stringify(v, null, 2) ?? 'null')
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

function kindOf(v: unknown): string {
  if (v === null || v === undefined) {
    return 'invalid';
  }
  if (Array.isArray(v)) {
    return 'slice';
  }
  if (isGoObject(v)) {
    return v.goType.startsWith('*') ? 'ptr' : 'struct';
  }
  if (isGoMap(v)) {
    return 'map';
  }
  return goTypeName(v);
}

/** The names Istio's templates may call, for the parser. */
export const INJECTION_FUNC_NAMES: ReadonlySet<string> = new Set(Object.keys(injectionFuncs({ env: {} })));
