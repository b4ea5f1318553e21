/**
 * The parser's position in the token list: peeking, consuming and backing up over tokens, with Go's wording for an
 * unexpected token and the line an error is reported on.
 */
import { goQuote } from './fmt';
import type { Token, TokenType } from './lex';
import { TemplateParseError, type Source } from './source';

/** Tokens read front to back; the parser extends it. */
export class TokenCursor {
  protected i = 0;

  constructor(
    protected readonly source: Source,
    protected readonly tokens: Token[],
  ) {}

  protected peekAfterLeft(): Token {
    let j = this.i + 1;
    while (this.tokens[j]?.type === 'space') {
      j++;
    }
    return this.tokens[j] as Token;
  }

  protected expect(type: TokenType, context: string): Token {
    const t = this.nextNonSpace();
    if (t.type !== type) {
      this.error(t.pos, `unexpected ${describe(t, this.source.text)} in ${context}`);
    }
    return t;
  }

  protected peek(): Token {
    const t = this.tokens[this.i] as Token;
    if (t.type === 'error') {
      this.lexError(t);
    }
    return t;
  }

  protected next(): Token {
    const t = this.peek();
    if (t.type !== 'eof') {
      this.i++;
    }
    return t;
  }

  protected back(): void {
    this.i--;
  }

  protected skipSpace(): void {
    while (this.peek().type === 'space') {
      this.i++;
    }
  }

  protected nextNonSpace(): Token {
    this.skipSpace();
    return this.next();
  }

  protected peekNonSpace(): Token {
    this.skipSpace();
    return this.peek();
  }

  /** Go adds where a multi-line action started: "unclosed action started at t:1". */
  protected lexError(t: Token): never {
    const { line } = this.source.position(t.pos);
    const start = t.actionPos === undefined ? line : this.source.position(t.actionPos).line;
    let message = t.val;
    if (start !== line) {
      message += `${t.val.endsWith(' action') ? '' : ' in action'} started at ${this.source.name}:${start}`;
    }
    return this.error(t.pos, message);
  }

  protected error(pos: number, message: string): never {
    const { line, col } = this.source.position(pos);
    throw new TemplateParseError(`template: ${this.source.name}:${line}: ${message}`, this.source.name, line, col);
  }
}

/** A token as Go's parser names it in errors: keywords, `.` and `nil` in <>, anything else quoted (%q, 10 runes at most). */
export function describe(t: Token, text: string): string {
  if (t.type === 'eof') {
    return 'EOF';
  }
  if (t.type === 'keyword' || t.type === 'dot' || t.type === 'nil') {
    return `<${t.val}>`;
  }
  const raw = t.end === undefined ? t.val : text.slice(t.pos, t.end);
  const runes = [...raw];
  return runes.length > 10 ? `${goQuote(runes.slice(0, 10).join(''))}...` : goQuote(raw);
}
