import { Lexer, parseAllDocuments } from 'yaml';
import type { Node } from 'yaml';
import { linkAliases } from './aliases';
import { parseBlockDocument } from './blockParse';
import { DUPLICATE_KEY_MESSAGE, duplicateKeyOffsets } from './duplicateKeys';
import type { ListItem } from './listItems';
import { parseListDocument } from './listItems';
import { KUBERNETES_YAML } from './kubernetesYaml';
import { shiftNode } from './shift';
import type { Span } from './spans';

/** A YAML syntax problem with where it is. */
export interface SyntaxIssue {
  readonly span: Span;
  readonly message: string;
}

/** One `---`-separated document of a file, with its offsets into the file's text. */
export interface ParsedDoc {
  /** The document's root node (`yaml`'s node classes), null for an empty document. */
  readonly contents: Node | null;
  readonly span: Span;
  readonly errors: readonly SyntaxIssue[];
}

/**
 * A stretch of the file from one `---` line to the next, parsed on its own so that an edit re-parses only it. A chunk
 * reused by the next parse keeps its identity (its `start` moves): the index anchors cached positions to chunks.
 */
export interface Chunk {
  readonly text: string;
  /** Offset of the chunk in the file its nodes' ranges currently refer to. */
  start: number;
  readonly docs: ParsedDoc[];
  /** The items of a `kind: List` document read one by one (see `listItems.ts`), which the next parse may reuse. */
  readonly items?: readonly ListItem[];
}

/** A parsed file: its documents, or why it was not parsed. */
export interface ParsedFile {
  readonly docs: readonly ParsedDoc[];
  /** Set when the file is not read at all, e.g. a Helm template; no findings are reported for it. */
  readonly skipped?: 'template';
  /** @internal reused by the next parse of the same file */
  readonly chunks?: readonly Chunk[];
}

/** Aliases beyond this count are refused when converting to JS: a guard against alias bombs ("billion laughs"). */
export const MAX_ALIAS_COUNT = 100;

/**
 * True for Go/Helm templates, which are not YAML until rendered: a `{{` that is not inside a scalar or a comment. As
 * YAML reads it, such a `{{` opens flow collections (`{{ .Values.x }}` as a value, `{{- if … }}` on its own line) or
 * breaks the parse. Inside any scalar (plain, quoted or block, on one line or several) it is text, as in Istio's own
 * analyzer tests and the templates of its istio-sidecar-injector ConfigMap.
 */
export function isTemplate(text: string): boolean {
  let at = text.indexOf('{{');
  if (at < 0) {
    return false;
  }
  // The lexer's tokens concatenate to the text, except its control tokens; scalars follow SCALAR (quoted ones start
  // with their quote), comments start with `#`.
  let offset = 0;
  let afterScalarMark = false;
  for (const token of new Lexer().lex(text)) {
    if (token === LEX_DOCUMENT || token === LEX_FLOW_END || token === LEX_SCALAR) {
      afterScalarMark = token === LEX_SCALAR;
      continue;
    }
    const end = offset + token.length;
    const textual = afterScalarMark || token[0] === '"' || token[0] === "'" || token[0] === '#';
    afterScalarMark = false;
    while (at >= 0 && at + 2 <= end) {
      if (!textual || at < offset) {
        return true; // outside a scalar or comment, or across two tokens (`{` `{`: a flow mapping in a flow mapping)
      }
      at = text.indexOf('{{', at + 2);
    }
    if (at < 0) {
      return false;
    }
    offset = end;
  }
  return at >= 0;
}

/** The `yaml` lexer's control tokens, which stand for no text: document start, flow end, scalar start. */
const LEX_DOCUMENT = '\u0002';
const LEX_FLOW_END = '\u0018';
const LEX_SCALAR = '\u001f';

/**
 * Parses every document of a file, keeping the nodes and their offsets. Given the file's previous parse, documents
 * whose text did not change are reused (their offsets moved), so an edit costs the parse of one document.
 */
export function parseFile(text: string, previous?: ParsedFile): ParsedFile {
  if (isTemplate(text)) {
    return { docs: [], skipped: 'template' };
  }
  const pieces = splitDocuments(text);
  if (!pieces) {
    const docs = parseText(text, 0);
    return { docs, chunks: [{ text, start: 0, docs }] };
  }
  // An edit leaves the documents before and after it as they were: match those in order (a string compare), and
  // look up only the ones in between by text (hashing every document of a big file costs more).
  const before = previous?.chunks ?? [];
  let head = 0;
  while (head < pieces.length && head < before.length && pieces[head]?.text === before[head]?.text) {
    head++;
  }
  let tail = 0;
  while (
    tail < pieces.length - head &&
    tail < before.length - head &&
    pieces[pieces.length - 1 - tail]?.text === before[before.length - 1 - tail]?.text
  ) {
    tail++;
  }
  const reusable = new Map<string, Chunk[]>();
  for (const c of before.slice(head, before.length - tail)) {
    const list = reusable.get(c.text);
    if (list) {
      list.push(c);
    } else {
      reusable.set(c.text, [c]);
    }
  }
  const chunks: (Chunk | undefined)[] = [];
  const reused = new Set<Chunk>();
  for (const [i, piece] of pieces.entries()) {
    const old =
      i < head ? before[i] : i >= pieces.length - tail ? before[before.length - pieces.length + i] : reusable.get(piece.text)?.shift();
    if (old) {
      if (old.start !== piece.start) {
        const delta = piece.start - old.start;
        shiftDocs(old.docs, delta);
        old.start = piece.start;
        for (const item of old.items ?? []) {
          item.start += delta;
        }
      }
      reused.add(old);
    }
    chunks.push(old);
  }
  // The edited documents: a List among them keeps the items an edit did not touch, from the document that was at
  // its place (each old document gives its items once).
  for (const [i, piece] of pieces.entries()) {
    if (chunks[i]) {
      continue;
    }
    const was = i >= head && i < before.length - tail ? before[i] : undefined;
    const items = was?.items && !reused.has(was) ? was.items : undefined;
    if (was && items) {
      reused.add(was);
    }
    chunks[i] = parseChunk(piece, text, items);
  }
  const list = chunks as Chunk[];
  return { docs: list.flatMap((c) => c.docs), chunks: list };
}

/** Parses one chunk: a List item by item (reusing `items` of its previous parse), else whole. */
function parseChunk(piece: { text: string; start: number }, file: string, items: readonly ListItem[] | undefined): Chunk {
  const list = parseListDocument(file, piece.start, piece.start + piece.text.length, items);
  if (list) {
    const doc: ParsedDoc = { contents: list.contents, span: { start: list.range[0], end: list.range[2] }, errors: [] };
    return { text: piece.text, start: piece.start, docs: [doc], items: list.items };
  }
  return { text: piece.text, start: piece.start, docs: parseText(piece.text, piece.start, file) };
}

/**
 * Splits at lines starting with `---` (a document marker wherever it appears at column 0). Returns undefined when
 * the file uses directives (`%YAML`), whose scope crosses documents: such files are parsed whole.
 */
export function splitDocuments(text: string): { text: string; start: number }[] | undefined {
  if (/^%/m.test(text)) {
    return undefined;
  }
  const starts = [0];
  const marker = /^---(?=[ \t\r\n]|$)/gm;
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    if (m.index !== 0) {
      starts.push(m.index);
    }
  }
  return starts.map((s, i) => ({ start: s, text: text.slice(s, starts[i + 1] ?? text.length) }));
}

/** Parses `text`, which is found at offset `base` of `file` (offsets are into the file). */
function parseText(text: string, base: number, file = text): ParsedDoc[] {
  // Most documents are plain block YAML, which the block parser reads several times faster; it declines the rest.
  const block = parseBlockDocument(file, base, base + text.length);
  if (block) {
    return [{ contents: block.contents, span: { start: block.range[0], end: block.range[2] }, errors: [] }];
  }
  // Duplicate keys are found by duplicateKeys.ts: yaml's own check is quadratic in the keys of a map.
  const parsed = parseAllDocuments(text, { ...KUBERNETES_YAML, prettyErrors: false, uniqueKeys: false });
  const list = Array.isArray(parsed) ? parsed : [];
  const docs = list.map((doc) => {
    const errors: SyntaxIssue[] = doc.errors.map((e) => ({
      span: { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) },
      message: firstLine(e.message),
    }));
    for (const at of duplicateKeyOffsets(doc.contents)) {
      errors.push({ span: { start: at, end: at + 1 }, message: DUPLICATE_KEY_MESSAGE });
    }
    // `yaml` leaves an alias to no anchor for later; kubectl refuses the file ("unknown anchor ... referenced").
    for (const alias of text.includes('*') ? linkAliases(doc.contents) : []) {
      const [start, end] = alias.range ?? [0, 1];
      errors.push({
        span: { start, end: Math.max(end, start + 1) },
        message: `Unknown anchor "${alias.source}": an alias (*${alias.source}) must come after the anchor (&${alias.source}) it names, in the same document`,
      });
    }
    errors.sort((a, b) => a.span.start - b.span.start);
    return { contents: doc.contents, span: { start: doc.range[0], end: doc.range[2] }, errors };
  });
  if (base !== 0) {
    shiftDocs(docs, base);
  }
  return docs;
}

/** Moves every offset of the documents by `delta` (in place: the nodes belong to one file's parse). */
function shiftDocs(docs: ParsedDoc[], delta: number): void {
  docs.forEach((d, i) => {
    shiftNode(d.contents, delta);
    docs[i] = {
      contents: d.contents,
      span: { start: d.span.start + delta, end: d.span.end + delta },
      errors: d.errors.map((e) => ({ span: { start: e.span.start + delta, end: e.span.end + delta }, message: e.message })),
    };
  });
}

function firstLine(message: string): string {
  const nl = message.indexOf('\n');
  return nl < 0 ? message : message.slice(0, nl);
}
