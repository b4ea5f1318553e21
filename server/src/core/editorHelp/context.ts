import type { FileEntry } from '../index/workspaceIndex';
import type { K8sObject } from '../model/k8sObject';
import type { Span } from '../yaml/spans';

/**
 * Where the cursor is in block-style YAML, read from the text (lines and indentation) rather than the parse tree, so
 * it also works on the half-typed line the user is editing. Flow collections (`{…}`, `[…]`) are not followed.
 */
export interface CursorContext {
  /** The object the cursor is in, when the document parsed far enough. */
  readonly object: K8sObject | undefined;
  /** The object's kind: from the object, else from the document's `kind:` line. */
  readonly kind: string | undefined;
  /** Keys from the document root to the map the cursor's line belongs to; `-` stands for a sequence item. */
  readonly path: readonly string[];
  /** On the key (or a key being typed: a word without a colon yet), or on the value after `key:`. */
  readonly on: 'key' | 'value';
  /** The key of the line, as typed so far when `on` is `key` and no colon follows. */
  readonly key: string;
  readonly keySpan: Span;
  /** True when the line already has `key:` (completing a key then replaces just the key). */
  readonly hasColon: boolean;
  /** The value as written on the line (quotes included), and where; empty at the cursor when there is none. */
  readonly valueText: string;
  readonly valueSpan: Span;
  /** Keys of the same map already written (siblings), to leave them out of completions. */
  readonly siblings: readonly string[];
}

interface LineInfo {
  readonly start: number;
  readonly text: string;
  /** Column where the map content starts (after indentation and `- ` markers). */
  readonly keyCol: number;
  /** Columns of `-` sequence markers on the line. */
  readonly dashCols: readonly number[];
  /** The key, when the line holds `key:`; else undefined. */
  readonly key: string | undefined;
  /** True when nothing follows `key:` (the value is on the next lines). */
  readonly opensBlock: boolean;
}

/** `key:` at the start of a line's content: a quoted key or a plain one up to `: ` / end of line. */
const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#"'{[][^#]*?)\s*:(?=\s|$)/;

function lineAt(text: string, start: number): LineInfo {
  const nl = text.indexOf('\n', start);
  const raw = text.slice(start, nl < 0 ? text.length : nl).replace(/\r$/, '');
  const dashCols: number[] = [];
  let i = 0;
  for (;;) {
    while (raw[i] === ' ') {
      i++;
    }
    if (raw[i] === '-' && (raw[i + 1] === ' ' || i + 1 === raw.length)) {
      dashCols.push(i);
      i++;
      continue;
    }
    break;
  }
  const content = raw.slice(i);
  const m = KEY.exec(content);
  const key = m ? unquote(m[1] ?? '') : undefined;
  const rest = m ? content.slice(m[0].length).replace(/\s+#.*$/, '').trim() : '';
  return { start, text: raw, keyCol: i, dashCols, key, opensBlock: m !== null && rest === '' };
}

function unquote(k: string): string {
  if (k.startsWith('"') && k.endsWith('"') && k.length >= 2) {
    try {
      return JSON.parse(k) as string;
    } catch {
      return k.slice(1, -1);
    }
  }
  if (k.startsWith("'") && k.endsWith("'") && k.length >= 2) {
    return k.slice(1, -1).replace(/''/g, "'");
  }
  return k;
}

function isBlankOrComment(raw: string): boolean {
  return /^\s*(#.*)?$/.test(raw);
}

/** The cursor context at an offset, or undefined outside any YAML document (e.g. on a `---` line). */
export function cursorContext(entry: FileEntry, offset: number): CursorContext | undefined {
  const text = entry.text;
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const line = lineAt(text, start);
  if (/^(---|\.\.\.)(\s|$)/.test(line.text)) {
    return undefined;
  }
  const col = offset - start;
  // A line with nothing but spaces up to the cursor: a key about to be typed at the cursor's column.
  const blank = isBlankOrComment(line.text.slice(0, col)) && line.text.slice(col).trim() === '' && line.dashCols.length === 0;
  const keyCol = blank ? col : line.keyCol;

  let on: 'key' | 'value' = 'key';
  let key = '';
  let keySpan: Span = { start: offset, end: offset };
  let hasColon = false;
  let valueText = '';
  let valueSpan: Span = { start: offset, end: offset };
  if (!blank) {
    const content = line.text.slice(keyCol);
    const m = KEY.exec(content);
    if (m) {
      hasColon = true;
      const rawKey = m[1] ?? '';
      key = unquote(rawKey);
      keySpan = { start: start + keyCol, end: start + keyCol + rawKey.length };
      const colon = start + keyCol + m[0].length;
      const after = line.text.slice(colon - start);
      const lead = after.length - after.trimStart().length;
      const rawValue = valueToken(after.slice(lead));
      valueText = rawValue;
      valueSpan = { start: colon + lead, end: colon + lead + rawValue.length };
      on = offset > colon - 1 ? 'value' : 'key';
      if (on === 'value' && rawValue === '') {
        valueSpan = { start: offset, end: offset };
      }
    } else {
      // A key being typed: the word from the content start up to the end of the non-space run.
      const word = /^[^\s#]*/.exec(content)?.[0] ?? '';
      key = unquote(word);
      keySpan = { start: start + keyCol, end: start + keyCol + word.length };
    }
  }
  const { path, siblings } = walkUp(text, start, keyCol, line.dashCols);
  if (line.dashCols.length === 0) {
    siblings.push(...keysBelow(text, start, keyCol));
  }
  const { object, kind } = objectAt(entry, offset);
  return { object, kind, path, on, key, keySpan, hasColon, valueText, valueSpan, siblings };
}

/** A value on a line: a quoted string (to its closing quote, or the line end while typed), else up to a comment. */
function valueToken(s: string): string {
  const q = s.charAt(0);
  if (q === '"' || q === "'") {
    const close = s.indexOf(q, 1);
    return close < 0 ? s.trimEnd() : s.slice(0, close + 1);
  }
  return s.replace(/\s+#.*$/, '').trimEnd();
}

/** Walks up from a line to the document start, collecting the keys of the enclosing maps. */
function walkUp(text: string, lineStart: number, keyCol: number, dashCols: readonly number[]): { path: string[]; siblings: string[] } {
  const path: string[] = [];
  const siblings: string[] = [];
  let need = keyCol;
  // When the line starts a sequence item, its map is that item: the sequence's owner is at or left of the dash.
  let seqDash: number | undefined = dashCols.length > 0 ? dashCols[dashCols.length - 1] : undefined;
  if (seqDash !== undefined) {
    path.push('-');
    need = seqDash;
  }
  let pos = lineStart;
  while (pos > 0) {
    const prevStart = text.lastIndexOf('\n', pos - 2) + 1;
    pos = prevStart;
    const l = lineAt(text, prevStart);
    if (/^(---|\.\.\.)(\s|$)/.test(l.text)) {
      break;
    }
    if (isBlankOrComment(l.text)) {
      continue;
    }
    const lastDash = l.dashCols.length > 0 ? l.dashCols[l.dashCols.length - 1] : undefined;
    if (seqDash !== undefined) {
      // Looking for the key that owns the sequence whose items start at column `seqDash`.
      if (lastDash === seqDash || l.keyCol > seqDash) {
        continue; // a sibling item, or inside one
      }
      seqDash = undefined;
      need = l.keyCol + 1; // this line is the owner: handled below as a parent
    }
    if (l.keyCol > need) {
      continue; // nested under a sibling
    }
    if (l.keyCol === need && path.length === 0 && l.key !== undefined) {
      siblings.push(l.key);
    }
    if (l.keyCol === need && lastDash === undefined) {
      continue; // a sibling key
    }
    if (l.keyCol === need && lastDash !== undefined) {
      // The first key of the sequence item this map is.
      if (path.length === 0 && l.key !== undefined && !siblings.includes(l.key)) {
        siblings.push(l.key);
      }
      path.push('-');
      seqDash = lastDash;
      need = lastDash;
      continue;
    }
    // l.keyCol < need: the parent key.
    if (l.key === undefined || !l.opensBlock) {
      break; // not a `key:` line: the structure is not block YAML we can follow
    }
    path.push(l.key);
    need = l.keyCol;
    if (lastDash !== undefined) {
      path.push('-');
      seqDash = lastDash;
      need = lastDash;
    }
  }
  return { path: path.reverse(), siblings };
}

/** Keys at the same column on the lines after the cursor's, up to the end of their map. */
function keysBelow(text: string, lineStart: number, keyCol: number): string[] {
  const keys: string[] = [];
  let pos = text.indexOf('\n', lineStart);
  while (pos >= 0) {
    const l = lineAt(text, pos + 1);
    pos = text.indexOf('\n', pos + 1);
    if (/^(---|\.\.\.)(\s|$)/.test(l.text) || (!isBlankOrComment(l.text) && l.keyCol < keyCol)) {
      break;
    }
    if (l.keyCol === keyCol && l.dashCols.length === 0 && l.key !== undefined) {
      keys.push(l.key);
    }
  }
  return keys;
}

/** The object whose document holds the offset, and its kind (read from the text when the object did not parse). */
function objectAt(entry: FileEntry, offset: number): { object: K8sObject | undefined; kind: string | undefined } {
  const docIndex = entry.parsed.docs.findIndex((d) => d.span.start <= offset && offset <= d.span.end);
  const inDoc = entry.objects.filter((o) => o.docIndex === docIndex);
  const object =
    inDoc.find((o) => o.itemIndex !== undefined && (o.node.range?.[0] ?? 0) <= offset && offset <= (o.node.range?.[2] ?? 0)) ??
    inDoc.find((o) => o.itemIndex === undefined);
  if (object) {
    return { object, kind: object.kind };
  }
  // Fall back to the nearest `kind:` line of the document around the offset.
  const docStart = Math.max(0, entry.text.lastIndexOf('\n---', offset));
  const nextDoc = entry.text.indexOf('\n---', offset);
  const doc = entry.text.slice(docStart, nextDoc < 0 ? entry.text.length : nextDoc);
  const kind = /^kind:\s*["']?([A-Za-z]+)/m.exec(doc)?.[1];
  return { object: undefined, kind };
}
