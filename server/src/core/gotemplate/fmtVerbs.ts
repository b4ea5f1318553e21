/** How fmt prints one operand for one verb: integers, floats, strings, booleans, and the elements of lists and maps. */
import { formatFloat } from './floatFormat';
import { formatValue, goQuote } from './fmt';
import { goTypeName, isGoMap, isGoObject, sortedKeys } from './values';

/** The flags, width and precision of one directive (`%-08.3f`). */
export interface Spec {
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

/** One operand formatted for `verb`; `nested` inside a list or map. */
export function formatOne(verb: string, arg: unknown, spec: Spec, nested = false): string {
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
