/**
 * Go's fmt as templates use it: Sprint, Sprintln, Sprintf (flags, width, precision; verbs v s d t q f e g x X o b c
 * and %%), and the %v form of every value kind in {@link ./values}.
 */
import { goTypeName, isGoMap, isGoObject, sortedKeys } from './values';

/** `%v` of one value, as fmt.Sprint prints it. */
export function formatValue(v: unknown, top = true): string {
  if (v === undefined) {
    // An invalid reflect.Value printed by fmt directly; the executor prints `<no value>` itself at top level.
    return '<invalid reflect.Value>';
  }
  if (v === null) {
    return top ? '<nil>' : '<nil>';
  }
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      return formatFloat(v, 'g', -1);
    case 'function':
      return 'func';
    default:
      break;
  }
  if (Array.isArray(v)) {
    return `[${v.map((x) => formatValue(x, false)).join(' ')}]`;
  }
  if (isGoObject(v)) {
    return v.format();
  }
  if (isGoMap(v)) {
    return `map[${sortedKeys(v)
      .map((k) => `${k}:${formatValue(v[k], false)}`)
      .join(' ')}]`;
  }
  return String(v);
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: readonly unknown[]): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') {
      out += ' ';
    }
    out += formatValue(a);
  }
  return out;
}

/** fmt.Sprintln: always spaces, and a newline. */
export function sprintln(args: readonly unknown[]): string {
  return `${args.map((a) => formatValue(a)).join(' ')}\n`;
}

/** strconv.Quote: Go's double-quoted form (printable runes kept, others escaped). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\v':
        out += '\\v';
        continue;
      default:
        break;
    }
    if (c < 0x20 || c === 0x7f) {
      out += `\\x${c.toString(16).padStart(2, '0')}`;
    } else if (c === 0xfffd && ch !== '\ufffd') {
      out += '\\ufffd';
    } else if ((c >= 0x80 && c < 0xa0) || c === 0xad || (c >= 0xd800 && c < 0xe000)) {
      out += c > 0xffff ? `\\U${c.toString(16).padStart(8, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
    } else {
      out += ch;
    }
  }
  return `${out}"`;
}

/** The shortest decimal digits of |x| and its decimal exponent: x = 0.d1d2... * 10^dp. */
function shortestDigits(x: number): { digits: string; dp: number } {
  if (x === 0) {
    return { digits: '0', dp: 1 };
  }
  const [mant, exp] = Math.abs(x).toExponential().split('e') as [string, string];
  return { digits: mant.replace('.', ''), dp: Number(exp) + 1 };
}

function expSuffix(exp: number, letter: string): string {
  const abs = Math.abs(exp);
  return `${letter}${exp < 0 ? '-' : '+'}${abs < 10 ? `0${abs}` : String(abs)}`;
}

/** The exact value of a finite double >= 0 as num / den (den a power of two). */
function exactRational(x: number): { num: bigint; den: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp = -1074;
  if (biased !== 0) {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  return exp >= 0 ? { num: mant << BigInt(exp), den: 1n } : { num: mant, den: 1n << BigInt(-exp) };
}

/** num / den rounded to an integer, halves to even: strconv rounds the exact binary value, ties included. */
function roundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const twice = (num % den) * 2n;
  return twice > den || (twice === den && q % 2n === 1n) ? q + 1n : q;
}

/** A double's exact decimal expansion ends within 1074 fractional digits; beyond that Go prints zeros. */
const MAX_EXACT_FRACTION = 1100;

/** |x| with `prec` digits after the point, rounded as strconv does (not as toFixed, which breaks ties upward). */
function fixedDigits(abs: number, prec: number): string {
  const { num, den } = exactRational(abs);
  const p = Math.min(prec, MAX_EXACT_FRACTION);
  const digits = roundHalfEven(num * 10n ** BigInt(p), den).toString().padStart(p + 1, '0');
  const int = digits.slice(0, digits.length - p);
  if (prec === 0) {
    return int;
  }
  return `${int}.${digits.slice(digits.length - p)}${'0'.repeat(prec - p)}`;
}

/** The first `n` significant digits of |x| > 0, correctly rounded, and the decimal exponent of the first one. */
function significantDigits(abs: number, n: number): { digits: string; exp: number } {
  const { num, den } = exactRational(abs);
  // toExponential's exponent is right or one too high (when the shortest form rounds up to a power of ten).
  let exp = Number((abs.toExponential().split('e') as [string, string])[1]);
  for (;;) {
    const shift = n - 1 - exp;
    const q = shift >= 0 ? roundHalfEven(num * 10n ** BigInt(shift), den) : roundHalfEven(num, den * 10n ** BigInt(-shift));
    const s = q.toString();
    if (s.length > n) {
      // Rounding carried into a new digit (9.99 -> 10.0).
      return { digits: s.slice(0, n), exp: exp + 1 };
    }
    if (s.length < n && q !== 0n) {
      exp--;
      continue;
    }
    return { digits: s, exp };
  }
}

/** strconv.FormatFloat(x, fmt, prec, 64) for 'e', 'f', 'g' (prec -1 = shortest). */
export function formatFloat(x: number, verb: 'e' | 'E' | 'f' | 'F' | 'g' | 'G', prec: number): string {
  if (Number.isNaN(x)) {
    return 'NaN';
  }
  if (!Number.isFinite(x)) {
    return x > 0 ? '+Inf' : '-Inf';
  }
  const neg = x < 0 || Object.is(x, -0);
  const sign = neg ? '-' : '';
  const abs = Math.abs(x);
  const lower = verb.toLowerCase();
  if (lower === 'f') {
    if (prec < 0) {
      const { digits, dp } = shortestDigits(x);
      return sign + placeDecimal(digits, dp);
    }
    return sign + fixedDigits(abs, prec);
  }
  const letter = verb === 'E' || verb === 'G' ? 'E' : 'e';
  if (lower === 'e') {
    let digits: string;
    let exp: number;
    if (prec < 0) {
      const sd = shortestDigits(x);
      digits = sd.digits;
      exp = sd.dp - 1;
    } else if (abs === 0) {
      digits = '0'.repeat(Math.min(prec, MAX_EXACT_FRACTION) + 1);
      exp = 0;
    } else {
      ({ digits, exp } = significantDigits(abs, Math.min(prec, MAX_EXACT_FRACTION) + 1));
    }
    const frac = digits.slice(1) + (prec > MAX_EXACT_FRACTION ? '0'.repeat(prec - MAX_EXACT_FRACTION) : '');
    return sign + (frac ? `${digits[0]}.${frac}` : digits) + expSuffix(exp, letter);
  }
  // %g: shortest digits (or prec significant digits), %e form when the exponent is < -4 or >= the precision
  // (6 for the shortest form, as strconv decides).
  let digits: string;
  let dp: number;
  if (prec < 0) {
    ({ digits, dp } = shortestDigits(x));
  } else if (abs === 0) {
    digits = '0';
    dp = 1;
  } else {
    const sd = significantDigits(abs, Math.min(prec === 0 ? 1 : prec, MAX_EXACT_FRACTION));
    digits = sd.digits.replace(/0+$/, '') || '0';
    dp = sd.exp + 1;
  }
  const eprec = prec < 0 ? 6 : prec === 0 ? 1 : prec;
  const exp = dp - 1;
  if (exp < -4 || exp >= eprec) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return sign + m + expSuffix(exp, letter);
  }
  return sign + placeDecimal(digits, dp);
}

function placeDecimal(digits: string, dp: number): string {
  if (dp <= 0) {
    return `0.${'0'.repeat(-dp)}${digits}`;
  }
  if (dp >= digits.length) {
    return digits + '0'.repeat(dp - digits.length);
  }
  return `${digits.slice(0, dp)}.${digits.slice(dp)}`;
}

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  zero: boolean;
  space: boolean;
  width: number | undefined;
  prec: number | undefined;
}

function pad(s: string, spec: Spec, numeric: boolean): string {
  if (spec.width === undefined) {
    return s;
  }
  const fill = spec.width - [...s].length;
  if (fill <= 0) {
    return s;
  }
  if (spec.minus) {
    return s + ' '.repeat(fill);
  }
  if (spec.zero && numeric) {
    const signed = s.startsWith('-') || s.startsWith('+');
    return signed ? s[0] + '0'.repeat(fill) + s.slice(1) : '0'.repeat(fill) + s;
  }
  return ' '.repeat(fill) + s;
}

function badVerb(verb: string, arg: unknown): string {
  if (arg === undefined || arg === null) {
    return `%!${verb}(<nil>)`;
  }
  return `%!${verb}(${goTypeName(arg)}=${formatValue(arg)})`;
}

/** The character of code point `n`; fmt prints U+FFFD for what is not a valid rune. */
function runeOf(n: bigint): string {
  const valid = n >= 0n && n <= 0x10ffffn && !(n >= 0xd800n && n <= 0xdfffn);
  return String.fromCodePoint(valid ? Number(n) : 0xfffd);
}

/** strconv.QuoteRune. */
function quoteRune(ch: string): string {
  if (ch === "'") {
    return "'\\''";
  }
  return `'${ch === '"' ? ch : goQuote(ch).slice(1, -1)}'`;
}

function formatInteger(n: bigint, verb: string, spec: Spec): string {
  const neg = n < 0n;
  const abs = neg ? -n : n;
  let body: string;
  switch (verb) {
    case 'd':
    case 'v':
      body = abs.toString(10);
      break;
    case 'x':
      body = abs.toString(16);
      break;
    case 'X':
      body = abs.toString(16).toUpperCase();
      break;
    case 'o':
      body = abs.toString(8);
      break;
    case 'b':
      body = abs.toString(2);
      break;
    case 'c':
      return pad(runeOf(n), spec, false);
    case 'q':
      return pad(quoteRune(runeOf(n)), spec, false);
    case 'U':
      return pad(`U+${abs.toString(16).toUpperCase().padStart(4, '0')}`, spec, false);
    default:
      return badVerb(verb, n);
  }
  if (spec.prec !== undefined && body.length < spec.prec) {
    body = '0'.repeat(spec.prec - body.length) + body;
  }
  if (spec.sharp) {
    body = verb === 'x' ? `0x${body}` : verb === 'X' ? `0X${body}` : verb === 'o' ? `0${body}` : body;
  }
  const sign = neg ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  return pad(sign + body, spec, spec.prec === undefined);
}

function formatOne(verb: string, arg: unknown, spec: Spec, nested = false): string {
  if (verb === 'T') {
    return pad(arg === null || arg === undefined ? '<nil>' : goTypeName(arg), spec, false);
  }
  if (arg === null || arg === undefined) {
    // fmt prints a nil operand only for %v; a nil inside a slice or map is `<nil>` whatever the verb.
    return verb === 'v' || nested ? pad('<nil>', spec, false) : badVerb(verb, arg);
  }
  if (Array.isArray(arg)) {
    // fmt applies the verb to each element.
    return `[${arg.map((x) => formatOne(verb, x, spec, true)).join(' ')}]`;
  }
  if (isGoMap(arg)) {
    return `map[${sortedKeys(arg)
      .map((k) => `${formatOne(verb, k, spec, true)}:${formatOne(verb, arg[k], spec, true)}`)
      .join(' ')}]`;
  }
  if (typeof arg === 'bigint') {
    return formatInteger(arg, verb, spec);
  }
  if (typeof arg === 'number') {
    const prec = spec.prec ?? -1;
    let s: string;
    switch (verb) {
      case 'v':
      case 'g':
      case 'G':
        s = formatFloat(arg, verb === 'G' ? 'G' : 'g', prec);
        break;
      case 'e':
      case 'E':
        s = formatFloat(arg, verb, spec.prec ?? 6);
        break;
      case 'f':
      case 'F':
        s = formatFloat(arg, 'f', spec.prec ?? 6);
        break;
      default:
        return badVerb(verb, arg);
    }
    if (spec.plus && !s.startsWith('-')) {
      s = `+${s}`;
    } else if (spec.space && !s.startsWith('-')) {
      s = ` ${s}`;
    }
    return pad(s, spec, true);
  }
  if (typeof arg === 'boolean') {
    return verb === 'v' || verb === 't' ? pad(arg ? 'true' : 'false', spec, false) : badVerb(verb, arg);
  }
  if (typeof arg === 'string') {
    let s = arg;
    switch (verb) {
      case 'v':
      case 's':
        if (spec.prec !== undefined) {
          s = [...s].slice(0, spec.prec).join('');
        }
        return pad(s, spec, false);
      case 'q':
        return pad(goQuote(s), spec, false);
      case 'x':
      case 'X': {
        const hex = [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, '0')).join('');
        return pad(verb === 'X' ? hex.toUpperCase() : hex, spec, false);
      }
      default:
        return badVerb(verb, arg);
    }
  }
  if (verb === 'v' || verb === 's') {
    return pad(formatValue(arg), spec, false);
  }
  if (verb === 'q' && isGoObject(arg)) {
    return pad(goQuote(arg.format()), spec, false);
  }
  return badVerb(verb, arg);
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let argi = 0;
  let i = 0;
  // After an explicit index (`%[2]d`) fmt no longer reports extra arguments.
  let reordered = false;
  while (i < format.length) {
    let goodArgNum = true;
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const spec: Spec = {
      minus: false,
      plus: false,
      sharp: false,
      zero: false,
      space: false,
      width: undefined,
      prec: undefined,
    };
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === '-') {
        spec.minus = true;
      } else if (c === '+') {
        spec.plus = true;
      } else if (c === '#') {
        spec.sharp = true;
      } else if (c === '0') {
        spec.zero = !spec.minus;
      } else if (c === ' ') {
        spec.space = true;
      } else {
        break;
      }
    }
    // A width or precision over 1e6 is a mistake: fmt gives up on the rest of the format (`%!(NOVERB)`).
    const tooLarge = (n: number): boolean => n > 1e6 || n < -1e6;
    const parseNum = (): number | undefined => {
      let n = 0;
      const start = i;
      for (; i < format.length && /[0-9]/.test(format[i] as string); i++) {
        if (tooLarge(n)) {
          i = format.length;
          return undefined;
        }
        n = n * 10 + Number(format[i]);
      }
      return i > start ? n : undefined;
    };
    const intArg = (): number | undefined => {
      if (argi >= args.length) {
        return undefined;
      }
      const a = args[argi++];
      return typeof a === 'bigint' && !tooLarge(Number(a)) ? Number(a) : undefined;
    };
    // `[n]` picks the n-th argument (from 1) for what follows; true when one was read.
    const argNumber = (): boolean => {
      if (format[i] !== '[') {
        return false;
      }
      reordered = true;
      const close = format.indexOf(']', i + 1);
      if (format.length - i < 3 || close < 0) {
        i++;
        goodArgNum = false;
        return false;
      }
      const digits = format.slice(i + 1, close);
      i = close + 1;
      if (!/^[0-9]+$/.test(digits)) {
        goodArgNum = false;
        return false;
      }
      const n = Number(digits) - 1;
      if (n >= 0 && n < args.length) {
        argi = n;
      } else {
        goodArgNum = false;
      }
      return true;
    };
    let afterIndex = argNumber();
    if (format[i] === '*') {
      i++;
      afterIndex = false;
      spec.width = intArg();
      if (spec.width === undefined) {
        out += '%!(BADWIDTH)';
      } else if (spec.width < 0) {
        spec.width = -spec.width;
        spec.minus = true;
        spec.zero = false;
      }
    } else {
      spec.width = parseNum();
      if (afterIndex && spec.width !== undefined) {
        // "%[3]2d": an index belongs right before the verb or a star.
        goodArgNum = false;
      }
    }
    if (i + 1 < format.length && format[i] === '.') {
      i++;
      if (afterIndex) {
        goodArgNum = false;
      }
      afterIndex = argNumber();
      if (format[i] === '*') {
        i++;
        afterIndex = false;
        spec.prec = intArg();
        if (spec.prec === undefined || spec.prec < 0) {
          spec.prec = undefined;
          out += '%!(BADPREC)';
        }
      } else {
        spec.prec = parseNum() ?? 0;
      }
    }
    if (!afterIndex) {
      afterIndex = argNumber();
    }
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i) as number);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (!goodArgNum) {
      out += `%!${verb}(BADINDEX)`;
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatOne(verb, args[argi++], spec);
  }
  if (!reordered && argi < args.length) {
    out += `%!(EXTRA ${args
      .slice(argi)
      .map((a) => (a === null || a === undefined ? '<nil>' : `${goTypeName(a)}=${formatValue(a)}`))
      .join(', ')})`;
  }
  return out;
}
