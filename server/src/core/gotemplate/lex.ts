/**
 * The lexer of Go's text/template: text and actions between `{{` and `}}`, with `{{- ` / ` -}}` trimming the
 * white space next to them, comments `{{/* ... *\/}}`, and the tokens of an action.
 */

export type TokenType =
  | 'text'
  | 'left'
  | 'right'
  | 'space'
  | 'identifier'
  | 'keyword'
  | 'field'
  | 'variable'
  | 'string'
  | 'char'
  | 'number'
  | 'bool'
  | 'nil'
  | 'dot'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'declare'
  | 'assign'
  | 'comma'
  | 'error'
  | 'eof';

export interface Token {
  readonly type: TokenType;
  /** Offset of the token in the source. */
  readonly pos: number;
  /** Source text of the token (for strings and chars: the unquoted value; for an error: its message). */
  readonly val: string;
  /** Offset just past the token's source text, when it differs from `val` or is needed for messages. */
  readonly end?: number;
  /** For an error inside an action: where the action's `{{` is. */
  readonly actionPos?: number;
}

export class LexError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);
const SPACE = new Set([' ', '\t', '\r', '\n']);
/** The one-character tokens of an action (`:=` is two). */
const PUNCTUATION: ReadonlyMap<string, TokenType> = new Map<string, TokenType>([
  ['=', 'assign'],
  ['|', 'pipe'],
  [',', 'comma'],
  ['(', 'leftParen'],
  [')', 'rightParen'],
]);
const LEFT = '{{';
const RIGHT = '}}';

function isSpace(c: string | undefined): boolean {
  return c !== undefined && SPACE.has(c);
}

function isAlphaNumeric(c: string | undefined): boolean {
  return c !== undefined && (c === '_' || /[\p{L}\p{Nd}]/u.test(c));
}

/**
 * Tokens of a whole template source. The first error ends them as an `error` token, which the parser reports when
 * it reaches it, as Go's parser does with its lexer's error item (an earlier parse error wins).
 */
export function lex(src: string): Token[] {
  const out: Token[] = [];
  try {
    lexInto(src, out);
  } catch (e) {
    if (!(e instanceof LexError)) {
      throw e;
    }
    const actionPos = (e as LexError & { actionPos?: number }).actionPos;
    out.push({ type: 'error', pos: e.pos, val: e.message, actionPos });
    out.push({ type: 'eof', pos: src.length, val: '' });
  }
  return out;
}

function lexInto(src: string, out: Token[]): void {
  let pos = 0;
  let trimNextText = false;
  while (pos <= src.length) {
    const next = src.indexOf(LEFT, pos);
    let textEnd = next < 0 ? src.length : next;
    let textStart = pos;
    if (trimNextText) {
      while (textStart < textEnd && isSpace(src[textStart])) {
        textStart++;
      }
      trimNextText = false;
    }
    const trimLeft = next >= 0 && src[next + 2] === '-' && isSpace(src[next + 3]);
    if (trimLeft) {
      while (textEnd > textStart && isSpace(src[textEnd - 1])) {
        textEnd--;
      }
    }
    if (textEnd > textStart) {
      out.push({ type: 'text', pos: textStart, val: src.slice(textStart, textEnd) });
    }
    if (next < 0) {
      break;
    }
    let p = next + 2 + (trimLeft ? 2 : 0);
    // A comment must come straight after the delimiter and end straight before the closing one.
    if (src.startsWith('/*', p)) {
      const end = src.indexOf('*/', p + 2);
      if (end < 0) {
        throw new LexError('unclosed comment', next);
      }
      p = end + 2;
      const rt = isSpace(src[p]) && src[p + 1] === '-' && src.startsWith(RIGHT, p + 2);
      if (!rt && !src.startsWith(RIGHT, p)) {
        throw new LexError('comment ends before closing delimiter', next);
      }
      pos = p + (rt ? 4 : 2);
      trimNextText = rt;
      continue;
    }
    out.push({ type: 'left', pos: next, val: LEFT });
    let r: { end: number; trim: boolean };
    try {
      r = lexAction(src, p, out);
    } catch (e) {
      if (e instanceof LexError) {
        Object.assign(e, { actionPos: next });
      }
      throw e;
    }
    pos = r.end;
    trimNextText = r.trim;
  }
  out.push({ type: 'eof', pos: src.length, val: '' });
}

function lexAction(src: string, start: number, out: Token[]): { end: number; trim: boolean } {
  let p = start;
  let parens = 0;
  const emit = (type: TokenType, from: number, val = src.slice(from, p)): void => {
    out.push({ type, pos: from, val, end: p });
  };
  for (;;) {
    if (isSpace(src[p]) && src[p + 1] === '-' && src.startsWith(RIGHT, p + 2)) {
      // ` -}}`: the space belongs to the marker.
      if (parens > 0) {
        throw new LexError('unclosed left paren', p);
      }
      // The token starts at the marker, so an action's source never ends in " -".
      out.push({ type: 'right', pos: p, val: RIGHT });
      return { end: p + 4, trim: true };
    }
    if (src.startsWith(RIGHT, p)) {
      if (parens > 0) {
        throw new LexError('unclosed left paren', p);
      }
      out.push({ type: 'right', pos: p, val: RIGHT });
      return { end: p + 2, trim: false };
    }
    const c = src[p];
    if (c === undefined) {
      throw new LexError('unclosed action', p);
    }
    const from = p;
    if (isSpace(c)) {
      while (isSpace(src[p]) && !(src[p + 1] === '-' && src.startsWith(RIGHT, p + 2))) {
        p++;
      }
      if (p > from) {
        emit('space', from);
      }
      continue;
    }
    const punctuation = PUNCTUATION.get(c);
    if (punctuation !== undefined) {
      p++;
      parens += c === '(' ? 1 : c === ')' ? -1 : 0;
      if (parens < 0) {
        throw new LexError(`unexpected right paren`, from);
      }
      emit(punctuation, from);
      continue;
    }
    if (c === ':') {
      if (src[p + 1] !== '=') {
        throw new LexError('expected :=', p);
      }
      p += 2;
      emit('declare', from);
      continue;
    }
    if (c === '"') {
      p = quotedStringEnd(src, from);
      emit('string', from, unquote(src.slice(from, p), from));
      continue;
    }
    if (c === '`') {
      const end = src.indexOf('`', p + 1);
      if (end < 0) {
        throw new LexError('unterminated raw quoted string', from);
      }
      p = end + 1;
      emit('string', from, src.slice(from + 1, end).replace(/\r/g, ''));
      continue;
    }
    if (c === "'") {
      p = charConstantEnd(src, from);
      emit('char', from, charConstant(src, from, p));
      continue;
    }
    if (c === '$') {
      p = wordEnd(src, p + 1);
      emit('variable', from);
      continue;
    }
    if (c === '.') {
      if (/[0-9]/.test(src[p + 1] ?? '')) {
        p = lexNumber(src, p);
        emit('number', from);
        continue;
      }
      p++;
      if (!isAlphaNumeric(src[p])) {
        emit('dot', from);
        continue;
      }
      p = wordEnd(src, p);
      emit('field', from);
      continue;
    }
    if (c === '+' || c === '-' || /[0-9]/.test(c)) {
      p = lexNumber(src, p);
      emit('number', from);
      continue;
    }
    if (isAlphaNumeric(c)) {
      p = wordEnd(src, p);
      emit(wordType(src.slice(from, p)), from);
      continue;
    }
    throw new LexError(`unrecognized character in action: ${describeRune(src, from)}`, from);
  }
}

/** Where the quoted string starting at `from` ends (just past its closing quote). */
function quotedStringEnd(src: string, from: number): number {
  let p = from + 1;
  for (;;) {
    const d = src[p];
    if (d === undefined || d === '\n') {
      throw new LexError('unterminated quoted string', from);
    }
    p++;
    if (d === '\\') {
      if (src[p] === undefined || src[p] === '\n') {
        throw new LexError('unterminated quoted string', from);
      }
      p++;
    } else if (d === '"') {
      return p;
    }
  }
}

/** Where the character constant starting at `from` ends (just past its closing quote). */
function charConstantEnd(src: string, from: number): number {
  let p = from + 1;
  for (;;) {
    const d = src[p];
    if (d === undefined || d === '\n') {
      throw new LexError('unterminated character constant', from);
    }
    p++;
    if (d === '\\') {
      p++;
    } else if (d === "'") {
      return p;
    }
  }
}

/** The one character that the constant `src[from, end)` stands for. */
function charConstant(src: string, from: number, end: number): string {
  const body = unquote(`"${src.slice(from + 1, end - 1).replace(/"/g, '\\"')}"`, from);
  if ([...body].length !== 1) {
    throw new LexError(`malformed character constant: ${src.slice(from, end)}`, from);
  }
  return body;
}

/** The end of the word (identifier characters) from `p`, which must be followed by what may end a word. */
function wordEnd(src: string, start: number): number {
  let p = start;
  while (isAlphaNumeric(src[p])) {
    p++;
  }
  checkTerminator(src, p);
  return p;
}

function wordType(word: string): TokenType {
  if (KEYWORDS.has(word)) {
    return 'keyword';
  }
  if (word === 'true' || word === 'false') {
    return 'bool';
  }
  return word === 'nil' ? 'nil' : 'identifier';
}

function checkTerminator(src: string, p: number): void {
  const c = src[p];
  if (c === undefined || isSpace(c) || '.,|:)('.includes(c) || src.startsWith(RIGHT, p)) {
    return;
  }
  throw new LexError(`bad character ${describeRune(src, p)}`, p);
}

/** Go's %#U of the rune at `p`: `U+0023 '#'`. */
function describeRune(src: string, p: number): string {
  const cp = src.codePointAt(p) as number;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return /[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]/u.test(String.fromCodePoint(cp)) ? `${hex} '${String.fromCodePoint(cp)}'` : hex;
}

function lexNumber(src: string, start: number): number {
  let p = start;
  if (src[p] === '+' || src[p] === '-') {
    p++;
  }
  let digits = '0123456789_';
  if (src[p] === '0' && /[xXoObB]/.test(src[p + 1] ?? '')) {
    const base = (src[p + 1] as string).toLowerCase();
    p += 2;
    digits = base === 'x' ? '0123456789abcdefABCDEF_' : base === 'o' ? '01234567_' : '01_';
  }
  const run = (set: string): void => {
    while (src[p] !== undefined && set.includes(src[p] as string)) {
      p++;
    }
  };
  run(digits);
  if (src[p] === '.') {
    p++;
    run(digits);
  }
  const hex = digits.includes('a');
  if (!hex && (src[p] === 'e' || src[p] === 'E')) {
    p++;
    if (src[p] === '+' || src[p] === '-') {
      p++;
    }
    run('0123456789_');
  }
  if (hex && (src[p] === 'p' || src[p] === 'P')) {
    p++;
    if (src[p] === '+' || src[p] === '-') {
      p++;
    }
    run('0123456789_');
  }
  if (src[p] === 'i') {
    p++;
  }
  if (isAlphaNumeric(src[p])) {
    throw new LexError(`bad number syntax: ${JSON.stringify(src.slice(start, p + 1))}`, start);
  }
  return p;
}

/** strconv.Unquote of a double-quoted Go string. */
function unquote(quoted: string, pos: number): string {
  const s = quoted.slice(1, -1);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = s[++i];
    const hex = (n: number): string => {
      const h = s.slice(i + 1, i + 1 + n);
      if (h.length !== n || !/^[0-9a-fA-F]+$/.test(h)) {
        throw new LexError(`invalid syntax in quoted string ${quoted}`, pos);
      }
      i += n;
      return h;
    };
    switch (e) {
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
        out += '\\';
        break;
      case '"':
        out += '"';
        break;
      case "'":
        out += "'";
        break;
      case 'x':
        out += String.fromCharCode(parseInt(hex(2), 16));
        break;
      case 'u':
        out += String.fromCodePoint(parseInt(hex(4), 16));
        break;
      case 'U':
        out += String.fromCodePoint(parseInt(hex(8), 16));
        break;
      default:
        if (e !== undefined && /[0-7]/.test(e)) {
          const o = s.slice(i, i + 3);
          if (!/^[0-7]{3}$/.test(o)) {
            throw new LexError(`invalid syntax in quoted string ${quoted}`, pos);
          }
          out += String.fromCharCode(parseInt(o, 8));
          i += 2;
          break;
        }
        throw new LexError(`invalid syntax in quoted string ${quoted}`, pos);
    }
  }
  return out;
}
