/**
 * The OpenAPI v3 subset that Kubernetes structural schemas (a CustomResourceDefinition's `openAPIV3Schema`) use,
 * prepared once for validating many objects: property maps, compiled patterns, enum sets, summaries.
 *
 * Read: `type`, `properties`, `additionalProperties` (a schema or `true`), `items`, `required`, `enum`, `format`,
 * `pattern`, `minimum`/`maximum` (and the boolean `exclusive*` of OpenAPI 3.0), `minLength`/`maxLength`,
 * `minItems`/`maxItems`, `minProperties`/`maxProperties`, `allOf`/`anyOf`/`oneOf`/`not`, `nullable`,
 * `x-kubernetes-preserve-unknown-fields`, `x-kubernetes-int-or-string`, `x-kubernetes-embedded-resource`.
 * Not read: `x-kubernetes-validations` (CEL rules: not evaluated), `multipleOf`, `uniqueItems`, list-type keys,
 * `default` (defaulting changes nothing that is written).
 */

import { RE2JS } from 're2js';
import { isRec } from '../plainData';

/** A compiled `pattern` (`test` searches, as Go's `MatchString` does). */
export interface Pattern {
  test(input: string): boolean;
}

/** A JSON type as a schema names it. */
export type JsonType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

/** A schema node ready to validate against. */
export interface PreparedSchema {
  /** The types allowed; undefined when the schema names none (anything, as far as the type goes). */
  readonly types: ReadonlySet<JsonType> | undefined;
  readonly properties: ReadonlyMap<string, PreparedSchema> | undefined;
  /** The schema of the values of keys `properties` does not name (`additionalProperties: {…}`). */
  readonly additional: PreparedSchema | undefined;
  /** Keys nothing describes are accepted (`x-kubernetes-preserve-unknown-fields`, `additionalProperties: true`). */
  readonly unknownFieldsAllowed: boolean;
  /** An embedded object (`x-kubernetes-embedded-resource`): `apiVersion`, `kind`, `metadata` are implied. */
  readonly embedded: boolean;
  readonly items: PreparedSchema | undefined;
  readonly required: readonly string[];
  readonly enumValues: ReadonlySet<unknown> | undefined;
  /** The enum as written, for messages. */
  readonly enumList: readonly unknown[];
  readonly format: string | undefined;
  readonly pattern: Pattern | undefined;
  readonly patternText: string | undefined;
  readonly minimum: number | undefined;
  readonly maximum: number | undefined;
  readonly exclusiveMinimum: boolean;
  readonly exclusiveMaximum: boolean;
  readonly minLength: number | undefined;
  readonly maxLength: number | undefined;
  readonly minItems: number | undefined;
  readonly maxItems: number | undefined;
  readonly minProperties: number | undefined;
  readonly maxProperties: number | undefined;
  readonly allOf: readonly PreparedSchema[];
  readonly anyOf: readonly PreparedSchema[];
  readonly oneOf: readonly PreparedSchema[];
  readonly not: PreparedSchema | undefined;
  /** The first sentence of the description, when there is one. */
  readonly summary: string | undefined;
  /** True when the schema has CEL rules (`x-kubernetes-validations`), which are not evaluated. */
  readonly hasCelRules: boolean;
}

const TYPES: ReadonlySet<string> = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);

/** Deeper than any real CRD; a hostile or cyclic schema stops here (what is below accepts anything). */
const MAX_SCHEMA_DEPTH = 128;

/** Prepares a schema given as plain JSON (e.g. a CRD version's `openAPIV3Schema`); anything unreadable is ignored. */
export function prepareSchema(raw: unknown): PreparedSchema {
  return prepare(raw, 0);
}

function prepare(raw: unknown, depth: number): PreparedSchema {
  const s = isRec(raw) && depth < MAX_SCHEMA_DEPTH ? raw : {};
  const sub = (v: unknown): PreparedSchema | undefined => (isRec(v) ? prepare(v, depth + 1) : undefined);
  const subs = (v: unknown): PreparedSchema[] => (Array.isArray(v) ? v.filter(isRec).map((x) => prepare(x, depth + 1)) : []);

  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const type = typeof s['type'] === 'string' && TYPES.has(s['type']) ? (s['type'] as JsonType) : undefined;
  const types: ReadonlySet<JsonType> | undefined = intOrString
    ? new Set<JsonType>(['integer', 'string'])
    : type
      ? new Set<JsonType>([type])
      : undefined;

  let properties: Map<string, PreparedSchema> | undefined;
  if (isRec(s['properties'])) {
    properties = new Map();
    for (const [k, v] of Object.entries(s['properties'])) {
      properties.set(k, prepare(v, depth + 1));
    }
  }
  const additionalRaw = s['additionalProperties'];
  const enumList = Array.isArray(s['enum']) ? (s['enum'] as unknown[]) : [];
  const patternText = typeof s['pattern'] === 'string' ? s['pattern'] : undefined;
  const description = typeof s['description'] === 'string' ? s['description'] : undefined;
  return {
    types,
    properties,
    additional: sub(additionalRaw),
    unknownFieldsAllowed: s['x-kubernetes-preserve-unknown-fields'] === true || additionalRaw === true,
    embedded: s['x-kubernetes-embedded-resource'] === true,
    items: sub(s['items']),
    required: Array.isArray(s['required']) ? s['required'].filter((r): r is string => typeof r === 'string') : [],
    enumValues: enumList.length > 0 ? new Set(enumList) : undefined,
    enumList,
    format: typeof s['format'] === 'string' ? s['format'] : undefined,
    pattern: patternText === undefined ? undefined : compilePattern(patternText),
    patternText,
    minimum: num(s['minimum']),
    maximum: num(s['maximum']),
    exclusiveMinimum: s['exclusiveMinimum'] === true,
    exclusiveMaximum: s['exclusiveMaximum'] === true,
    minLength: num(s['minLength']),
    maxLength: num(s['maxLength']),
    minItems: num(s['minItems']),
    maxItems: num(s['maxItems']),
    minProperties: num(s['minProperties']),
    maxProperties: num(s['maxProperties']),
    allOf: subs(s['allOf']),
    anyOf: subs(s['anyOf']),
    oneOf: subs(s['oneOf']),
    not: sub(s['not']),
    summary: description === undefined ? undefined : firstSentence(description),
    hasCelRules: Array.isArray(s['x-kubernetes-validations']) && s['x-kubernetes-validations'].length > 0,
  };
}

/**
 * Kubernetes evaluates `pattern` with Go's regexp (RE2 syntax, linear time, unanchored search): so does re2js, a port
 * of RE2, so `(?i)` works and no pattern can backtrack exponentially. A pattern RE2 refuses is not checked.
 */
function compilePattern(text: string): Pattern | undefined {
  try {
    return RE2JS.compile(text);
  } catch {
    return undefined;
  }
}

/** The first sentence of a description, on one line, at most 200 characters. */
export function firstSentence(description: string): string | undefined {
  const text = description.replace(/\s+/g, ' ').trim();
  if (text === '') {
    return undefined;
  }
  // The first `.`, `!` or `?` before a space or the end, that does not end an abbreviation (`e.g.`, `i.e.`).
  const end = /[.!?](?=\s|$)/g;
  let s = text;
  for (let m = end.exec(text); m; m = end.exec(text)) {
    if (!/(?:\be\.g|\bi\.e|\betc|\bvs)\.$/i.test(text.slice(0, m.index + 1))) {
      s = text.slice(0, m.index + 1);
      break;
    }
  }
  if (s.length > 200) {
    s = `${s.slice(0, 199).trimEnd()}…`;
  }
  return /[.!?…]$/.test(s) ? s : `${s}.`;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

