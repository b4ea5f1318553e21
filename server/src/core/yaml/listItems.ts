import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import { parseBlockDocument } from './blockParse';
import { seqNode } from './nodes';
import { shiftNode } from './shift';

/**
 * One item of a `kind: List` document (what `kubectl get -o yaml` prints), parsed on its own so that an edit
 * re-parses only the items it touches. A reused item keeps its identity (its `start` moves), as chunks do: the index
 * anchors cached positions to it.
 */
export interface ListItem {
  readonly text: string;
  /** Offset of the item (its `-` line) in the file its nodes' ranges currently refer to. */
  start: number;
  readonly node: Node;
  /** What a parse of the item alone gave for its one-item sequence, relative to `start`: its `-`, its ends. */
  readonly seqOffsets: readonly [number, number, number];
}

/** A List document read item by item: its root node and `yaml`'s `Document.range` for it. */
export interface ListDoc {
  readonly contents: YAMLMap;
  readonly range: [number, number, number];
  readonly items: ListItem[];
}

/** Where the parts of a List document are: the text before its items, each item, the text after them. */
interface ListLayout {
  readonly headEnd: number;
  readonly items: readonly { readonly start: number; readonly end: number }[];
  readonly tailStart: number;
}

/** Below this many items the whole document is parsed at once: splitting it saves nothing. */
const MIN_ITEMS = 2;

const ITEMS_LINE = /^items:[ ]*\r?$/m;

/**
 * Finds the items of a block mapping's `items:` key whose value is a block sequence, in `text` from `from` to `to`.
 * Undefined for anything else, and for layouts where comments or blank lines sit at an item's edge (which `yaml`
 * gives to one node or another by rules the parts would not see): the document is then parsed whole.
 */
function listLayout(text: string, from: number, to: number): ListLayout | undefined {
  // The first `items:` at column 0; a second one would be in the text after the items (a duplicate key, checked).
  const m = ITEMS_LINE.exec(text.slice(from, to));
  if (!m) {
    return undefined;
  }
  const nl = text.indexOf('\n', from + m.index);
  if (nl < 0 || nl >= to) {
    return undefined;
  }
  const headEnd = nl + 1;
  // The sequence's indentation: that of its first line, which must be a `-` item.
  let indent = 0;
  while (text.charCodeAt(headEnd + indent) === 32) {
    indent++;
  }
  if (!isItemStart(text, headEnd + indent, to)) {
    return undefined;
  }
  const items: { start: number; end: number }[] = [];
  let line = headEnd;
  let itemStart = headEnd;
  let previousEdge = true; // the line before an item's first line is content (checked as each line is read)
  while (line < to) {
    let end = text.indexOf('\n', line);
    end = end < 0 || end >= to ? to : end;
    const next = Math.min(end + 1, to);
    let col = 0;
    while (line + col < end && text.charCodeAt(line + col) === 32) {
      col++;
    }
    const contentEnd = end > line && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const blankOrComment = line + col === contentEnd || text.charCodeAt(line + col) === 35;
    if (!blankOrComment && col < indent) {
      break; // the sequence ends: the rest of the mapping follows
    }
    if (!blankOrComment && col === indent) {
      if (!isItemStart(text, line + col, contentEnd)) {
        if (indent === 0) {
          break; // an indentless sequence ends at the next key of its mapping
        }
        return undefined;
      }
      if (line !== headEnd) {
        if (!previousEdge) {
          return undefined;
        }
        items.push({ start: itemStart, end: line });
        itemStart = line;
      }
    }
    previousEdge = !blankOrComment;
    line = next;
  }
  if (!previousEdge) {
    return undefined;
  }
  items.push({ start: itemStart, end: line });
  return items.length >= MIN_ITEMS ? { headEnd, items, tailStart: line } : undefined;
}

function isItemStart(text: string, at: number, end: number): boolean {
  return text.charCodeAt(at) === 45 && (at + 1 >= end || text.charCodeAt(at + 1) === 32 || text.charCodeAt(at + 1) === 13 || text.charCodeAt(at + 1) === 10);
}

/** The keys of a block mapping's pairs, or undefined when one is not a plain scalar key. */
function keysOf(map: YAMLMap): string[] | undefined {
  const out: string[] = [];
  for (const p of map.items) {
    if (!isPair(p) || !isScalar(p.key)) {
      return undefined;
    }
    out.push(String(p.key.value));
  }
  return out;
}

/**
 * Parses a List document (the text of `file` from `from` to `to`) item by item with the block parser. Items of
 * `previous` whose text is found again are reused, their offsets moved; the others are parsed. Gives the same nodes
 * and ranges as the block parser reading the whole document, or undefined where it cannot (then the caller parses
 * the document whole).
 */
export function parseListDocument(file: string, from: number, to: number, previous?: readonly ListItem[]): ListDoc | undefined {
  const layout = listLayout(file, from, to);
  if (!layout) {
    return undefined;
  }
  const head = parseBlockDocument(file, from, layout.headEnd);
  const tail = layout.tailStart < to ? parseBlockDocument(file, layout.tailStart, to) : undefined;
  if (!head || !isMap(head.contents) || head.contents.flow || (layout.tailStart < to && (!tail || !isMap(tail.contents)))) {
    return undefined;
  }
  const root = head.contents;
  const itemsPair = root.items[root.items.length - 1];
  const headKeys = keysOf(root);
  const tailKeys = tail && isMap(tail.contents) ? keysOf(tail.contents) : [];
  if (!itemsPair || !isScalar(itemsPair.key) || itemsPair.key.value !== 'items' || !headKeys || !tailKeys) {
    return undefined;
  }
  const allKeys = [...headKeys, ...tailKeys];
  if (new Set(allKeys).size !== allKeys.length) {
    return undefined; // a duplicate key: `yaml` reports it
  }
  const items = reuseOrParse(file, layout.items, previous ?? []);
  if (!items || items.length === 0) {
    return undefined;
  }
  const seq = seqNode(false);
  for (const it of items) {
    seq.items.push(it.node);
  }
  const firstItem = items[0];
  const lastItem = items[items.length - 1];
  if (!firstItem || !lastItem) {
    return undefined;
  }
  const first = firstItem.start + firstItem.seqOffsets[0];
  const last = [first, lastItem.start + lastItem.seqOffsets[1], lastItem.start + lastItem.seqOffsets[2]] as const;
  seq.range = [first, last[1], last[2]];
  (itemsPair as Pair<unknown, unknown>).value = seq;
  const tailMap = tail?.contents;
  let end: [number, number, number] = [first, last[1], last[2]];
  if (tail && isMap(tailMap)) {
    root.items.push(...tailMap.items);
    const tr = tailMap.range as [number, number, number];
    end = tr;
  }
  const rr = root.range as [number, number, number];
  root.range = [rr[0], end[1], end[2]];
  const docEnd = tail ? tail.range[2] : end[2];
  return { contents: root, range: [head.range[0], end[2], docEnd], items };
}

/** The items at `spans`: reused from `previous` by text (in order at both ends, looked up in between), else parsed. */
function reuseOrParse(
  file: string,
  spans: readonly { readonly start: number; readonly end: number }[],
  previous: readonly ListItem[],
): ListItem[] | undefined {
  const texts = spans.map((s) => file.slice(s.start, s.end));
  let head = 0;
  while (head < texts.length && head < previous.length && texts[head] === previous[head]?.text) {
    head++;
  }
  let tail = 0;
  while (
    tail < texts.length - head &&
    tail < previous.length - head &&
    texts[texts.length - 1 - tail] === previous[previous.length - 1 - tail]?.text
  ) {
    tail++;
  }
  const lookup = new Map<string, ListItem[]>();
  for (const it of previous.slice(head, previous.length - tail)) {
    const list = lookup.get(it.text);
    if (list) {
      list.push(it);
    } else {
      lookup.set(it.text, [it]);
    }
  }
  const list: ListItem[] = [];
  for (const [i, span] of spans.entries()) {
    const text = texts[i] ?? '';
    const old =
      i < head ? previous[i] : i >= texts.length - tail ? previous[previous.length - texts.length + i] : lookup.get(text)?.shift();
    if (old) {
      if (old.start !== span.start) {
        shiftNode(old.node, span.start - old.start);
        old.start = span.start;
      }
      list.push(old);
      continue;
    }
    const doc = parseBlockDocument(file, span.start, span.end);
    const seq = doc?.contents;
    if (!isSeq(seq) || seq.items.length !== 1 || !seq.range) {
      return undefined;
    }
    const r = seq.range;
    list.push({ text, start: span.start, node: seq.items[0] as Node, seqOffsets: [r[0] - span.start, r[1] - span.start, r[2] - span.start] });
  }
  return list;
}
