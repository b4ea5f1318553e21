/** The functions every Go template has: and or not len index slice print printf println eq ne lt le gt ge html js urlquery call. */
import { formatValue, sprint, sprintf, sprintln } from './fmt';
import { goTypeName, isGoMap, isGoObject, isStringMap, isTrue, utf8Length } from './values';

const LAZY = new Set(['and', 'or']);

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

function eq(args: readonly unknown[]): boolean {
  if (args.length < 2) {
    throw new Error('missing argument for comparison');
  }
  const a = args[0];
  const k1 = basicKind(a);
  for (const b of args.slice(1)) {
    const k2 = basicKind(b);
    if (k1 !== k2) {
      if (a !== undefined && a !== null && b !== undefined && b !== null) {
        throw new Error('incompatible types for comparison');
      }
      continue;
    }
    if (k1 === 'other') {
      if (Array.isArray(a) || Array.isArray(b) || isGoMap(a) || isGoMap(b)) {
        throw new Error(`non-comparable type ${formatValue(Array.isArray(a) || isGoMap(a) ? a : b)}: ${goTypeName(Array.isArray(a) || isGoMap(a) ? a : b)}`);
      }
      if (isGoObject(a) && isGoObject(b) ? a.goType === b.goType && a.format() === b.format() : a === b) {
        return true;
      }
      continue;
    }
    if (k1 === 'invalid' ? true : a === b) {
      return true;
    }
  }
  return false;
}

function lt(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'bool' || k1 === 'other' || k1 === 'invalid' || k2 === 'bool' || k2 === 'other' || k2 === 'invalid') {
    throw new Error('invalid type for comparison');
  }
  if (k1 !== k2) {
    throw new Error('incompatible types for comparison');
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

function indexArg(i: unknown, cap: number): number {
  if (typeof i !== 'bigint') {
    throw new Error(`cannot index slice/array with type ${goTypeName(i)}`);
  }
  if (i < 0n || i >= BigInt(cap)) {
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
      throw new Error('index of untyped nil');
    }
    if (Array.isArray(v)) {
      v = v[indexArg(i, v.length)];
    } else if (typeof v === 'string') {
      v = BigInt(new TextEncoder().encode(v)[indexArg(i, utf8Length(v))] as number);
    } else if (isGoMap(v)) {
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
  if (indexes.length > 3) {
    throw new Error(`too many slice indexes: ${indexes.length}`);
  }
  const len = typeof item === 'string' ? item.length : Array.isArray(item) ? item.length : -1;
  if (len < 0) {
    throw new Error(`can't slice item of type ${goTypeName(item)}`);
  }
  const idx = indexes.map((i) => {
    if (typeof i !== 'bigint') {
      throw new Error(`cannot index slice/array with type ${goTypeName(i)}`);
    }
    return Number(i);
  });
  const from = idx[0] ?? 0;
  const to = idx[1] ?? len;
  if (from < 0 || to > len || from > to) {
    throw new Error(`invalid slice index: ${from} > ${to}`);
  }
  return (item as string | unknown[]).slice(from, to);
}

function htmlEscape(s: string): string {
  return s.replace(/[&'<>"\0]/g, (c) =>
    c === '&' ? '&amp;' : c === "'" ? '&#39;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&#34;' : '\uFFFD',
  );
}

function jsEscape(s: string): string {
  return s.replace(/[\\'"<>&=\n\r\t]/g, (c) => {
    const map: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return map[c] ?? `\\u${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
  });
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
        throw new Error('wrong number of args for and: want at least 1 got 0');
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
        throw new Error('wrong number of args for or: want at least 1 got 0');
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
        throw new Error(`wrong number of args for not: want 1 got ${args.length}`);
      }
      return !isTrue(args[0]);
    case 'len':
      if (args.length !== 1) {
        throw new Error(`wrong number of args for len: want 1 got ${args.length}`);
      }
      return length(args[0]);
    case 'index':
      if (args.length < 1) {
        throw new Error('wrong number of args for index: want at least 1 got 0');
      }
      return index(args[0], args.slice(1));
    case 'slice':
      if (args.length < 1) {
        throw new Error('wrong number of args for slice: want at least 1 got 0');
      }
      return slice(args[0], args.slice(1));
    case 'print':
      return sprint(args.map(nilForInvalid));
    case 'println':
      return sprintln(args.map(nilForInvalid));
    case 'printf': {
      const [f, ...rest] = args;
      if (typeof f !== 'string') {
        throw new Error(`wrong type for value; expected string; got ${goTypeName(f)}`);
      }
      return sprintf(f, rest.map(nilForInvalid));
    }
    case 'eq':
      return eq(args);
    case 'ne':
      if (args.length !== 2) {
        throw new Error(`wrong number of args for ne: want 2 got ${args.length}`);
      }
      return !eq(args);
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      if (args.length !== 2) {
        throw new Error(`wrong number of args for ${name}: want 2 got ${args.length}`);
      }
      const [a, b] = args;
      if (name === 'lt') {
        return lt(a, b);
      }
      if (name === 'ge') {
        return !lt(a, b);
      }
      const less = lt(b, a);
      return name === 'gt' ? less : !less;
    }
    case 'html':
      return htmlEscape(evalArgs(args.map(nilForInvalid)));
    case 'js':
      return jsEscape(evalArgs(args.map(nilForInvalid)));
    case 'urlquery':
      return encodeURIComponent(evalArgs(args.map(nilForInvalid))).replace(/%20/g, '+');
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
