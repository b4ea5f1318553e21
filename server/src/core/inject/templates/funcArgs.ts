/**
 * How the injection functions take their arguments: Go's types checked as its reflection would (a wrong type fails
 * the template), sprig's lenient conversions, and the bounds that keep an untrusted template from allocating without
 * limit.
 */
import { formatValue, goTypeName, isGoMap, isGoObject, isTrue } from '../../gotemplate';
import type { GoMap, GoObject } from '../../gotemplate';

/** The most a function may build in one call: a template cannot make the server allocate without bound. */
const MAX_BUILT = 4 * 1024 * 1024;

export function bounded(size: number, fn: string): void {
  if (size > MAX_BUILT) {
    throw new Error(`${fn} would build ${size} characters or items (at most ${MAX_BUILT})`);
  }
}

/** The longest list append/prepend/concat make: each copies the list, so a loop of them is quadratic (in Go too). */
const MAX_LIST = 10_000;

export function grown(l: unknown[], fn: string): unknown[] {
  if (l.length > MAX_LIST) {
    throw new Error(`${fn} would make a list of ${l.length} items (at most ${MAX_LIST})`);
  }
  return l;
}

export function pad(spaces: unknown, text: string, fn: string): string {
  const n = Math.max(0, int(spaces));
  bounded(n * (text.split('\n').length + 1), fn);
  return ' '.repeat(n);
}

export function str(v: unknown, what = 'string'): string {
  if (typeof v === 'string') {
    return v;
  }
  if (v === null || v === undefined) {
    throw new Error(`invalid value; expected ${what}`);
  }
  throw new Error(`wrong type for value; expected ${what}; got ${goTypeName(v)}`);
}

export function int(v: unknown): number {
  if (typeof v === 'bigint') {
    return Number(v);
  }
  if (v === null || v === undefined) {
    throw new Error('invalid value; expected int');
  }
  throw new Error(`wrong type for value; expected int; got ${goTypeName(v)}`);
}

export function stringMapArg(v: unknown): Record<string, string> | undefined {
  if (v === null || v === undefined) {
    return undefined;
  }
  if (isGoMap(v)) {
    return v as Record<string, string>;
  }
  throw new Error(`wrong type for value; expected map[string]string; got ${goTypeName(v)}`);
}

export function methodValue(obj: GoObject, name: string): unknown {
  const l = obj.lookup(name);
  if (!l) {
    throw new Error(`wrong type for value; expected struct with ${name}; got ${obj.goType}`);
  }
  return l.kind === 'field' ? l.value : l.call([]);
}

/** sprig's strval: strings as they are, Stringers through String, the rest as %v. */
export function strval(v: unknown): string {
  if (typeof v === 'string') {
    return v;
  }
  if (v === null || v === undefined) {
    return '<nil>';
  }
  return formatValue(v);
}

/** sprig's empty: the zero value of its kind (a struct never is). */
export function empty(v: unknown): boolean {
  if (isGoObject(v)) {
    return v.isNil;
  }
  return !isTrue(v);
}

export function toInt64(v: unknown): bigint {
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

export function toFloat64(v: unknown): number {
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

export function list(v: unknown, fn: string): unknown[] {
  if (Array.isArray(v)) {
    return v;
  }
  throw new Error(`Cannot ${fn} on type ${v === null || v === undefined ? 'nil' : goTypeName(v)}`);
}

/** sprig's strslice, for join. */
export function strslice(v: unknown): string[] {
  if (v === null || v === undefined) {
    return [];
  }
  if (Array.isArray(v)) {
    return v.filter((x) => x !== null && x !== undefined).map(strval);
  }
  return [strval(v)];
}

export function mapArg(v: unknown, fn: string): GoMap {
  if (isGoMap(v)) {
    return v;
  }
  throw new Error(`${fn}: expected a map, got ${goTypeName(v)}`);
}
