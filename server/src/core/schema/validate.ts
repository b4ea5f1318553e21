import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import { withoutBom } from '../byteOrderMark';
import { deref } from '../yaml/aliases';
import type { JsonType, PreparedSchema } from './prepare';

/**
 * Validates a YAML node tree against a prepared structural schema, reading values as Kubernetes reads YAML (the
 * parser already resolved them by YAML 1.1's rules: `0400` is the number 256, `yes` the boolean true), with
 * Kubernetes' leniencies: `null` is accepted anywhere (the API server prunes it), int-or-string takes both, unknown
 * keys are accepted under `x-kubernetes-preserve-unknown-fields`. Never throws; bounded work on any input.
 */

/** A place in the value: map keys and list indexes. */
export type SchemaPath = readonly (string | number)[];

/** One way a value breaks its schema. */
export interface SchemaError {
  /** Where, from the validated root. */
  readonly path: SchemaPath;
  /** The node to report on: a key (unknown field, missing field: the key holding the map) or a value. */
  readonly node: Node | undefined;
  /** Whether `node` is a key or a value. */
  readonly on: 'key' | 'value';
  /** What was expected, in a sentence without the path (`expected a string, got the number 256`). */
  readonly message: string;
  /** The first sentence of the description of the schema broken (the field's), when it has one. */
  readonly description: string | undefined;
  /**
   * `unknown-field`: a key no schema describes, which the API server drops (or refuses under strict field
   * validation, kubectl's default since 1.27) and Istio never reads; `invalid`: anything else, refused.
   */
  readonly problem: 'unknown-field' | 'invalid';
}

/** How to validate. */
export interface ValidateOptions {
  /** The root is a Kubernetes object: `apiVersion`, `kind` and `metadata` are implied (not described by CRDs). */
  readonly objectRoot?: boolean;
  /** Top-level keys not checked at all (e.g. `status`, written by controllers). */
  readonly skipRootKeys?: readonly string[];
  /** At most this many errors (default 100). */
  readonly maxErrors?: number;
  /** At most this many nodes visited (default 200,000): aliases can make a small text a huge tree. */
  readonly maxNodes?: number;
}

const OBJECT_META_KEYS = ['apiVersion', 'kind', 'metadata'];

/** Validates `root` (a YAML node, aliases followed) against `schema`. */
export function validateNode(schema: PreparedSchema, root: unknown, options: ValidateOptions = {}): SchemaError[] {
  const run = new Run(options.maxErrors ?? 100, options.maxNodes ?? 200_000);
  const skip = new Set([...(options.objectRoot ? OBJECT_META_KEYS : []), ...(options.skipRootKeys ?? [])]);
  run.walk(schema, root, undefined, [], { skipKeys: skip, branch: false });
  return run.errors;
}

interface WalkMode {
  /** Keys of this map not checked. */
  readonly skipKeys: ReadonlySet<string> | undefined;
  /** Inside an allOf/anyOf/oneOf/not branch: only what the branch names is checked, unknown keys are not errors. */
  readonly branch: boolean;
}

const NO_SKIP: WalkMode = { skipKeys: undefined, branch: false };
const BRANCH: WalkMode = { skipKeys: undefined, branch: true };
const EMBEDDED_SKIP = new Set(OBJECT_META_KEYS);

/** One map entry, merge keys (`<<`) resolved: the key as Kubernetes reads it, its key node and value. */
interface Entry {
  readonly key: string;
  readonly keyNode: Node | undefined;
  readonly value: unknown;
}

class Run {
  readonly errors: SchemaError[] = [];
  private visited = 0;

  constructor(
    private readonly maxErrors: number,
    private readonly maxNodes: number,
  ) {}

  private full(): boolean {
    return this.errors.length >= this.maxErrors || this.visited > this.maxNodes;
  }

  /** `schema` is the one broken, its description goes with the error; undefined for a key no schema describes. */
  private error(path: SchemaPath, node: Node | undefined, on: 'key' | 'value', message: string, schema: PreparedSchema | undefined): void {
    if (this.errors.length < this.maxErrors) {
      this.errors.push({ path, node, on, message, description: schema?.summary, problem: schema ? 'invalid' : 'unknown-field' });
    }
  }

  /**
   * Checks one value. `keyNode` is the key holding it (where a missing field is reported), `path` where it is.
   */
  walk(schema: PreparedSchema, raw: unknown, keyNode: Node | undefined, path: SchemaPath, mode: WalkMode): void {
    if (this.full()) {
      return;
    }
    this.visited++;
    const node = deref(raw);
    if (node === undefined || node === null || (isScalar(node) && (node.value === null || node.value === undefined))) {
      return; // null: pruned by the API server unless nullable, never an error.
    }
    const value = isScalar(node) ? node.value : undefined;
    const actual = jsonType(node);
    if (actual === undefined) {
      return; // an unresolved alias or a tag the parser left as an object: nothing to judge.
    }
    const asNode = node as Node;
    if (schema.types && !typeAccepted(schema.types, actual)) {
      this.error(path, asNode, 'value', `expected ${typeList(schema.types)}, got ${describe(asNode, actual)}`, schema);
      return;
    }
    if (schema.enumValues && (actual === 'string' || actual === 'integer' || actual === 'number' || actual === 'boolean')) {
      if (!schema.enumValues.has(value)) {
        this.error(path, asNode, 'value', `expected one of ${enumText(schema.enumList)}, got ${quote(value)}`, schema);
      }
    }
    if (actual === 'string' && typeof value === 'string') {
      this.checkString(schema, value, asNode, path);
    } else if ((actual === 'integer' || actual === 'number') && typeof value === 'number') {
      this.checkNumber(schema, value, asNode, path);
    } else if (actual === 'object' && isMap(node)) {
      this.checkMap(schema, node, keyNode, path, mode);
    } else if (actual === 'array' && isSeq(node)) {
      const n = node.items.length;
      if (schema.minItems !== undefined && n < schema.minItems) {
        this.error(path, asNode, 'value', `expected at least ${schema.minItems} item(s), got ${n}`, schema);
      }
      if (schema.maxItems !== undefined && n > schema.maxItems) {
        this.error(path, asNode, 'value', `expected at most ${schema.maxItems} item(s), got ${n}`, schema);
      }
      if (schema.items) {
        for (let i = 0; i < n && !this.full(); i++) {
          this.walk(schema.items, node.items[i], undefined, [...path, i], mode.branch ? BRANCH : NO_SKIP);
        }
      }
    }
    this.checkCombinators(schema, asNode, keyNode, path);
  }

  private checkString(schema: PreparedSchema, value: string, node: Node, path: SchemaPath): void {
    if (schema.minLength !== undefined || schema.maxLength !== undefined) {
      const n = codePoints(value);
      if (schema.minLength !== undefined && n < schema.minLength) {
        this.error(path, node, 'value', `expected at least ${schema.minLength} character(s), got ${n}`, schema);
      }
      if (schema.maxLength !== undefined && n > schema.maxLength) {
        this.error(path, node, 'value', `expected at most ${schema.maxLength} character(s), got ${n}`, schema);
      }
    }
    if (schema.pattern && !schema.pattern.test(value)) {
      this.error(path, node, 'value', `expected a string matching ${schema.patternText ?? ''}, got ${quote(value)}`, schema);
    }
    const format = schema.format;
    if (format !== undefined && FORMATS[format] && !FORMATS[format](value)) {
      this.error(path, node, 'value', `expected a ${FORMAT_NAMES[format] ?? format}, got ${quote(value)}`, schema);
    }
  }

  private checkNumber(schema: PreparedSchema, value: number, node: Node, path: SchemaPath): void {
    const { minimum, maximum } = schema;
    if (minimum !== undefined && (schema.exclusiveMinimum ? value <= minimum : value < minimum)) {
      this.error(path, node, 'value', `expected a value ${schema.exclusiveMinimum ? '>' : '≥'} ${minimum}, got ${value}`, schema);
    }
    if (maximum !== undefined && (schema.exclusiveMaximum ? value >= maximum : value > maximum)) {
      this.error(path, node, 'value', `expected a value ${schema.exclusiveMaximum ? '<' : '≤'} ${maximum}, got ${value}`, schema);
    }
  }

  private checkMap(schema: PreparedSchema, map: YAMLMap, keyNode: Node | undefined, path: SchemaPath, mode: WalkMode): void {
    const entries = mapEntries(map);
    const present = new Set<string>();
    const skip = schema.embedded ? EMBEDDED_SKIP : mode.skipKeys;
    for (const e of entries) {
      if (this.full()) {
        return;
      }
      present.add(e.key);
      if (skip?.has(e.key)) {
        continue;
      }
      const child = schema.properties?.get(e.key) ?? schema.additional;
      if (child) {
        this.walk(child, e.value, e.keyNode, [...path, e.key], mode.branch ? BRANCH : NO_SKIP);
      } else if (!mode.branch && !schema.unknownFieldsAllowed && (schema.properties !== undefined || schema.types?.has('object'))) {
        this.error([...path, e.key], e.keyNode, 'key', unknownField(e.key, schema), undefined);
      }
    }
    const missing = schema.required.filter((r) => !present.has(r));
    if (missing.length > 0) {
      const what = missing.map((m) => `\`${m}\``).join(', ');
      const target = keyNode ?? map;
      this.error(path, target, keyNode ? 'key' : 'value', `${what} ${missing.length === 1 ? 'is' : 'are'} required`, schema);
    }
    const n = present.size;
    if (schema.minProperties !== undefined && n < schema.minProperties) {
      this.error(path, keyNode ?? map, keyNode ? 'key' : 'value', `expected at least ${schema.minProperties} entr${schema.minProperties === 1 ? 'y' : 'ies'}, got ${n}`, schema);
    }
    if (schema.maxProperties !== undefined && n > schema.maxProperties) {
      this.error(path, map, 'value', `expected at most ${schema.maxProperties} entries, got ${n}`, schema);
    }
  }

  private checkCombinators(schema: PreparedSchema, node: Node, keyNode: Node | undefined, path: SchemaPath): void {
    if (this.full()) {
      return;
    }
    for (const branch of schema.allOf) {
      this.walk(branch, node, keyNode, path, BRANCH);
    }
    if (schema.anyOf.length > 0 && !schema.anyOf.some((b) => this.passes(b, node))) {
      this.error(path, node, 'value', `expected ${alternatives(schema.anyOf)}`, schema);
    }
    if (schema.oneOf.length > 0) {
      this.checkOneOf(schema, node, keyNode, path);
    }
    if (schema.not && this.passes(schema.not, node)) {
      const fields = requiredFields(schema.not);
      const message = fields ? `${list(fields, 'or')} must not be set here` : 'this value is not allowed here';
      this.error(path, node, 'value', message, schema);
    }
  }

  /**
   * Istio's CRDs write "at most one of these fields" as `oneOf: [{not: {anyOf: [{required: [a]}, {required: [b]}]}},
   * {required: [a]}, {required: [b]}]`: reported on the second field set, naming the others.
   */
  private checkOneOf(schema: PreparedSchema, node: Node, keyNode: Node | undefined, path: SchemaPath): void {
    const passing = schema.oneOf.filter((b) => this.passes(b, node)).length;
    if (passing === 1) {
      return;
    }
    const fieldSets = schema.oneOf.map(requiredFields);
    if (isMap(node) && fieldSets.every((f) => f !== undefined)) {
      const all = [...new Set(fieldSets.flat() as string[])];
      const set = mapEntries(node).filter((e) => all.includes(e.key));
      if (passing > 1 || set.length > 1) {
        const second = set[1] ?? set[0];
        const others = set.filter((e) => e !== second).map((e) => e.key);
        const message = others.length > 0
          ? `\`${second?.key ?? ''}\` cannot be set together with ${list(others, 'and')}: set only one of ${list(all, 'or')}`
          : `set only one of ${list(all, 'or')}`;
        this.error(second ? [...path, second.key] : path, second?.keyNode ?? node, second ? 'key' : 'value', message, schema);
        return;
      }
      this.error(path, keyNode ?? node, keyNode ? 'key' : 'value', `set one of ${list(all, 'or')}`, schema);
      return;
    }
    this.error(path, node, 'value', `expected exactly one of ${alternatives(schema.oneOf)}, got ${passing === 0 ? 'none' : passing}`, schema);
  }

  /** True when the value meets the branch (its errors are not kept). */
  private passes(branch: PreparedSchema, node: Node): boolean {
    const probe = new Run(1, Math.max(0, this.maxNodes - this.visited));
    probe.walk(branch, node, undefined, [], BRANCH);
    this.visited += probe.visited;
    return probe.errors.length === 0;
  }
}

/** The keys of a map as Kubernetes reads them, `<<` merges resolved (keys written in the map win), in order. */
export function mapEntries(map: YAMLMap): Entry[] {
  const out: Entry[] = [];
  const seen = new Set<string>();
  const merges: unknown[] = [];
  for (const item of map.items) {
    if (!isPair(item)) {
      continue;
    }
    const key = keyText(item);
    if (key === '<<' && isScalar(item.key)) {
      merges.push(item.value);
      continue;
    }
    if (key === undefined || seen.has(key)) {
      continue;
    }
    seen.add(key);
    out.push({ key, keyNode: item.key as Node, value: item.value });
  }
  for (const m of merges) {
    const v = deref(m);
    for (const src of isSeq(v) ? v.items.map(deref) : [v]) {
      if (isMap(src) && src !== map) {
        for (const item of src.items) {
          const key = isPair(item) ? keyText(item) : undefined;
          if (key !== undefined && key !== '<<' && !seen.has(key)) {
            seen.add(key);
            // Reported on the key in the map merged from: the place that writes it.
            out.push({ key, keyNode: (item as Pair).key as Node, value: (item as Pair).value });
          }
        }
      }
    }
  }
  return out;
}

function keyText(pair: Pair): string | undefined {
  const k = deref(pair.key);
  if (isScalar(k)) {
    const v = k.value;
    if (v === null || v === undefined) {
      return undefined;
    }
    return withoutBom(String(v));
  }
  return undefined;
}

function jsonType(node: unknown): JsonType | undefined {
  if (isMap(node)) {
    return 'object';
  }
  if (isSeq(node)) {
    return 'array';
  }
  if (!isScalar(node)) {
    return undefined;
  }
  const v = node.value;
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'bigint':
      return 'integer';
    case 'number':
      return Number.isInteger(v) ? 'integer' : 'number';
    default:
      // `!!binary` is base64 text to Kubernetes.
      return v instanceof Uint8Array ? 'string' : undefined;
  }
}

function typeAccepted(types: ReadonlySet<JsonType>, actual: JsonType): boolean {
  return types.has(actual) || (actual === 'integer' && types.has('number'));
}

const ARTICLE: Readonly<Record<JsonType, string>> = {
  object: 'a map',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true or false)',
};

function typeList(types: ReadonlySet<JsonType>): string {
  return [...types].map((t) => ARTICLE[t]).join(' or ');
}

/** What the value is, saying how Kubernetes read a plain scalar when that differs from how it looks. */
function describe(node: Node, actual: JsonType): string {
  if (!isScalar(node)) {
    return ARTICLE[actual];
  }
  const v = node.value;
  const source = (node as { source?: unknown }).source;
  const written = typeof source === 'string' ? source : undefined;
  const plain = node.type === 'PLAIN' || node.type === undefined;
  if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'bigint') {
    const what = typeof v === 'boolean' ? `the boolean ${String(v)}` : `the number ${String(v)}`;
    if (plain && written !== undefined && written !== String(v)) {
      return `\`${written}\`, which Kubernetes reads as ${what} (quote it to make it a string)`;
    }
    return what;
  }
  return typeof v === 'string' ? `the string ${quote(v)}` : ARTICLE[actual];
}

function quote(v: unknown): string {
  const s = typeof v === 'string' ? v : String(v);
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 79)}…` : s);
}

function enumText(values: readonly unknown[]): string {
  const shown = values.slice(0, 12).map((v) => (typeof v === 'string' ? v : String(v)));
  return shown.join(', ') + (values.length > shown.length ? `, … (${values.length} values)` : '');
}

function list(items: readonly string[], word: 'and' | 'or'): string {
  const q = items.map((i) => `\`${i}\``);
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} ${word} ${q[q.length - 1] ?? ''}`;
}

/** The fields a branch names when it only requires fields (`{required: [a]}`, `{not: {anyOf: [{required: …}]}}`). */
function requiredFields(s: PreparedSchema): string[] | undefined {
  if (s.required.length > 0 && !s.types && !s.properties && s.anyOf.length === 0 && s.oneOf.length === 0 && !s.not) {
    return [...s.required];
  }
  const parts = s.not ? [s.not] : s.anyOf.length > 0 ? s.anyOf : undefined;
  if (!parts || s.required.length > 0 || s.types || s.properties) {
    return undefined;
  }
  const fields: string[] = [];
  for (const p of parts) {
    const f = requiredFields(p);
    if (!f) {
      return undefined;
    }
    fields.push(...f);
  }
  return fields;
}

function alternatives(branches: readonly PreparedSchema[]): string {
  const shapes = branches.map((b) => (b.types ? typeList(b.types) : requiredFields(b) ? `a map with ${list(requiredFields(b) ?? [], 'and')}` : 'another shape'));
  return [...new Set(shapes)].join(', or ');
}

function unknownField(key: string, schema: PreparedSchema): string {
  const known = schema.properties ? [...schema.properties.keys()] : [];
  const close = known.filter((k) => closeTo(key, k)).slice(0, 3);
  const hint = close.length > 0 ? ` (did you mean ${list(close, 'or')}?)` : known.length > 0 && known.length <= 12 ? ` (known fields: ${known.join(', ')})` : '';
  return `unknown field \`${key}\`${hint}: the API server drops it, or refuses the object under strict field validation`;
}

/** Same letters ignoring case and `_`/`-`, or at most 2 edits apart (for names of 4 characters or more). */
function closeTo(a: string, b: string): boolean {
  const norm = (s: string): string => s.toLowerCase().replace(/[-_]/g, '');
  if (norm(a) === norm(b)) {
    return true;
  }
  if (Math.min(a.length, b.length) < 4 || Math.abs(a.length - b.length) > 2 || a.length > 64 || b.length > 64) {
    return false;
  }
  return editDistance(a.toLowerCase(), b.toLowerCase()) <= 2;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 >= s.length) {
      n++;
    } else {
      n++;
      i++;
    }
  }
  return n;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function isIpv6(s: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.length > 45) {
    return false;
  }
  const v4 = s.includes('.') ? s.slice(s.lastIndexOf(':') + 1) : undefined;
  if (v4 !== undefined && !IPV4.test(v4)) {
    return false;
  }
  const head = v4 !== undefined ? s.slice(0, s.lastIndexOf(':') + 1) + '0:0' : s;
  const halves = head.split('::');
  if (halves.length > 2) {
    return false;
  }
  const groups = halves.map((h) => (h === '' ? [] : h.split(':')));
  if (groups.some((g) => g.some((x) => !/^[0-9a-fA-F]{1,4}$/.test(x)))) {
    return false;
  }
  const count = groups.reduce((n, g) => n + g.length, 0);
  return halves.length === 2 ? count < 8 : count === 8;
}

/** The string formats Kubernetes checks (kube-openapi's registry) that manifests meet in practice; others are not checked. */
const FORMATS: Readonly<Record<string, (s: string) => boolean>> = {
  'date-time': (s) => RFC3339.test(s),
  date: (s) => /^\d{4}-\d{2}-\d{2}$/.test(s),
  ipv4: (s) => IPV4.test(s),
  ipv6: isIpv6,
  cidr: (s) => {
    const [ip, bits, extra] = s.split('/');
    const n = bits !== undefined && /^\d{1,3}$/.test(bits) ? Number(bits) : -1;
    return extra === undefined && ip !== undefined && ((IPV4.test(ip) && n >= 0 && n <= 32) || (isIpv6(ip) && n >= 0 && n <= 128));
  },
  uuid: (s) => UUID.test(s),
  byte: (s) => BASE64.test(s),
};

const FORMAT_NAMES: Readonly<Record<string, string>> = {
  'date-time': 'RFC 3339 date-time',
  date: 'date (YYYY-MM-DD)',
  ipv4: 'IPv4 address',
  ipv6: 'IPv6 address',
  cidr: 'CIDR range',
  uuid: 'UUID',
  byte: 'base64 string',
};
