import { isMap, isNode, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node } from 'yaml';
import type { ValueSpec } from './keys';
import { editDistance } from './keys';

/** Why a value does not have its form, and where in the value (offsets into the value string) when known. */
export interface ValueProblem {
  readonly message: string;
  readonly at?: { readonly start: number; readonly end: number };
}

/** Why a value does not have its annotation's form; undefined when it does. */
export function valueProblem(spec: ValueSpec, value: string): ValueProblem | undefined {
  const p = problemOf(spec, value);
  return typeof p === 'string' ? { message: p } : p;
}

function problemOf(spec: ValueSpec, value: string): string | ValueProblem | undefined {
  switch (spec.type) {
    case 'boolean':
      if (spec.go ? GO_BOOLS.has(value) : value === 'true' || value === 'false') {
        return undefined;
      }
      return `"${value}" is not a boolean`;
    case 'enum':
      return !spec.strict || spec.values.includes(value) ? undefined : `"${value}" is not an allowed value`;
    case 'ports':
      return spec.wildcard && value === '*' ? undefined : portListProblem(value);
    case 'port':
      return portProblem(value);
    case 'cidrs':
      return spec.wildcard && value === '*' ? undefined : cidrListProblem(value);
    case 'duration':
      return GO_DURATION.test(value) ? undefined : `"${value}" is not a duration`;
    case 'integer': {
      if (!/^\d+$/.test(value)) {
        return `"${value}" is not a whole number`;
      }
      const n = Number(value);
      return n < spec.min || n > spec.max ? `${value} is outside ${spec.min}–${spec.max}` : undefined;
    }
    case 'quantity':
      return QUANTITY.test(value) ? undefined : `"${value}" is not a Kubernetes quantity`;
    case 'json':
      return jsonProblem(value, spec.shapes);
    case 'proxyConfig':
      return proxyConfigProblem(value);
    case 'list':
    case 'text':
      return undefined;
  }
}

/** What a value of this form looks like, for messages: "a comma-separated list of ports, or *". */
export function expectedForm(spec: ValueSpec): string {
  switch (spec.type) {
    case 'boolean':
      return '"true" or "false"';
    case 'enum':
      return `one of ${spec.values.map((v) => `"${v}"`).join(', ')}`;
    case 'ports':
      return `comma-separated port numbers (0–65535)${spec.wildcard ? ', or "*" for all ports' : ''}, e.g. "8080,9090"`;
    case 'port':
      return 'a port number (0–65535)';
    case 'cidrs':
      return `comma-separated CIDR ranges without spaces${spec.wildcard ? ', or "*" for all' : ''}, e.g. "10.0.0.0/8,172.16.0.0/12"`;
    case 'duration':
      return 'a duration such as "5s", "1m30s" or "250ms"';
    case 'integer':
      return spec.max >= 4294967295 ? `a whole number from ${spec.min}` : `a whole number from ${spec.min} to ${spec.max}`;
    case 'quantity':
      return 'a Kubernetes quantity such as "100m", "2", "128Mi" or "1Gi"';
    case 'json':
      return `JSON (${spec.shapes.map((s) => (s === 'array' ? 'an array' : 'an object')).join(' or ')})`;
    case 'proxyConfig':
      return 'ProxyConfig fields as YAML or JSON, e.g. a block scalar "holdApplicationUntilProxyStarts: true"';
    case 'list':
      return 'a comma-separated list';
    case 'text':
      return 'text';
  }
}

/** The values a completion may offer for a form: enum members and booleans. */
export function valueChoices(spec: ValueSpec): readonly string[] {
  switch (spec.type) {
    case 'boolean':
      return ['true', 'false'];
    case 'enum':
      return spec.values;
    case 'list':
    case 'text':
      return spec.examples ?? [];
    case 'ports':
    case 'cidrs':
      return spec.wildcard ? ['*'] : [];
    default:
      return [];
  }
}

/** Allowed values close to a wrong one (a case slip or a letter or two), best first: candidates for a quick fix. */
export function closeChoices(spec: ValueSpec, value: string): string[] {
  const choices = spec.type === 'boolean' || (spec.type === 'enum' && spec.strict) ? valueChoices(spec) : [];
  return choices
    .map((c) => ({ c, d: editDistance(value, c) }))
    .filter((x) => x.d <= Math.min(2, Math.floor(x.c.length / 3)))
    .sort((a, b) => a.d - b.d)
    .map((x) => x.c);
}

/** Go's `strconv.ParseBool` spellings. */
const GO_BOOLS: ReadonlySet<string> = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go's `time.ParseDuration` grammar: `[-+]` then number+unit pairs, or a bare `0`. */
const GO_DURATION = /^[-+]?(?:0|(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;

/** Kubernetes `resource.Quantity`: a signed decimal with a binary (Ki…) or decimal (m, k, M…) suffix or an exponent. */
const QUANTITY = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** As Istio's injector parses ports: each comma-separated item, trimmed, is an unsigned 16-bit number; empty is none. */
function portListProblem(value: string): ValueProblem | undefined {
  if (value.trim() === '') {
    return undefined;
  }
  let start = 0;
  for (const item of value.split(',')) {
    const p = portProblem(item);
    if (p) {
      const lead = item.length - item.trimStart().length;
      const len = item.trim().length;
      // An empty item is shown by the commas around it.
      const at =
        len > 0
          ? { start: start + lead, end: start + lead + len }
          : { start: Math.max(0, start - 1), end: Math.min(value.length, start + item.length + 1) };
      return { message: p, at };
    }
    start += item.length + 1;
  }
  return undefined;
}

function portProblem(item: string): string | undefined {
  const t = item.trim();
  if (!/^\d+$/.test(t)) {
    return t === '' ? 'an item of the list is empty' : `"${t}" is not a port number`;
  }
  return Number(t) > 65535 ? `${t} is not a port number (0–65535)` : undefined;
}

/** As Go's `netip.ParsePrefix` on each comma-separated item (no trimming: a space after a comma is an error). */
function cidrListProblem(value: string): ValueProblem | undefined {
  if (value === '') {
    return undefined;
  }
  let start = 0;
  for (const item of value.split(',')) {
    if (!isPrefix(item)) {
      const message =
        item.trim() !== item
          ? `"${item}" has spaces around it (Istio reads the list as written, without trimming)`
          : `"${item}" is not a CIDR range (address/bits)`;
      return { message, at: { start, end: start + item.length } };
    }
    start += item.length + 1;
  }
  return undefined;
}

/** True for `a.b.c.d/n` (0–32) or an IPv6 address with `/n` (0–128), as Go's netip accepts them. */
export function isPrefix(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash < 0) {
    return false;
  }
  const addr = text.slice(0, slash);
  const bits = text.slice(slash + 1);
  if (!/^(?:0|[1-9]\d{0,2})$/.test(bits)) {
    return false;
  }
  if (isIPv4(addr)) {
    return Number(bits) <= 32;
  }
  return isIPv6(addr) && Number(bits) <= 128;
}

function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(?:0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

function isIPv6(s: string): boolean {
  if (s.includes('%')) {
    return false; // zones are refused in prefixes
  }
  let groups = s;
  let extra = 0;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    if (!isIPv4(s.slice(lastColon + 1))) {
      return false;
    }
    groups = s.slice(0, lastColon + 1) + '0';
    extra = 1; // the IPv4 tail fills two groups; one is stood in by the 0 above
  }
  const halves = groups.split('::');
  if (halves.length > 2) {
    return false;
  }
  const count = (h: string): number | undefined => {
    if (h === '') {
      return 0;
    }
    const gs = h.split(':');
    return gs.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)) ? gs.length : undefined;
  };
  const n = halves.map(count);
  if (n.some((x) => x === undefined)) {
    return false;
  }
  const total = (n[0] ?? 0) + (n[1] ?? 0) + extra;
  return halves.length === 2 ? total <= 7 : total === 8;
}

function jsonProblem(value: string, shapes: readonly ('array' | 'object')[]): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value) as unknown;
  } catch (e) {
    return `it is not valid JSON (${e instanceof Error ? e.message : String(e)})`;
  }
  const shape = Array.isArray(parsed) ? 'array' : typeof parsed === 'object' && parsed !== null ? 'object' : 'other';
  return (shapes as readonly string[]).includes(shape) ? undefined : `it is JSON but not ${shapes.map((s) => `an ${s}`).join(' or ')}`;
}

/** ProxyConfig fields whose JSON type Istio checks when it reads the annotation (unknown fields are allowed). */
const PROXY_CONFIG_FIELDS: Readonly<Record<string, 'duration' | 'integer' | 'boolean' | 'string' | 'object' | 'stringMap' | 'list' | `enum:${string}`>> = {
  configPath: 'string',
  binaryPath: 'string',
  serviceCluster: 'string',
  drainDuration: 'duration',
  parentShutdownDuration: 'duration',
  terminationDrainDuration: 'duration',
  discoveryRefreshDelay: 'duration',
  connectTimeout: 'duration',
  fileFlushInterval: 'duration',
  discoveryAddress: 'string',
  statsdUdpAddress: 'string',
  proxyAdminPort: 'integer',
  statusPort: 'integer',
  concurrency: 'integer',
  statNameLength: 'integer',
  fileFlushMinSizeKb: 'integer',
  controlPlaneAuthPolicy: 'enum:NONE,MUTUAL_TLS,INHERIT',
  interceptionMode: 'enum:REDIRECT,TPROXY,NONE',
  customConfigFile: 'string',
  proxyBootstrapTemplatePath: 'string',
  holdApplicationUntilProxyStarts: 'boolean',
  proxyMetadata: 'stringMap',
  runtimeValues: 'stringMap',
  tracing: 'object',
  proxyStatsMatcher: 'object',
  readinessProbe: 'object',
  image: 'object',
  gatewayTopology: 'object',
  proxyHeaders: 'object',
  envoyAccessLogService: 'object',
  envoyMetricsService: 'object',
  privateKeyProvider: 'object',
  extraStatTags: 'list',
};

/** As Istio reads `proxy.istio.io/config`: YAML to JSON, then into ProxyConfig, where known fields must have their type. */
function proxyConfigProblem(value: string): string | ValueProblem | undefined {
  const doc = parseDocument(value, { prettyErrors: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    return `it is not valid YAML (${err.message.split('\n')[0] ?? ''})`;
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
    return undefined;
  }
  if (!isMap(root)) {
    return 'it is not a mapping of ProxyConfig fields';
  }
  for (const item of root.items) {
    const key = isScalar(item.key) ? String(item.key.value) : undefined;
    const kind = key === undefined ? undefined : PROXY_CONFIG_FIELDS[key];
    if (key === undefined || kind === undefined) {
      continue;
    }
    const problem = fieldProblem(kind, item.value as Node | null);
    if (problem) {
      const k = isNode(item.key) ? item.key.range : undefined;
      const v = isNode(item.value) ? item.value.range : undefined;
      const at = k ? { start: k[0], end: v && v[1] > k[1] ? v[1] : k[1] } : undefined;
      return at ? { message: `field ${key} ${problem}`, at } : `field ${key} ${problem}`;
    }
  }
  return undefined;
}

function fieldProblem(kind: string, node: Node | null): string | undefined {
  if (node === null || (isScalar(node) && node.value === null)) {
    return undefined;
  }
  const v: unknown = isScalar(node) ? node.value : undefined;
  switch (kind) {
    case 'duration':
      // protobuf JSON durations: seconds with an "s" suffix only ("1m" is refused).
      return typeof v === 'string' && /^-?\d+(\.\d{1,9})?s$/.test(v) ? undefined : 'must be seconds with an "s" suffix, e.g. "45s" or "0.5s"';
    case 'integer':
      return (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^-?\d+$/.test(v))
        ? undefined
        : 'must be a whole number';
    case 'boolean':
      return typeof v === 'boolean' ? undefined : 'must be true or false (unquoted)';
    case 'string':
      return isScalar(node) && v !== undefined ? undefined : 'must be a string';
    case 'object':
      return isMap(node) ? undefined : 'must be a mapping';
    case 'list':
      return isSeq(node) ? undefined : 'must be a list';
    case 'stringMap': {
      if (!isMap(node)) {
        return 'must be a mapping of names to strings';
      }
      for (const it of node.items) {
        if (!isScalar(it.value) || typeof it.value.value !== 'string') {
          const name = isScalar(it.key) ? String(it.key.value) : '?';
          return `has ${name} set to a non-string; quote it (e.g. "true")`;
        }
      }
      return undefined;
    }
    default: {
      const allowed = kind.slice('enum:'.length).split(',');
      return typeof v === 'string' && allowed.includes(v) ? undefined : `must be one of ${allowed.join(', ')}`;
    }
  }
}

/** YAML 1.1 spellings that Kubernetes' YAML reader takes for booleans, not strings. */
const YAML11_BOOL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const YAML_NUMBER = /^[-+]?(?:\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.Inf|\.INF|\.nan|\.NaN|\.NAN)$/;

/**
 * What Kubernetes would read an unquoted value as when it is not a string (`true`, `yes`, `15020`): annotation and
 * label values must be strings, so `kubectl apply` refuses them. Undefined for strings and quoted values.
 */
export function nonStringReading(node: unknown, text: string): 'boolean' | 'number' | undefined {
  if (!isScalar(node) || node.type !== 'PLAIN' || !node.range) {
    return undefined;
  }
  const source = text.slice(node.range[0], node.range[1]);
  if (YAML11_BOOL.test(source)) {
    return 'boolean';
  }
  return YAML_NUMBER.test(source) ? 'number' : undefined;
}
