import { Scalar } from 'yaml';
import type { Node, YAMLMap, YAMLSeq } from 'yaml';
import { doubleQuoted, GIVE_UP, isIndicator, plainScalar } from './blockScalars';
import { BLANK, BlockLines, COMMENT, CONTENT } from './blockLines';
import { mapNode, pairNode, rangeEndOf, scalarNode, seqNode, setRangeEnd } from './nodes';

/**
 * A parser for the block-style YAML that manifests are written in, several times faster than `yaml`'s
 * lexer → CST → composer pipeline. It builds `yaml`'s own node classes with the values, types and ranges `yaml`
 * would give them (comments are not kept: nothing downstream reads them), and gives up on anything outside its
 * subset, where the caller parses with `yaml`: anchors, aliases, tags, folded block scalars (literal ones are read),
 * non-empty flow collections, multi-line scalars, explicit keys, tabs, lone CRs, directives, and every syntax error.
 *
 * The ranges follow `yaml`'s CST rules for where comment lines end up, which decide the third offset of a node:
 * a comment line indented deeper than the collection of the scalar before it joins that scalar; the comment
 * lines left at the end of a collection stay with it when one of them is at least as deep as the collection,
 * else they move to its parent (see `yaml`'s `Parser.atIndentedComment` and `Parser.pop`). The unit tests compare
 * this parser with `yaml` on generated documents and on every YAML file of the repository. Scalars are read by
 * ./blockScalars, its lines (where each starts, its indentation, blank, comment or content) kept by ./blockLines.
 */

/** A parsed document: its root node and `yaml`'s `Document.range` for it. */
export interface BlockDoc {
  readonly contents: Node;
  readonly range: [number, number, number];
}

// Characters `yaml` treats specially or rejects, which this parser does not handle: control characters (tab and a
// CR outside CRLF included), the BOM, and line breaks YAML 1.1 knew.
const UNSUPPORTED_CHARS = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]|\r(?!\n)/;

/**
 * Parses one document: the text from `from` to `to`, holding at most one `---`, on its first line. Offsets are into
 * `text`. Returns undefined for what the parser does not read.
 */
export function parseBlockDocument(text: string, from = 0, to = text.length): BlockDoc | undefined {
  if (UNSUPPORTED_CHARS.test(from === 0 && to === text.length ? text : text.slice(from, to))) {
    return undefined;
  }
  try {
    return new BlockParser(text, from, to).document();
  } catch {
    // Giving up, or deep nesting running out of stack: `yaml` reads the document and reports what is wrong.
    return undefined;
  }
}

class BlockParser extends BlockLines {
  document(): BlockDoc | undefined {
    const text = this.text;
    let docStart: number | undefined;
    let first = 0;
    if (text.startsWith('---', this.from)) {
      const after = text.slice(this.from + 3, this.ends[0]);
      if (!/^(?: +(?:#.*)?)?$/.test(after)) {
        throw GIVE_UP;
      }
      docStart = this.from;
      first = 1;
    }
    for (let l = first; l < this.count; l++) {
      if (this.indents[l] === 0 && this.kinds[l] === CONTENT) {
        const s = this.starts[l] as number;
        if (text.startsWith('---', s) || text.startsWith('...', s) || text.charCodeAt(s) === 37 /* % */) {
          throw GIVE_UP;
        }
      }
    }
    const root = this.nextContent(first);
    if (root >= this.count) {
      // Empty documents are rare and cheap: let `yaml` say what they are.
      return undefined;
    }
    this.line = root;
    const contents = this.blockNode(root);
    if (this.nextContent(this.line) < this.count) {
      throw GIVE_UP;
    }
    const contentEnd = rangeEndOf(contents) as number;
    const end = this.line < this.count ? this.to : contentEnd;
    // Without `---`, the document starts at the line of its first content, indentation included.
    return { contents, range: [docStart ?? (this.starts[root] as number), contentEnd, end] };
  }

  /** The collection that starts on content line `l`, at its indentation. */
  private blockNode(l: number): YAMLMap | YAMLSeq {
    const col = this.indents[l] as number;
    const at = (this.starts[l] as number) + col;
    if (this.isSeqItem(at, l)) {
      return this.sequence(l, col);
    }
    if (this.keyEnd(at, l) !== undefined) {
      return this.mapping(l, col, at);
    }
    throw GIVE_UP;
  }

  /** A `-` followed by a space or the end of the line. */
  private isSeqItem(at: number, l: number): boolean {
    const text = this.text;
    return text.charCodeAt(at) === 45 && (at + 1 === this.ends[l] || text.charCodeAt(at + 1) === 32);
  }

  /**
   * Where the implicit key starting at `at` ends (the offset of its `:`), or undefined when the line holds no key
   * there. Gives up on keys this parser does not read.
   */
  private keyEnd(at: number, l: number): number | undefined {
    const text = this.text;
    const end = this.ends[l] as number;
    const c = text.charCodeAt(at);
    if (c === 34 || c === 39) {
      const close = this.quoteEnd(at, end);
      if (close === undefined) {
        return undefined;
      }
      if (close < end && text.charCodeAt(close) === 58 && (close + 1 === end || text.charCodeAt(close + 1) === 32)) {
        return close;
      }
      return undefined;
    }
    for (let i = at; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 58 && (i + 1 === end || text.charCodeAt(i + 1) === 32)) {
        if (i === at || text.charCodeAt(i - 1) === 32 || isIndicator(c) || i - at > 1000) {
          throw GIVE_UP;
        }
        return i;
      }
      if (ch === 35 && text.charCodeAt(i - 1) === 32) {
        return undefined;
      }
    }
    return undefined;
  }

  /** The offset just past the closing quote of the quoted scalar at `at`, on its line; undefined if none. */
  private quoteEnd(at: number, end: number): number | undefined {
    const text = this.text;
    const q = text.charCodeAt(at);
    for (let i = at + 1; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (q === 34 && ch === 92) {
        i++;
      } else if (ch === q) {
        if (q === 39 && text.charCodeAt(i + 1) === 39) {
          i++;
          continue;
        }
        return i + 1;
      }
    }
    return undefined;
  }

  private mapping(first: number, col: number, at: number): YAMLMap {
    const map = mapNode(false);
    let seen: Set<unknown> | undefined;
    let l = first;
    let keyAt = at;
    let end = at;
    for (;;) {
      const colon = this.keyEnd(keyAt, l);
      if (colon === undefined) {
        throw GIVE_UP;
      }
      const key = this.scalar(keyAt, colon, colon);
      // A plain `<<` is a merge key (YAML 1.1, as Kubernetes reads it): `yaml` merges it.
      if ((key.type === Scalar.PLAIN && key.source === '<<') || hasKey(map, key.value, seen)) {
        throw GIVE_UP;
      }
      if (seen) {
        seen.add(key.value);
      } else if (map.items.length === SCAN_KEYS) {
        seen = new Set(map.items.map((p) => (p.key as Scalar).value));
        seen.add(key.value);
      }
      const value = this.mapValue(l, colon + 1, col);
      map.items.push(pairNode(key, value));
      end = rangeEndOf(value) as number;
      const next = this.nextContent(this.line);
      if (next >= this.count || (this.indents[next] as number) < col) {
        break;
      }
      if (this.indents[next] !== col) {
        throw GIVE_UP;
      }
      keyAt = (this.starts[next] as number) + col;
      if (this.isSeqItem(keyAt, next)) {
        throw GIVE_UP;
      }
      l = next;
      this.line = next;
    }
    map.range = [at, end, this.trailingComments(col, end)];
    // A copy of the exact length: a pushed-to array keeps room for 17 items, and a big file's nodes are kept.
    map.items = map.items.slice();
    return map;
  }

  private sequence(first: number, col: number): YAMLSeq {
    const seq = seqNode(false);
    const text = this.text;
    const at = (this.starts[first] as number) + col;
    let l = first;
    let end = at;
    let commentBefore = this.hasComment(this.previousContent(first) + 1, first);
    for (;;) {
      const lineEnd = this.ends[l] as number;
      const dash = (this.starts[l] as number) + col;
      let c = dash + 1;
      while (c < lineEnd && text.charCodeAt(c) === 32) {
        c++;
      }
      let item: Node;
      if (c === lineEnd || text.charCodeAt(c) === 35) {
        // An empty item takes the comments before its `-` into its range: not handled here.
        item = this.valueBelow(l, col, c, c !== lineEnd || commentBefore, false);
      } else if (this.isSeqItem(c, l)) {
        throw GIVE_UP;
      } else if (this.keyEnd(c, l) !== undefined) {
        this.line = l;
        item = this.mapping(l, c - (this.starts[l] as number), c);
      } else {
        item = this.inline(l, c, col);
      }
      seq.items.push(item);
      end = rangeEndOf(item) as number;
      const next = this.nextContent(this.line);
      if (next >= this.count || (this.indents[next] as number) < col) {
        break;
      }
      if (this.indents[next] !== col) {
        throw GIVE_UP;
      }
      if (!this.isSeqItem((this.starts[next] as number) + col, next)) {
        // The next key of the mapping this sequence is the value of, at the same indentation.
        break;
      }
      commentBefore = this.hasComment(this.line, next);
      l = next;
      this.line = next;
    }
    seq.range = [at, end, this.trailingComments(col, end)];
    seq.items = seq.items.slice();
    return seq;
  }

  /** The value after a key's `:` at `after`, on its line or below it. */
  private mapValue(l: number, after: number, col: number): Node {
    const text = this.text;
    const lineEnd = this.ends[l] as number;
    let c = after;
    while (c < lineEnd && text.charCodeAt(c) === 32) {
      c++;
    }
    if (c === lineEnd || text.charCodeAt(c) === 35) {
      return this.valueBelow(l, col, c, c !== lineEnd, true);
    }
    return this.inline(l, c, col);
  }

  /**
   * The value of a key or sequence item whose line ends after its indicator: a collection on the lines below, or
   * an empty (null) scalar at `empty`. A mapping's value may be a sequence at the mapping's own indentation.
   */
  private valueBelow(l: number, col: number, empty: number, commented: boolean, inMap: boolean): Node {
    const next = this.nextContent(l + 1);
    if (next < this.count) {
      const ind = this.indents[next] as number;
      if (ind > col || (inMap && ind === col && this.isSeqItem((this.starts[next] as number) + col, next))) {
        this.line = next;
        return this.blockNode(next);
      }
    }
    // An empty value keeps the comments after it (they would move its range's end): not handled here.
    if (commented || this.hasComment(l + 1, next)) {
      throw GIVE_UP;
    }
    this.line = next;
    return scalarNode(null, '', Scalar.PLAIN, empty, empty, empty);
  }

  /** A scalar or empty flow collection starting at `c` on line `l`, the value of a collection at `col`. */
  private inline(l: number, c: number, col: number): Node {
    const text = this.text;
    const lineEnd = this.ends[l] as number;
    const rangeEnd = this.lineAfter(l);
    const ch = text.charCodeAt(c);
    if (ch === 124) {
      return this.literal(l, c, col);
    }
    let valueEnd: number;
    let node: Node;
    if (ch === 34 || ch === 39) {
      const close = this.quoteEnd(c, lineEnd);
      if (close === undefined) {
        throw GIVE_UP;
      }
      valueEnd = close;
      node = this.scalar(c, close, rangeEnd);
    } else if (ch === 91 || ch === 123) {
      if (text.charCodeAt(c + 1) !== (ch === 91 ? 93 : 125)) {
        throw GIVE_UP;
      }
      valueEnd = c + 2;
      node = ch === 91 ? seqNode(true) : mapNode(true);
      node.range = [c, valueEnd, rangeEnd];
    } else {
      valueEnd = lineEnd;
      for (let i = c + 1; i < lineEnd; i++) {
        if (text.charCodeAt(i) === 35 && text.charCodeAt(i - 1) === 32) {
          valueEnd = i;
          break;
        }
      }
      while (text.charCodeAt(valueEnd - 1) === 32) {
        valueEnd--;
      }
      node = this.scalar(c, valueEnd, rangeEnd);
    }
    // After the value: spaces, then a comment or the end of the line.
    let i = valueEnd;
    while (i < lineEnd && text.charCodeAt(i) === 32) {
      i++;
    }
    if (i < lineEnd && (text.charCodeAt(i) !== 35 || i === valueEnd)) {
      throw GIVE_UP;
    }
    this.line = l + 1;
    this.joinIndentedComments(node, col);
    return node;
  }

  /**
   * A literal block scalar (`|` or `|-`, alone on its line) on the lines below line `l`, the value of a collection at
   * `col`. Empty lines after the content are not part of it (they are chomped, and `yaml`'s lexer leaves them out of the
   * scalar's range). Declined: explicit indentation, `+` (keep), comments on the header line, leading empty lines and
   * lines of spaces only (where the lexer's rules on what belongs to the scalar get subtle).
   */
  private literal(l: number, c: number, col: number): Scalar {
    const text = this.text;
    const headerEnd = this.ends[l] as number;
    const strip = headerEnd === c + 2 && text.charCodeAt(c + 1) === 45;
    if (headerEnd !== c + 1 && !strip) {
      throw GIVE_UP;
    }
    const first = l + 1;
    const n = this.indents[first];
    if (n === undefined || n <= col || this.kinds[first] === BLANK) {
      throw GIVE_UP;
    }
    let last = first;
    let next = first + 1;
    for (; next < this.count; next++) {
      const lineStart = this.starts[next] as number;
      if ((this.ends[next] as number) === lineStart) {
        continue; // an empty line: in the scalar if content follows
      }
      if (this.kinds[next] === BLANK) {
        throw GIVE_UP;
      }
      if ((this.indents[next] as number) < n) {
        break;
      }
      last = next;
    }
    const lines: string[] = [];
    for (let i = first; i <= last; i++) {
      const lineStart = this.starts[i] as number;
      const lineEnd = this.ends[i] as number;
      lines.push(lineEnd === lineStart ? '' : text.slice(lineStart + n, lineEnd));
    }
    const value = lines.join('\n') + (strip ? '' : '\n');
    const end = this.lineAfter(last);
    this.line = last + 1;
    return scalarNode(value, value, Scalar.BLOCK_LITERAL, c, end, end);
  }

  /** A plain or single-line quoted scalar spanning [start, end), as `yaml` composes it; its range ends at `rangeEnd`. */
  private scalar(start: number, end: number, rangeEnd: number): Scalar {
    const text = this.text;
    const ch = text.charCodeAt(start);
    if (ch === 34 || ch === 39) {
      const body = text.slice(start + 1, end - 1);
      const value = ch === 34 ? doubleQuoted(body) : body.includes("'") ? body.replace(/''/g, "'") : body;
      return scalarNode(value, value, ch === 34 ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE, start, end, rangeEnd);
    }
    const source = text.slice(start, end);
    if (isIndicator(ch) && !((ch === 45 || ch === 63 || ch === 58) && end > start + 1 && text.charCodeAt(start + 1) !== 32)) {
      throw GIVE_UP;
    }
    if (source.includes(': ') || source.endsWith(':') || source.includes(' #')) {
      throw GIVE_UP;
    }
    return plainScalar(source, start, end, rangeEnd);
  }

  /**
   * `yaml` gives the comment lines right after a scalar that are indented deeper than its collection to the
   * scalar (blank lines between them included): its range then ends after the last of them.
   */
  private joinIndentedComments(node: Node, col: number): void {
    let joined = -1;
    for (let l = this.line; l < this.count; l++) {
      const kind = this.kinds[l];
      if (kind === CONTENT) {
        break;
      }
      if (kind === COMMENT) {
        if ((this.indents[l] as number) <= col) {
          break;
        }
        joined = l;
      }
    }
    if (joined >= 0) {
      setRangeEnd(node, this.lineAfter(joined));
      this.line = joined + 1;
    }
  }

  /**
   * The end of a collection at `col` that ends here. The blank and comment lines after its last item (up to the
   * indentation of the next content line) stay with it when one of the comments is at least as deep as it, and then
   * extend its range; else they move to its parent.
   */
  private trailingComments(col: number, end: number): number {
    if (col === 0) {
      return end;
    }
    const next = this.nextContent(this.line);
    for (let l = this.line; l < next; l++) {
      if (this.kinds[l] === COMMENT && (this.indents[l] as number) >= col) {
        this.line = next;
        return next < this.count ? (this.starts[next] as number) + (this.indents[next] as number) : this.to;
      }
    }
    return end;
  }
}

/** Maps with more keys than this look their keys up in a Set (a linear scan of a hostile 100,000-key map would hang). */
const SCAN_KEYS = 32;

/**
 * Whether a map already has a key of this value (SameValueZero, as a Set compares); `seen` is the Set kept from
 * {@link SCAN_KEYS} keys on. Below that a linear scan: manifests' maps are small, and a Set per map was a fair share of
 * a big file's garbage.
 */
function hasKey(map: YAMLMap, value: unknown, seen: Set<unknown> | undefined): boolean {
  if (seen) {
    return seen.has(value);
  }
  const items = map.items;
  for (let i = 0; i < items.length; i++) {
    const k = (items[i] as { key: Scalar }).key.value;
    if (k === value || (k !== k && value !== value)) {
      return true;
    }
  }
  return false;
}
