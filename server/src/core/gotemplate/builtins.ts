/** The functions every Go template has: and or not len index slice print printf println eq ne lt le gt ge html js urlquery call. */
import { formatValue, sprint, sprintln } from './fmt';
import { sprintf } from './sprintf';
import { basicValue, goTypeName, isGoMap, isGoObject, isStringMap, isTrue, utf8Length } from './values';

const LAZY = new Set(['and', 'or']);

/** A bad argument list, which Go's executor reports itself, before calling (no "error calling NAME:"). */
export class ArgError extends Error {}

export function isLazyBuiltin(name: string): boolean {
  return LAZY.has(name);
}

type Kind = 'bool' | 'int' | 'float' | 'string' | 'invalid' | 'other';

function basicKind(v: unknown): Kind {
  if (v === undefined || v === null) {
    return 'invalid';
  }
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
    default:
      return 'other';
  }
}

/** nil for Go: the invalid value, a nil interface, a nil pointer. */
function isNilValue(v: unknown): boolean {
  return v === undefined || v === null || (isGoObject(v) && v.isNil);
}

function eq(operands: readonly unknown[]): boolean {
  if (operands.length < 2) {
    throw new Error('missing argument for comparison');
  }
  const args = operands.map(basicValue);
  const a = args[0];
  const k1 = basicKind(a);
  for (const b of args.slice(1)) {
    const k2 = basicKind(b);
    // Go puts nil and every non-basic value (maps, slices, pointers) in one kind, compared by nil-ness first.
    const nonBasic = (k: Kind): boolean => k === 'invalid' || k === 'other';
    if (nonBasic(k1) && nonBasic(k2)) {
      if (isNilValue(a) || isNilValue(b)) {
        if (isNilValue(a) === isNilValue(b)) {
          return true;
        }
        continue;
      }
      const uncomparable = [a, b].find((v) => Array.isArray(v) || isGoMap(v));
      if (uncomparable !== undefined) {
        throw new Error(`non-comparable type ${formatValue(uncomparable)}: ${goTypeName(uncomparable)}`);
      }
      // Pointers are equal when they are the same pointer; other Go values (enums) when they print the same.
      const same = isGoObject(a) && isGoObject(b) && !a.goType.startsWith('*')
        ? a.goType === b.goType && a.format() === b.format()
        : a === b;
      if (same) {
        return true;
      }
      continue;
    }
    if (k1 !== k2) {
      if (a !== undefined && a !== null && b !== undefined && b !== null) {
        throw new Error('incompatible types for comparison');
      }
      continue;
    }
    if (a === b) {
      return true;
    }
  }
  return false;
}

function lt(x: unknown, y: unknown): boolean {
  const a = basicValue(x);
  const b = basicValue(y);
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  // Go's order of checks decides the message: a non-basic operand, then differing kinds, then bools.
  if (k1 === 'other' || k1 === 'invalid' || k2 === 'other' || k2 === 'invalid') {
    throw new Error('invalid type for comparison');
  }
  if (k1 !== k2) {
    throw new Error('incompatible types for comparison');
  }
  if (k1 === 'bool') {
    throw new Error('invalid type for comparison');
  }
  return (a as number) < (b as number);
}

function length(v: unknown): bigint {
  if (v === null) {
    throw new Error('len of nil pointer');
  }
  if (typeof v === 'string') {
    return BigInt(utf8Length(v));
  }
  if (Array.isArray(v)) {
    return BigInt(v.length);
  }
  if (isGoMap(v)) {
    return BigInt(Object.keys(v).length);
  }
  throw new Error(`len of type ${goTypeName(v)}`);
}

/** An index within 0..cap (Go's indexArg: cap itself passes, and Index or Slice then decides). */
function indexArg(i: unknown, cap: number): number {
  if (i === undefined || i === null) {
    throw new Error('cannot index slice/array with nil');
  }
  if (typeof i !== 'bigint') {
    throw new Error(`cannot index slice/array with type ${goTypeName(i)}`);
  }
  if (i < 0n || i > BigInt(cap)) {
    throw new Error(`index out of range: ${i}`);
  }
  return Number(i);
}

function index(item: unknown, indexes: readonly unknown[]): unknown {
  let v = item;
  if (v === undefined || v === null) {
    throw new Error('index of untyped nil');
  }
  for (const i of indexes) {
    if (v === undefined || v === null) {
      throw new Error('index of nil pointer');
    }
    if (Array.isArray(v)) {
      const x = indexArg(i, v.length);
      if (x === v.length) {
        // Go's indexArg lets len through and reflect's Index panics.
        throw new Error('reflect: slice index out of range');
      }
      v = v[x];
    } else if (typeof v === 'string') {
      const bytes = new TextEncoder().encode(v);
      const x = indexArg(i, bytes.length);
      if (x === bytes.length) {
        throw new Error('reflect: string index out of range');
      }
      v = BigInt(bytes[x] as number);
    } else if (isGoMap(v)) {
      if (i === undefined || i === null) {
        throw new Error('value is nil; should be of type string');
      }
      if (typeof i !== 'string') {
        throw new Error(`value has type ${goTypeName(i)}; should be string`);
      }
      const m = v;
      v = Object.prototype.hasOwnProperty.call(m, i) ? m[i] : isStringMap(m) ? '' : null;
    } else {
      throw new Error(`can't index item of type ${goTypeName(v)}`);
    }
  }
  return v;
}

function slice(item: unknown, indexes: readonly unknown[]): unknown {
  if (item === undefined || item === null) {
    throw new Error('slice of untyped nil');
  }
  if (indexes.length > 3) {
    throw new Error(`too many slice indexes: ${indexes.length}`);
  }
  if (typeof item === 'string' && indexes.length === 3) {
    throw new Error('cannot 3-index slice a string');
  }
  // Go slices a string by bytes.
  const bytes = typeof item === 'string' ? new TextEncoder().encode(item) : undefined;
  const len = bytes ? bytes.length : Array.isArray(item) ? item.length : -1;
  if (len < 0) {
    throw new Error(`can't slice item of type ${goTypeName(item)}`);
  }
  const idx = [0, len];
  indexes.forEach((i, k) => {
    idx[k] = indexArg(i, len);
  });
  const [from, to, max] = idx as [number, number, number | undefined];
  if (from > to) {
    throw new Error(`invalid slice index: ${from} > ${to}`);
  }
  if (max !== undefined && to > max) {
    throw new Error(`invalid slice index: ${to} > ${max}`);
  }
  return bytes ? new TextDecoder().decode(bytes.slice(from, to)) : (item as unknown[]).slice(from, to);
}

function htmlEscape(s: string): string {
  return s.replace(/[&'<>"\0]/g, (c) =>
    c === '&' ? '&amp;' : c === "'" ? '&#39;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&#34;' : '\uFFFD',
  );
}

function jsEscape(s: string): string {
  // Go writes control characters, newlines included, as \u00XX.
  return s.replace(/[\\'"<>&=\x00-\x1f]/g, (c) => {
    const map: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"' };
    return map[c] ?? `\\u${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
  });
}

/** url.QueryEscape: everything but letters, digits and `-_.~` is %XX, a space is `+`. */
function queryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${(c.codePointAt(0) as number).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function evalArgs(args: readonly unknown[]): string {
  // Go: a single string argument is used as is, anything else is fmt.Sprint'ed.
  return args.length === 1 && typeof args[0] === 'string' ? args[0] : sprint(args);
}

/** Calls builtin `name`; `lazy` holds the operands of and/or. Throws an Error with Go's message. */
export function callBuiltin(name: string, args: readonly unknown[], lazy: readonly (() => unknown)[]): unknown {
  switch (name) {
    case 'and': {
      if (lazy.length === 0) {
        throw new ArgError('wrong number of args for and: want at least 1 got 0');
      }
      let v: unknown;
      for (const t of lazy) {
        v = t();
        if (!isTrue(v)) {
          return v;
        }
      }
      return v;
    }
    case 'or': {
      if (lazy.length === 0) {
        throw new ArgError('wrong number of args for or: want at least 1 got 0');
      }
      let v: unknown;
      for (const t of lazy) {
        v = t();
        if (isTrue(v)) {
          return v;
        }
      }
      return v;
    }
    case 'not':
      if (args.length !== 1) {
        throw new ArgError(`wrong number of args for not: want 1 got ${args.length}`);
      }
      return !isTrue(args[0]);
    case 'len':
      if (args.length !== 1) {
        throw new ArgError(`wrong number of args for len: want 1 got ${args.length}`);
      }
      return length(args[0]);
    case 'index':
      if (args.length < 1) {
        throw new ArgError('wrong number of args for index: want at least 1 got 0');
      }
      return index(args[0], args.slice(1));
    case 'slice':
      if (args.length < 1) {
        throw new ArgError('wrong number of args for slice: want at least 1 got 0');
      }
      return slice(args[0], args.slice(1));
    case 'print':
      return sprint(args.map(nilForInvalid));
    case 'println':
      return sprintln(args.map(nilForInvalid));
    case 'printf': {
      if (args.length < 1) {
        throw new ArgError('wrong number of args for printf: want at least 1 got 0');
      }
      const [f, ...rest] = args;
      if (typeof f !== 'string') {
        throw new ArgError(`wrong type for value; expected string; got ${goTypeName(f)}`);
      }
      return sprintf(f, rest.map(nilForInvalid));
    }
    case 'eq':
      if (args.length < 1) {
        throw new ArgError('wrong number of args for eq: want at least 1 got 0');
      }
      return eq(args);
    case 'ne':
      if (args.length !== 2) {
        throw new ArgError(`wrong number of args for ne: want 2 got ${args.length}`);
      }
      return !eq(args);
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      if (args.length !== 2) {
        throw new ArgError(`wrong number of args for ${name}: want 2 got ${args.length}`);
      }
      const [a, b] = args;
      const less = lt(a, b);
      if (name === 'lt' || name === 'ge') {
        return name === 'lt' ? less : !less;
      }
      // Go: a <= b is a < b || a == b, and a > b is its negation.
      const lessOrEqual = less || eq([a, b]);
      return name === 'le' ? lessOrEqual : !lessOrEqual;
    }
    case 'html':
      return htmlEscape(evalArgs(args.map(nilForInvalid)));
    case 'js':
      return jsEscape(evalArgs(args.map(nilForInvalid)));
    case 'urlquery':
      return queryEscape(evalArgs(args.map(nilForInvalid)));
    case 'call': {
      const [fn, ...rest] = args;
      if (typeof fn !== 'function') {
        throw new Error(`non-function of type ${goTypeName(fn)}`);
      }
      return (fn as (...a: unknown[]) => unknown)(...rest);
    }
    default:
      throw new Error(`"${name}" is not a defined function`);
  }
}

function nilForInvalid(v: unknown): unknown {
  return v === undefined ? null : v;
}
