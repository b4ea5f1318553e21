/**
 * Go's fmt as templates use it: Sprint, Sprintln and the %v form of every value kind in {@link ./values}, and
 * strconv.Quote. Sprintf is in ./sprintf, the verbs it formats with in ./fmtVerbs.
 */
import { formatFloat } from './floatFormat';
import { isGoMap, isGoObject, sortedKeys } from './values';

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
