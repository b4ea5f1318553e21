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
  const lower = verb.toLowerCase();
  if (lower === 'f') {
    if (prec < 0) {
      const { digits, dp } = shortestDigits(x);
      return sign + placeDecimal(digits, dp);
    }
    return sign + Math.abs(x).toFixed(prec);
  }
  if (lower === 'e') {
    const s = prec < 0 ? Math.abs(x).toExponential() : Math.abs(x).toExponential(prec);
    const [m, e] = s.split('e') as [string, string];
    return sign + m + expSuffix(Number(e), verb === 'E' ? 'E' : 'e');
  }
  // %g: shortest digits (or prec significant digits), %e form when the exponent is < -4 or >= the precision
  // (6 for the shortest form, as strconv decides).
  let digits: string;
  let dp: number;
  if (prec < 0) {
    ({ digits, dp } = shortestDigits(x));
  } else {
    const p = prec === 0 ? 1 : prec;
    const [m, e] = Math.abs(x).toExponential(p - 1).split('e') as [string, string];
    digits = m.replace('.', '').replace(/0+$/, '') || '0';
    dp = Number(e) + 1;
  }
  const eprec = prec < 0 ? 6 : prec === 0 ? 1 : prec;
  const exp = dp - 1;
  if (exp < -4 || exp >= eprec) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return sign + m + expSuffix(exp, verb === 'G' ? 'E' : 'e');
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
  if (spec.width === undefined || s.length >= spec.width) {
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
      return pad(String.fromCodePoint(Number(abs)), spec, false);
    case 'q':
      return pad(`'${String.fromCodePoint(Number(abs))}'`, spec, false);
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

function formatOne(verb: string, arg: unknown, spec: Spec): string {
  if (verb === 'T') {
    return pad(arg === null || arg === undefined ? '<nil>' : goTypeName(arg), spec, false);
  }
  if (arg === null || arg === undefined) {
    return verb === 'v' || verb === 's' ? pad(arg === null ? '<nil>' : '<nil>', spec, false) : badVerb(verb, arg);
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
  while (i < format.length) {
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
    const readNumber = (): number | undefined => {
      if (format[i] === '*') {
        i++;
        const a = args[argi++];
        return typeof a === 'bigint' ? Number(a) : undefined;
      }
      const start = i;
      while (i < format.length && /[0-9]/.test(format[i] as string)) {
        i++;
      }
      return i > start ? Number(format.slice(start, i)) : undefined;
    };
    spec.width = readNumber();
    if (format[i] === '.') {
      i++;
      spec.prec = readNumber() ?? 0;
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
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatOne(verb, args[argi++], spec);
  }
  if (argi < args.length) {
    out += `%!(EXTRA ${args
      .slice(argi)
      .map((a) => `${a === null || a === undefined ? '<nil>' : goTypeName(a)}=${formatValue(a)}`)
      .join(', ')})`;
  }
  return out;
}
