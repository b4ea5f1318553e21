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
  trunc: (c, s) => {
    const n = int(c);
    const t = str(s);
    if (n < 0 && t.length + n > 0) {
      return t.slice(t.length + n);
    }
    return n >= 0 && t.length > n ? t.slice(0, n) : t;
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
    const t = str(s);
    const a = int(start);
    const b = int(end);
    if (a < 0) {
      return t.slice(0, b);
    }
    if (b < 0 || b > t.length) {
      return t.slice(a);
    }
    return t.slice(a, b);
  },
  nospace: (s) => str(s).replace(/\s+/g, ''),
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
