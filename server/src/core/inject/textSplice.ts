/**
 * The `minimal` writer's first choice: the user's text with only what the injection changed spliced in. Every other
 * byte stays as written (comments, flow maps, folded scalars, quoting, `0400` octal), because kubectl reads the
 * user's bytes, not `yaml`'s rendering of them. Returns undefined where a splice is not done here (aliases and merge
 * keys on a changed path, reordered list items, removals from flow collections); the caller then rewrites the document.
 */
import { Document, isAlias, isMap, isScalar, isSeq, Scalar, visit, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { KUBERNETES_YAML } from '../yaml/kubernetesYaml';
import { sameJson } from './sameJson';

type Rec = Record<string, unknown>;

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Thrown to give up on splicing; caught by spliceText. */
const UNSUPPORTED: unique symbol = Symbol('unsupported splice');

const fail = (): never => {
  throw UNSUPPORTED;
};

export interface SpliceStyle {
  /** Spaces per indentation level of the user's document. */
  readonly indent: number;
  /** Whether block sequences are indented under their key (`key:\n  - x`) or not (`key:\n- x`). */
  readonly indentSeq: boolean;
}

/** The user's text with `updated` spliced in, or undefined when this splice cannot express the change. */
export function spliceText(doc: Document, text: string, updated: unknown, style: SpliceStyle): string | undefined {
  const root = doc.contents as Node | null;
  if (!root) {
    return undefined;
  }
  const edits: Edit[] = [];
  try {
    new Splicer(doc, text, style, edits).node(root, updated, 0);
  } catch {
    // UNSUPPORTED, or a value this walk cannot read on its own (a merge key inside a list item): the caller rewrites.
    return undefined;
  }
  edits.sort((a, b) => a.start - b.start);
  const crlf = text.includes('\r\n');
  let out = '';
  let at = 0;
  for (const e of edits) {
    if (e.start < at) {
      return undefined; // overlapping edits: not expected, and not worth guessing
    }
    out += text.slice(at, e.start) + (crlf ? e.text.replace(/\r?\n/g, '\r\n') : e.text);
    at = e.end;
  }
  return out + text.slice(at);
}

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

class Splicer {
  constructor(
    private readonly doc: Document,
    private readonly text: string,
    private readonly style: SpliceStyle,
    private readonly edits: Edit[],
  ) {}

  /** Makes `node` (whose collection starts at column `col`) hold `value`. */
  node(node: unknown, value: unknown, col: number): void {
    if (same(this.doc, node, value)) {
      return;
    }
    if (isAlias(node) || !node || typeof node !== 'object' || !('range' in node) || !(node as Node).range) {
      fail();
    }
    if (isMap(node) && isRec(value)) {
      this.map(node, value);
    } else if (isSeq(node) && Array.isArray(value)) {
      this.seq(node, value);
    } else if (isScalar(node) && !isRec(value) && !Array.isArray(value)) {
      this.scalar(node, value);
    } else if (isScalar(node) && (node.value === null || node.value === undefined) && node.source === '') {
      // `key:` with nothing after it becomes a collection: written on the lines below the key.
      const [start] = node.range as [number, number, number];
      const w = this.style.indent;
      const inner = Array.isArray(value) && !this.style.indentSeq ? col : col + w;
      const block = indentLines(blockText(value, w, this.style.indentSeq), inner).replace(/\n$/, '');
      this.edits.push({ start, end: start, text: `\n${block}` });
    } else {
      fail();
    }
  }

  private map(map: YAMLMap, value: Rec): void {
    const seen = new Set<string>();
    const col = this.column(map);
    const merges = map.items.some((item) => keyText((item as Pair).key) === '<<');
    if (merges) {
      // Keys a merge brings in are the anchor's: they must be as they were, since editing them would edit every
      // map that merges the anchor. Keys written here before a merge may be overwritten by it: not spliced.
      const effective = map.toJS(this.doc, { maxAliasCount: -1 }) as Rec;
      let merged = false;
      for (const item of map.items) {
        const key = keyText((item as Pair).key);
        if (key === '<<') {
          merged = true;
        } else if (!merged && !sameJson(effective[key], (item as Pair).value === null ? null : nodeJs(this.doc, (item as Pair).value))) {
          fail();
        }
      }
      const explicit = new Set(map.items.map((item) => keyText((item as Pair).key)));
      for (const k of Object.keys(effective)) {
        if (!explicit.has(k)) {
          if (!sameJson(effective[k], value[k])) {
            fail();
          }
          seen.add(k);
        }
      }
    }
    for (const item of map.items) {
      const pair = item as Pair;
      const key = keyText(pair.key);
      seen.add(key);
      if (key === '<<') {
        continue;
      }
      if (!Object.prototype.hasOwnProperty.call(value, key)) {
        this.remove(map, pair);
        continue;
      }
      this.node(pair.value, value[key], col);
    }
    const added = Object.entries(value).filter(([k, v]) => !seen.has(k) && !isEmptyAddition(v));
    if (added.length === 0) {
      return;
    }
    if (map.flow) {
      const close = flowClose(this.text, map, '}');
      const last = map.items[map.items.length - 1] as Pair | undefined;
      const entries = added.map(([k, v]) => flowText({ [k]: v }).slice(1, -1).trim());
      const at = last ? nodeEnd(last.value ?? last.key) : close;
      this.edits.push({ start: at, end: at, text: `${last ? ', ' : ''}${entries.join(', ')}` });
      return;
    }
    const at = this.lineAfter(map);
    const lines = added.map(([k, v]) => indentLines(blockText({ [k]: v }, this.style.indent, this.style.indentSeq), col)).join('');
    this.edits.push({ start: at, end: at, text: this.newlineBefore(at) + lines });
  }

  private seq(seq: YAMLSeq, value: unknown[]): void {
    const old = seq.items;
    // Each new item takes the old item it is (same identity), or the old item at its place when edited in place.
    const pool = new Map<string, number[]>();
    old.forEach((item, i) => {
      const id = identity(nodeJs(this.doc, item));
      pool.set(id, [...(pool.get(id) ?? []), i]);
    });
    const used = new Set<number>();
    const match: (number | undefined)[] = value.map((v) => {
      const i = pool.get(identity(v))?.find((n) => !used.has(n));
      if (i !== undefined) {
        used.add(i);
      }
      return i;
    });
    value.forEach((v, i) => {
      const j = i < old.length && !used.has(i) && isRec(v) && isMap(old[i]) && match[i] === undefined ? i : undefined;
      if (j !== undefined && !value.some((x) => identity(x) === identity(nodeJs(this.doc, old[j])))) {
        used.add(j);
        match[i] = j;
      }
    });
    // Old items keep their order: anything else is a move this splice does not write.
    let last = -1;
    for (const m of match) {
      if (m !== undefined) {
        if (m < last) {
          fail();
        }
        last = m;
      }
    }
    const col = this.column(seq);
    for (const [i, item] of old.entries()) {
      if (!used.has(i)) {
        if (seq.flow) {
          fail();
        }
        this.removeLines(lineStart(this.text, (item as Node).range?.[0] ?? fail()), this.lineAfter(item as Node));
      }
    }
    const itemCol = seq.flow ? 0 : col;
    let pending: unknown[] = [];
    const flush = (before: number | undefined): void => {
      if (pending.length === 0) {
        return;
      }
      if (seq.flow) {
        const texts = pending.map((v) => flowText([v]).slice(1, -1).trim());
        const lastItem = old[old.length - 1] as Node | undefined;
        if (before === undefined) {
          const at = lastItem ? nodeEnd(lastItem) : flowClose(this.text, seq, ']');
          this.edits.push({ start: at, end: at, text: `${lastItem ? ', ' : ''}${texts.join(', ')}` });
        } else {
          const at = (old[before] as Node).range?.[0] ?? fail();
          this.edits.push({ start: at, end: at, text: `${texts.join(', ')}, ` });
        }
      } else {
        const lines = pending.map((v) => indentLines(blockText([v], this.style.indent, this.style.indentSeq), itemCol)).join('');
        const at = before === undefined ? this.lineAfter(seq) : lineStart(this.text, dashOf(this.text, old[before] as Node));
        this.edits.push({ start: at, end: at, text: (before === undefined ? this.newlineBefore(at) : '') + lines });
      }
      pending = [];
    };
    value.forEach((v, i) => {
      const m = match[i];
      if (m === undefined) {
        pending.push(v);
        return;
      }
      flush(m);
      this.node(old[m], v, col);
    });
    flush(undefined);
  }

  private scalar(node: Scalar, value: unknown): void {
    if (node.type === Scalar.BLOCK_FOLDED || node.type === Scalar.BLOCK_LITERAL || (typeof value === 'string' && value.includes('\n'))) {
      fail();
    }
    const [start, end] = node.range as [number, number, number];
    const s = new Scalar(value);
    if (typeof value === 'string' && (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE)) {
      s.type = node.type; // the user's quoting, where the new value can have it
    }
    const written = new Document(s, KUBERNETES_YAML).toString({ lineWidth: 0 }).replace(/\n$/, '');
    if (written.includes('\n')) {
      fail();
    }
    this.edits.push({ start, end, text: written });
  }

  /** A pair of a block map, with its lines (a pair in a flow map is not removed here). */
  private remove(map: YAMLMap, pair: Pair): void {
    if (map.flow || !isScalar(pair.key) || !pair.key.range) {
      fail();
    }
    const from = lineStart(this.text, (pair.key as Scalar).range?.[0] ?? fail());
    this.removeLines(from, this.lineAfter((pair.value as Node | null) ?? (pair.key as Node)));
  }

  private removeLines(from: number, to: number): void {
    this.edits.push({ start: from, end: to, text: '' });
  }

  /** The column a block collection's entries start at. */
  private column(node: Node): number {
    const start = node.range?.[0] ?? fail();
    return start - lineStart(this.text, start);
  }

  /** Where the line after a node's content starts (or the end of the text). */
  private lineAfter(node: Node): number {
    const end = nodeEnd(node);
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) {
      return end;
    }
    const nl = this.text.indexOf('\n', end);
    return nl < 0 ? this.text.length : nl + 1;
  }

  /** A line break when inserting at the very end of a text without a final one. */
  private newlineBefore(at: number): string {
    return at === this.text.length && at > 0 && this.text.charCodeAt(at - 1) !== 10 ? '\n' : '';
  }
}

/** The offset where a node's value ends (before comments after it). */
function nodeEnd(node: unknown): number {
  const range = (node as Node | null)?.range;
  return range ? range[1] : fail();
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The `-` of a block sequence item. */
function dashOf(text: string, item: Node): number {
  const start = item.range?.[0] ?? fail();
  const dash = text.lastIndexOf('-', start);
  return dash >= lineStart(text, start) ? dash : fail();
}

/** Where the closing bracket of an empty flow collection is, to insert before it. */
function flowClose(text: string, node: Node, bracket: string): number {
  const end = (node.range?.[1] ?? fail()) - 1;
  return text[end] === bracket ? end : fail();
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : isAlias(key) || isMap(key) || isSeq(key) ? fail() : String(key);
}

function isEmptyAddition(v: unknown): boolean {
  return v === null || v === undefined || (isRec(v) && Object.keys(v).length === 0);
}

/** Whether a node already holds `value` as Kubernetes reads it (a label `1.0` is the string "1.0" there). */
function same(doc: Document, node: unknown, value: unknown): boolean {
  if (isAlias(node)) {
    return sameJson(nodeJs(doc, node), value);
  }
  if (isScalar(node)) {
    const v = node.value;
    if (v instanceof Uint8Array) {
      return typeof value === 'string' && new TextDecoder().decode(v) === value;
    }
    return Object.is(v, value) || (typeof value === 'string' && node.type === Scalar.PLAIN && node.source === value);
  }
  if (isMap(node)) {
    if (!isRec(value)) {
      return false;
    }
    if (node.items.some((item) => keyText((item as Pair).key) === '<<')) {
      return sameJson(nodeJs(doc, node), value);
    }
    const keys = new Set<string>();
    for (const item of node.items) {
      const k = keyText((item as Pair).key);
      keys.add(k);
      if (!Object.prototype.hasOwnProperty.call(value, k) || !same(doc, (item as Pair).value, value[k])) {
        return false;
      }
    }
    return Object.keys(value).every((k) => keys.has(k));
  }
  if (isSeq(node)) {
    return Array.isArray(value) && value.length === node.items.length && node.items.every((item, i) => same(doc, item, value[i]));
  }
  return node === value;
}

/** A node's value, aliases and merge keys resolved against its document. */
function nodeJs(doc: Document, node: unknown): unknown {
  return isAlias(node) || isScalar(node) || isMap(node) || isSeq(node) ? node.toJS(doc, { maxAliasCount: -1 }) : node;
}

/** Identity of a list item for matching old and new lists, as the rewriting writer matches them. */
function identity(v: unknown): string {
  if (isRec(v)) {
    if (typeof v['kind'] === 'string' && isRec(v['metadata'])) {
      return `object=${v['kind']}/${JSON.stringify(v['metadata']['namespace'])}/${JSON.stringify(v['metadata']['name'])}`;
    }
    for (const k of ['name', 'mountPath', 'containerPort', 'devicePath', 'ip', 'topologyKey']) {
      if (v[k] !== undefined) {
        return `${k}=${JSON.stringify(v[k])}`;
      }
    }
  }
  return `value=${JSON.stringify(v)}`;
}

/** New content in block style, as the rest of the document reads it back (multi-line strings as literal blocks). */
function blockText(value: unknown, indent: number, indentSeq: boolean): string {
  const doc = new Document(value, KUBERNETES_YAML);
  visit(doc, {
    Scalar(_key, n) {
      if (typeof n.value === 'string' && n.value.includes('\n')) {
        n.type = Scalar.BLOCK_LITERAL;
      }
    },
  });
  return doc.toString({ indent, indentSeq, lineWidth: 0, minContentWidth: 0 });
}

/** New content for a flow collection: one line, strings quoted where they need it. */
function flowText(value: unknown): string {
  return new Document(value, KUBERNETES_YAML).toString({ collectionStyle: 'flow', lineWidth: 0 }).replace(/\n$/, '');
}

function indentLines(block: string, col: number): string {
  const pad = ' '.repeat(col);
  return block
    .split('\n')
    .map((line, i, all) => (line === '' && i === all.length - 1 ? '' : `${pad}${line}`))
    .join('\n');
}
