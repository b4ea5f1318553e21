/**
 * A small TextMate tokenizer for testing our grammars without `vscode-textmate` and `vscode-oniguruma`
 * (not installed). It runs the grammar's regexes with JavaScript's RegExp, so it only accepts
 * JS-compatible regexes (our grammars keep to that, see ONIG_ONLY), and it supports what our grammars use:
 * `match`, `begin`/`end`, `name`, `contentName`, `captures`/`beginCaptures`/`endCaptures`, `patterns`,
 * `include` of `#repo` and `$self`. Like vscode-textmate it takes, at each position, the earliest match;
 * on a tie the end pattern wins (unless `applyEndPatternLast`), then the first pattern in order.
 * It has no base grammar: an injection grammar is run on its own, as if every position were open to it.
 */

/** A rule as written in a .tmLanguage.json file. */
export interface RawRule {
  readonly include?: string;
  readonly match?: string;
  readonly begin?: string;
  readonly end?: string;
  readonly while?: string;
  readonly name?: string;
  readonly contentName?: string;
  readonly captures?: RawCaptures;
  readonly beginCaptures?: RawCaptures;
  readonly endCaptures?: RawCaptures;
  readonly patterns?: readonly RawRule[];
  readonly applyEndPatternLast?: boolean | number;
}

/** Capture index → scope (and, in TextMate, optional patterns, which this tokenizer does not run). */
export type RawCaptures = Readonly<Record<string, { readonly name?: string; readonly patterns?: readonly RawRule[] }>>;

/** A whole grammar file. */
export interface RawGrammar {
  readonly scopeName: string;
  readonly patterns: readonly RawRule[];
  readonly repository?: Readonly<Record<string, RawRule>>;
  readonly injectionSelector?: string;
}

/** A piece of a line and the scopes on it, outermost first (the grammar's own scopeName left out). */
export interface Token {
  readonly text: string;
  readonly start: number;
  readonly scopes: readonly string[];
}

/** Regex syntax Oniguruma accepts and JavaScript does not (or reads differently). */
export const ONIG_ONLY: readonly { readonly what: string; readonly re: RegExp }[] = [
  { what: 'atomic group (?>…)', re: /\(\?>/ },
  { what: 'possessive quantifier', re: /(?<!\\)[*+?}]\+/ },
  { what: '\\G, \\A, \\z or \\Z anchor', re: /\\[GAzZ]/ },
  { what: '\\h or \\H', re: /\\[hH]/ },
  { what: 'inline flags (?i) / (?x) / (?m)', re: /\(\?[imx]+[):]/ },
  { what: 'absent operator (?~…)', re: /\(\?~/ },
  { what: 'conditional (?(…)…)', re: /\(\?\(/ },
  { what: 'comment (?#…)', re: /\(\?#/ },
  { what: '\\p{…} property (needs the u flag in JS)', re: /\\[pP]\{/ },
  { what: '\\x{…} code point', re: /\\x\{/ },
  { what: 'POSIX bracket [[:alpha:]]', re: /\[\[:/ },
  { what: 'character class intersection &&', re: /&&/ },
];

/** The Oniguruma-only constructs in a regex source (empty: JS can run it). */
export function onigOnlySyntax(source: string): string[] {
  return ONIG_ONLY.filter((o) => o.re.test(source)).map((o) => o.what);
}

/** Compiles a grammar regex for JS; throws when it uses Oniguruma-only syntax. */
export function compile(source: string): RegExp {
  const onig = onigOnlySyntax(source);
  if (onig.length > 0) {
    throw new Error(`regex uses Oniguruma-only syntax (${onig.join(', ')}): ${source}`);
  }
  return new RegExp(source, 'dg');
}

interface Frame {
  readonly rule: RawRule | undefined;
  readonly end: RegExp | undefined;
  /** Scopes of the frame's content. */
  readonly scopes: readonly string[];
  /** Scopes of the frame's begin and end delimiters. */
  readonly outer: readonly string[];
  readonly patterns: readonly RawRule[];
}

interface Hit {
  readonly kind: 'end' | 'rule';
  readonly rule: RawRule | undefined;
  readonly m: RegExpExecArray;
}

const split = (name: string | undefined): string[] => (name ? name.split(/\s+/).filter(Boolean) : []);

/** Tokenizes text line by line with one grammar. */
export class MiniTokenizer {
  private readonly cache = new Map<string, RegExp>();

  constructor(private readonly grammar: RawGrammar) {}

  /** Tokens of each line of `text` (lines split on \n; a trailing \r is kept out). */
  tokenize(text: string): Token[][] {
    const root: Frame = { rule: undefined, end: undefined, scopes: [], outer: [], patterns: this.grammar.patterns };
    let stack: Frame[] = [root];
    return text.split('\n').map((raw) => {
      const line = raw.replace(/\r$/, '');
      const { tokens, stack: next } = this.tokenizeLine(line, stack);
      stack = next;
      return merge(tokens);
    });
  }

  private tokenizeLine(line: string, start: Frame[]): { tokens: Token[]; stack: Frame[] } {
    const stack = [...start];
    const tokens: Token[] = [];
    let pos = 0;
    let guard = 0;
    while (pos <= line.length) {
      if (++guard > 10_000) {
        throw new Error(`tokenizer loop at ${pos} in: ${line}`);
      }
      const frame = stack[stack.length - 1]!;
      const hit = this.next(line, pos, frame);
      if (!hit) {
        push(tokens, line, pos, line.length, frame.scopes);
        break;
      }
      const mStart = hit.m.index;
      const mEnd = mStart + hit.m[0].length;
      push(tokens, line, pos, mStart, frame.scopes);
      if (hit.kind === 'end') {
        emitCaptures(tokens, line, hit.m, frame.outer, undefined, hit.rule?.endCaptures ?? hit.rule?.captures);
        stack.pop();
        pos = mEnd;
        if (mEnd === mStart && pos >= line.length) {
          break;
        }
        continue;
      }
      const rule = hit.rule!;
      if (rule.match !== undefined) {
        emitCaptures(tokens, line, hit.m, frame.scopes, rule.name, rule.captures);
        if (mEnd === mStart) {
          // An empty match makes no progress: let the character through, as vscode-textmate does.
          push(tokens, line, pos, Math.min(pos + 1, line.length), frame.scopes);
          pos += 1;
          continue;
        }
        pos = mEnd;
        continue;
      }
      // begin/end
      const outer = [...frame.scopes, ...split(rule.name)];
      emitCaptures(tokens, line, hit.m, outer, undefined, rule.beginCaptures ?? rule.captures);
      stack.push({
        rule,
        end: this.re(rule.end!),
        outer,
        scopes: [...outer, ...split(rule.contentName)],
        patterns: rule.patterns ?? [],
      });
      pos = mEnd;
    }
    return { tokens, stack };
  }

  private next(line: string, pos: number, frame: Frame): Hit | undefined {
    let best: Hit | undefined;
    const consider = (h: Hit): void => {
      if (!best || h.m.index < best.m.index) {
        best = h;
      }
    };
    const endLast = Boolean(frame.rule?.applyEndPatternLast);
    const endHit = frame.end ? this.exec(frame.end, line, pos) : undefined;
    if (endHit && !endLast) {
      consider({ kind: 'end', rule: frame.rule, m: endHit });
    }
    for (const rule of this.flatten(frame.patterns, new Set())) {
      const src = rule.match ?? rule.begin;
      if (src === undefined) {
        continue;
      }
      const m = this.exec(this.re(src), line, pos);
      if (m) {
        consider({ kind: 'rule', rule, m });
      }
    }
    if (endHit && endLast) {
      consider({ kind: 'end', rule: frame.rule, m: endHit });
    }
    return best;
  }

  private exec(re: RegExp, line: string, pos: number): RegExpExecArray | undefined {
    re.lastIndex = pos;
    return re.exec(line) ?? undefined;
  }

  private re(source: string): RegExp {
    let re = this.cache.get(source);
    if (!re) {
      re = compile(source);
      this.cache.set(source, re);
    }
    return re;
  }

  /** The patterns with includes resolved, in order. */
  private flatten(patterns: readonly RawRule[], seen: Set<string>): RawRule[] {
    const out: RawRule[] = [];
    for (const p of patterns) {
      if (p.include === undefined) {
        if (p.match === undefined && p.begin === undefined && p.patterns) {
          out.push(...this.flatten(p.patterns, seen));
        } else {
          out.push(p);
        }
        continue;
      }
      if (seen.has(p.include)) {
        continue;
      }
      const inner = new Set(seen).add(p.include);
      if (p.include === '$self' || p.include === '$base') {
        out.push(...this.flatten(this.grammar.patterns, inner));
      } else if (p.include.startsWith('#')) {
        const target = this.grammar.repository?.[p.include.slice(1)];
        if (!target) {
          throw new Error(`include ${p.include} does not resolve`);
        }
        out.push(...this.flatten([target], inner));
      } else {
        throw new Error(`include of another grammar (${p.include}) is not supported here`);
      }
    }
    return out;
  }
}

function push(tokens: Token[], line: string, from: number, to: number, scopes: readonly string[]): void {
  if (to > from) {
    tokens.push({ text: line.slice(from, to), start: from, scopes });
  }
}

/** Splits a match into tokens at every capture boundary; each piece gets the scopes of the captures holding it. */
function emitCaptures(
  tokens: Token[],
  line: string,
  m: RegExpExecArray,
  base: readonly string[],
  ruleName: string | undefined,
  captures: RawCaptures | undefined,
): void {
  const start = m.index;
  const end = start + m[0].length;
  const ranges: { from: number; to: number; scopes: string[] }[] = [];
  const indices = m.indices ?? [];
  for (const [key, cap] of Object.entries(captures ?? {})) {
    if (cap.patterns) {
      throw new Error('capture patterns are not supported by the mini tokenizer');
    }
    const range = indices[Number(key)];
    if (range && range[1] > range[0] && cap.name) {
      ranges.push({ from: range[0], to: range[1], scopes: split(cap.name) });
    }
  }
  ranges.sort((a, b) => a.from - b.from || b.to - a.to);
  const cuts = [...new Set([start, end, ...ranges.flatMap((r) => [r.from, r.to])])].sort((a, b) => a - b);
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i]!;
    const to = cuts[i + 1]!;
    const scopes = [...base, ...split(ruleName)];
    for (const r of ranges) {
      if (r.from <= from && to <= r.to) {
        scopes.push(...r.scopes);
      }
    }
    push(tokens, line, from, to, scopes);
  }
}

function merge(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const last = out[out.length - 1];
    if (last && last.start + last.text.length === t.start && last.scopes.join(' ') === t.scopes.join(' ')) {
      out[out.length - 1] = { text: last.text + t.text, start: last.start, scopes: last.scopes };
    } else {
      out.push(t);
    }
  }
  return out;
}

/** The scopes at a column of a tokenized line. */
export function scopesAt(line: readonly Token[], column: number): readonly string[] {
  const t = line.find((tok) => tok.start <= column && column < tok.start + tok.text.length);
  return t ? t.scopes : [];
}

/** The scopes of the first occurrence of `text` in the line (every character of it must share them). */
export function scopesOf(source: string, line: readonly Token[], text: string, from = 0): readonly string[] {
  const at = source.indexOf(text, from);
  if (at < 0) {
    throw new Error(`"${text}" is not in: ${source}`);
  }
  const first = scopesAt(line, at);
  for (let c = at + 1; c < at + text.length; c++) {
    const here = scopesAt(line, c);
    if (here.join(' ') !== first.join(' ')) {
      throw new Error(`"${text}" is split across tokens (${first.join(' ')} | ${here.join(' ')}) in: ${source}`);
    }
  }
  return first;
}
