import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import { deref } from '../yaml/aliases';
import { alternatives, describe, enumText, fieldNames, list, patternShown, quote, requiredFields, typeList, unknownField } from './errorText';
import { FORMAT_NAMES, FORMATS } from './formats';
import type { JsonType, PreparedSchema } from './prepare';
import { jsonType, mapEntries } from './yamlAsJson';

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
      this.error(path, node, 'value', `expected a string matching ${patternShown(schema.patternText ?? '')}, got ${quote(value)}`, schema);
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
      const what = fieldNames(missing);
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

function typeAccepted(types: ReadonlySet<JsonType>, actual: JsonType): boolean {
  return types.has(actual) || (actual === 'integer' && types.has('number'));
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
