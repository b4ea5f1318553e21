/**
 * How Go values look to the template engine. Templates are written against Go's reflection, so the data they see
 * must keep the distinctions Go makes:
 * - `undefined` is Go's invalid value (a missing map key): it prints `<no value>`;
 * - `null` is a nil interface, map, slice or pointer;
 * - `bigint` is a Go integer (`int`, `int64`, ...), `number` a `float64` (what `encoding/json` gives for numbers);
 * - strings and booleans are themselves; arrays are slices; plain objects are `map[string]any`, or
 *   `map[string]string` when they carry {@link STRING_MAP} (missing keys then index as "");
 * - anything else a caller wants to expose with fields and methods (a struct, a pointer, an enum) implements
 *   {@link GoObject}.
 */

/** Marks a plain object as `map[string]string`: `index` of a missing key gives "" instead of no value. */
export const STRING_MAP: unique symbol = Symbol('goStringMap');

export type Lookup =
  | { readonly kind: 'field'; readonly value: unknown }
  | { readonly kind: 'method'; call(args: readonly unknown[]): unknown };

/** A Go value with fields or methods: a struct, a pointer to one (possibly nil), an enum with a String method. */
export interface GoObject {
  readonly [GO_OBJECT]: true;
  /** The Go type as messages name it, e.g. `*v1alpha1.ProxyConfig`. */
  readonly goType: string;
  /** A nil pointer: false in `if`, and field access on it fails (methods still run, as proto getters do). */
  readonly isNil: boolean;
  /** Field or method `name`; undefined when the type has neither. */
  lookup(name: string): Lookup | undefined;
  /** What `fmt.Sprint` prints for it (a Stringer's String(), or Go's `{...}` form). */
  format(): string;
  /** What `encoding/json` (and so sigs.k8s.io/yaml) would marshal. */
  toJSON(): unknown;
  /**
   * For a value of a named basic type (a proto enum is an int32): that value. Go's `if`, `eq` and `lt` see it,
   * while printing still goes through {@link format} (its String method).
   */
  readonly basic?: bigint | string | boolean | number;
}

/** The basic value a template compares and tests: a named basic type's underlying value, else the value itself. */
export function basicValue(v: unknown): unknown {
  return isGoObject(v) && v.basic !== undefined ? v.basic : v;
}

export const GO_OBJECT: unique symbol = Symbol('goObject');

export function isGoObject(v: unknown): v is GoObject {
  return typeof v === 'object' && v !== null && (v as { [GO_OBJECT]?: unknown })[GO_OBJECT] === true;
}

export type GoMap = Record<string, unknown> & { [STRING_MAP]?: true };

export function isGoMap(v: unknown): v is GoMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isGoObject(v);
}

export function isStringMap(v: unknown): boolean {
  return isGoMap(v) && (v as GoMap)[STRING_MAP] === true;
}

/** `map[string]string` from a record of strings. */
export function stringMap(entries: Record<string, string>): GoMap {
  const out: GoMap = { ...entries };
  Object.defineProperty(out, STRING_MAP, { value: true, enumerable: false });
  return out;
}

/** Go's reflect Kind names, as error messages print types. */
export function goTypeName(v: unknown): string {
  if (v === undefined) {
    return '<invalid>';
  }
  if (v === null) {
    return '<nil>';
  }
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float64';
    case 'function':
      return 'func';
    default:
      break;
  }
  if (Array.isArray(v)) {
    return '[]interface {}';
  }
  if (isGoObject(v)) {
    return v.goType;
  }
  return isStringMap(v) ? 'map[string]string' : 'map[string]interface {}';
}

/** Go's truth (text/template isTrue): false, 0, nil, empty strings, slices and maps are false. */
export function isTrue(v: unknown): boolean {
  if (v === undefined || v === null) {
    return false;
  }
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'string':
      return v.length > 0;
    case 'number':
      return v !== 0;
    case 'bigint':
      return v !== 0n;
    default:
      break;
  }
  if (Array.isArray(v)) {
    return v.length > 0;
  }
  if (isGoObject(v)) {
    return v.basic !== undefined ? isTrue(v.basic) : !v.isNil;
  }
  return Object.keys(v as object).length > 0;
}

/** Map keys in the order Go's text/template and fmt visit them (sorted). */
export function sortedKeys(m: object): string[] {
  return Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Go's `len` of a string counts UTF-8 bytes. */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** An error located in a template source: which template, line and column (1-based line; column in bytes). */
export class TemplateSourceError extends Error {
  constructor(
    message: string,
    readonly templateName: string,
    readonly line: number,
    readonly col: number,
  ) {
    super(message);
  }
}
