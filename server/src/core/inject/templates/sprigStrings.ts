/** sprig's string functions, as Istio's injection templates call them (through the function map of funcs.ts). */
import { goQuote } from '../../gotemplate';
import type { GoFunc } from '../../gotemplate';
import type { Rec } from '../../plainData';
import { bounded, int, pad, str, strslice, strval } from './funcArgs';

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


export const SPRIG_STRINGS: Record<string, GoFunc> = {
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
  // Go's strings.TrimSpace trims Unicode White_Space: U+0085 but not the byte order mark JavaScript's trim drops.
  trim: (s) => str(s).replace(/^\p{White_Space}+|\p{White_Space}+$/gu, ''),
  trimAll: (cutset, s) => trimChars(str(s), str(cutset)),
  trimPrefix: (prefix, s) => (str(s).startsWith(str(prefix)) ? str(s).slice(str(prefix).length) : str(s)),
  trimSuffix: (suffix, s) =>
    str(suffix) !== '' && str(s).endsWith(str(suffix)) ? str(s).slice(0, -str(suffix).length) : str(s),
  // sprig's trunc and substr slice Go strings, which are bytes.
  trunc: (c, s) => {
    const n = int(c);
    const t = utf8(str(s));
    if (n < 0 && t.length + n > 0) {
      return fromUtf8(t.subarray(t.length + n));
    }
    return n >= 0 && t.length > n ? fromUtf8(t.subarray(0, n)) : str(s);
  },
  upper: (s) => Array.from(str(s), simpleUpper).join(''),
  lower: (s) => Array.from(str(s), simpleLower).join(''),
  title: (s) => goTitle(str(s)),
  // Go's strings.Replace with an empty old matches before each rune and at the end ("ab" → "-a-b-").
  replace: (old, nw, src) =>
    str(old) === '' ? str(nw) + Array.from(str(src), (c) => c + str(nw)).join('') : str(src).split(str(old)).join(str(nw)),
  repeat: (count, s) => {
    const n = Math.max(0, int(count));
    bounded(n * str(s).length, 'repeat');
    return str(s).repeat(n);
  },
  substr: (start, end, s) => {
    const t = utf8(str(s));
    const a = int(start);
    const b = int(end);
    if (a < 0) {
      return fromUtf8(goSlice(t, undefined, b));
    }
    if (b < 0 || b > t.length) {
      return fromUtf8(goSlice(t, a, t.length));
    }
    return fromUtf8(goSlice(t, a, b));
  },
  nospace: (s) => deleteWhiteSpace(str(s)),
  hasPrefix: (pre, s) => str(s).startsWith(str(pre)),
  hasSuffix: (suf, s) => str(s).endsWith(str(suf)),
  nindent: (spaces, v) => {
    const p = pad(spaces, str(v), 'nindent');
    return `\n${p}${str(v).split('\n').join(`\n${p}`)}`;
  },
  toString: (v: unknown) => strval(v),
  toStrings: (v) => strslice(v),
  regexMatch: (re, s) => regex(str(re)).test(str(s)),
  regexFind: (re, s) => regex(str(re)).exec(str(s))?.[0] ?? '',
  regexReplaceAll: (re, s, repl) =>
    str(s).replace(new RegExp(regex(str(re)).source, 'g'), str(repl).replace(/\$\{?(\w+)\}?/g, '$$<$1>').replace(/\$<(\d+)>/g, '$$$1')),
};

/**
 * Go's strings.Title: a rune after a separator is title-cased, and a separator is any ASCII character but letters,
 * digits and `_`, or a non-ASCII space ("double-blind" → "Double-Blind", "with_underscore" → "With_underscore").
 */
function goTitle(s: string): string {
  let prev = ' ';
  let out = '';
  for (const r of s) {
    out += isTitleSeparator(prev) ? simpleUpper(r) : r;
    prev = r;
  }
  return out;
}

function isTitleSeparator(r: string): boolean {
  if (r.charCodeAt(0) <= 0x7f) {
    return !/[0-9A-Za-z_]/.test(r);
  }
  return !/[\p{L}\p{Nd}]/u.test(r) && /\p{White_Space}/u.test(r);
}

/**
 * One rune's upper case: Go maps one rune to one (strings.ToUpper("ß") is "ß"), JavaScript's full mapping can give
 * several ("SS"), which Go leaves as they are.
 */
function simpleUpper(r: string): string {
  const u = r.toUpperCase();
  return Array.from(u).length === 1 ? u : r;
}

/** One rune's lower case, as Go's: "İ" is "i" (JavaScript's full mapping adds a combining dot). */
function simpleLower(r: string): string {
  return Array.from(r.toLowerCase())[0] ?? r;
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

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const fromUtf8 = (b: Uint8Array): string => new TextDecoder().decode(b);

/**
 * Go's `s[from:to]` of a string's bytes (`s[:to]` when `from` is undefined): out of range is the runtime error Go's
 * template reports for the call, worded as Go words it.
 */
function goSlice(bytes: Uint8Array, from: number | undefined, to: number): Uint8Array {
  const start = from ?? 0;
  const bad = (what: string): Error => new Error(`runtime error: slice bounds out of range ${what}`);
  if (to < 0) {
    throw bad(`[:${to}]`);
  }
  if (to > bytes.length) {
    throw bad(`[${from ?? ''}:${to}] with length ${bytes.length}`);
  }
  if (start > to) {
    throw bad(`[${start}:${to}]`);
  }
  return bytes.subarray(start, to);
}

/**
 * sprig's nospace (goutils' DeleteWhiteSpace): it reads the string byte by byte and drops each byte that is a space
 * as a rune of that value (Go's unicode.IsSpace: tab to CR, space, U+0085, U+00A0). With nothing dropped the string
 * comes back as it was; else each kept byte is written as the rune of its value, which turns every byte of a
 * multi-byte character into a Latin-1 one ("é" becomes "Ã©"), as in Go.
 */
function deleteWhiteSpace(s: string): string {
  const bytes = utf8(s);
  let out = '';
  let dropped = false;
  for (const b of bytes) {
    if ((b >= 9 && b <= 13) || b === 32 || b === 0x85 || b === 0xa0) {
      dropped = true;
    } else {
      out += String.fromCharCode(b);
    }
  }
  return dropped ? out : s;
}
