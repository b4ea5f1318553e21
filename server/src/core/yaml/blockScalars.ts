/**
 * The scalars of the block parser (./blockParse): a plain scalar's value and tag resolved by the schema exactly as
 * `yaml` resolves them, a double-quoted scalar's escapes, and the indicator characters a plain scalar cannot start
 * with. Each gives up (throws {@link GIVE_UP}) on what the block parser leaves to `yaml`.
 */
import { isScalar, Scalar } from 'yaml';
import { options, scalarNode, schema } from './nodes';

/** Thrown to give up; caught at the top. */
export const GIVE_UP: unique symbol = Symbol('give up');

// The schema's scalar tags (null, bool, int, float) resolve values exactly as `yaml` does.
type ScalarTag = {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  resolve: (value: string, onError: (message: string) => void, options: unknown) => unknown;
};
const scalarTags = (schema.tags as unknown as ScalarTag[]).filter((t) => t.default === true && t.test instanceof RegExp);
const refuse = (): never => {
  throw GIVE_UP;
};

/** Characters that cannot start a plain scalar or implicit key here (some can with a non-space after them). */
export function isIndicator(ch: number): boolean {
  switch (ch) {
    case 45: // -
    case 63: // ?
    case 58: // :
    case 44: // ,
    case 91: // [
    case 93: // ]
    case 123: // {
    case 125: // }
    case 35: // #
    case 38: // &
    case 42: // *
    case 33: // !
    case 124: // |
    case 62: // >
    case 39: // '
    case 34: // "
    case 37: // %
    case 64: // @
    case 96: // `
      return true;
    default:
      return false;
  }
}

/** A plain scalar's node: null, bool, int or float by the schema's tests (YAML 1.1 as Go reads it), else a string. */
export function plainScalar(source: string, start: number, valueEnd: number, end: number): Scalar {
  const c = source.charCodeAt(0);
  // Only these first characters can match a tag: go-yaml's hint table (`~`, digits, sign, `.`, y/Y, n/N, t/T, f/F,
  // o/O for on/off).
  const maybeTagged =
    (c >= 48 && c <= 57) ||
    c === 43 ||
    c === 45 ||
    c === 46 ||
    c === 126 ||
    c === 110 ||
    c === 78 ||
    c === 116 ||
    c === 84 ||
    c === 102 ||
    c === 70 ||
    c === 121 ||
    c === 89 ||
    c === 111 ||
    c === 79;
  if (maybeTagged) {
    for (const tag of scalarTags) {
      if (tag.test?.test(source)) {
        const res = tag.resolve(source, refuse, options);
        let node: Scalar;
        if (isScalar(res)) {
          node = res;
          node.range = [start, valueEnd, end];
          node.source = source;
          node.type = Scalar.PLAIN;
        } else {
          node = scalarNode(res, source, Scalar.PLAIN, start, valueEnd, end);
        }
        if (tag.format) {
          node.format = tag.format;
        }
        return node;
      }
    }
  }
  return scalarNode(source, source, Scalar.PLAIN, start, valueEnd, end);
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/** The value of a double-quoted scalar's body; gives up on escapes YAML does not define. */
export function doubleQuoted(body: string): string {
  if (!body.includes('\\')) {
    return body;
  }
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = body[++i];
    if (e === undefined) {
      throw GIVE_UP;
    }
    const simple = ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const digits = HEX_ESCAPES[e];
    const hex = digits === undefined ? '' : body.slice(i + 1, i + 1 + digits);
    if (digits === undefined || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) {
      throw GIVE_UP;
    }
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) {
      throw GIVE_UP;
    }
    out += String.fromCodePoint(code);
    i += digits;
  }
  return out;
}
