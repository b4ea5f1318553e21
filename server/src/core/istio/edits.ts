import { isMap, isNode, isScalar } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import { pairOf } from '../model/k8sObject';
import type { TextEdit } from '../rules/rule';

/**
 * Text edits on block-style metadata maps for quick fixes: delete an entry, add one under a path (creating the maps
 * on the way), move one. They keep the file's indentation and line endings and give up (undefined) on flow-style maps
 * they cannot edit safely.
 */

/** The source lines of a `key: value` entry, the first without indentation, the rest relative to the key's column. */
export interface EntryLines {
  readonly lines: readonly string[];
}

/** The file's line ending, read from its first line (scanning the whole text per fix is quadratic on big files). */
function eolOf(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the end of the line holding `offset` (after its newline). */
function afterLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** True when only spaces precede `offset` on its line: the entry starts its own line. */
function startsLine(text: string, offset: number): boolean {
  return /^[ ]*$/.test(text.slice(lineStart(text, offset), offset));
}

/** End of a pair's content: its value's last character (block scalars' trailing newlines excluded). */
function contentEnd(text: string, pair: Pair): number | undefined {
  const key = isNode(pair.key) ? pair.key.range : undefined;
  if (!key) {
    return undefined;
  }
  const v = isNode(pair.value) ? pair.value.range : undefined;
  let end = v && v[1] > key[1] ? v[1] : key[1];
  while (end > key[1] && /\s/.test(text.charAt(end - 1))) {
    end--;
  }
  return end;
}

/** A pair's own source text, re-indentable; undefined when it does not start its own line. */
export function entryLines(text: string, pair: Pair): EntryLines | undefined {
  const start = isNode(pair.key) ? pair.key.range?.[0] : undefined;
  const end = contentEnd(text, pair);
  if (start === undefined || end === undefined || !startsLine(text, start)) {
    return undefined;
  }
  const indent = column(text, start);
  const lines = text
    .slice(start, end)
    .split('\n')
    .map((l, i) => {
      const bare = l.replace(/\r$/, '');
      return i === 0 ? bare : bare.slice(Math.min(indent, /^ */.exec(bare)?.[0].length ?? 0));
    });
  return { lines };
}

/** `key: value` lines for a new entry; the value is quoted when YAML would not read it back as that string. */
export function newEntryLines(key: string, value: string): EntryLines {
  return { lines: [`${key}: ${yamlString(value)}`] };
}

/** A string as YAML: plain when that reads back as the same string (also for YAML 1.1 readers), else double-quoted. */
export function yamlString(value: string): string {
  const plain =
    /^[A-Za-z_/][A-Za-z0-9_./-]*$/.test(value) &&
    !/^(?:y|yes|n|no|true|false|on|off|null)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

/** The indentation step of the file, read from how an object's `metadata` entries sit under `metadata:`. */
export function indentStep(text: string, root: YAMLMap): number {
  const md = pairOf(root, 'metadata');
  const child = md && isMap(md.value) && !md.value.flow ? md.value.items[0] : undefined;
  const keyStart = md && isNode(md.key) ? md.key.range?.[0] : undefined;
  const childStart = child && isNode(child.key) ? child.key.range?.[0] : undefined;
  if (keyStart === undefined || childStart === undefined) {
    return 2;
  }
  const step = column(text, childStart) - column(text, keyStart);
  return step > 0 ? step : 2;
}

/**
 * Deletes an entry's lines; when it is the map's only entry and `parent` (the pair holding the map, e.g.
 * `annotations:`) is given, deletes the parent's lines too so no empty key is left behind.
 */
export function deleteEntry(text: string, pair: Pair, map: YAMLMap, parent?: Pair): TextEdit | undefined {
  if (map.flow) {
    return undefined;
  }
  const keyStart = isNode(pair.key) ? pair.key.range?.[0] : undefined;
  const end = contentEnd(text, pair);
  if (keyStart === undefined || end === undefined || !startsLine(text, keyStart)) {
    return undefined;
  }
  let start = lineStart(text, keyStart);
  const parentStart = parent && isNode(parent.key) ? parent.key.range?.[0] : undefined;
  if (map.items.length === 1 && parentStart !== undefined && startsLine(text, parentStart)) {
    start = lineStart(text, parentStart);
  }
  return { span: { start, end: afterLine(text, end) }, newText: '' };
}

/**
 * Adds an entry under `path` (map keys from `root`), creating the maps that are missing, e.g. path
 * `['spec', 'template', 'metadata', 'annotations']` on a Deployment.
 */
export function insertEntry(text: string, root: YAMLMap, path: readonly string[], entry: EntryLines, step: number): TextEdit | undefined {
  const eol = eolOf(text);
  const block = (keys: readonly string[], indent: number): string[] => {
    const out: string[] = [];
    keys.forEach((k, i) => out.push(`${' '.repeat(indent + i * step)}${k}:`));
    const inner = indent + keys.length * step;
    entry.lines.forEach((l) => out.push(`${' '.repeat(inner)}${l}`));
    return out;
  };
  let cur: YAMLMap = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] ?? '';
    const rest = path.slice(i + 1);
    const pair = pairOf(cur, key);
    if (!pair) {
      return insertIntoMap(text, cur, block(path.slice(i), 0), eol);
    }
    const value = pair.value as Node | null;
    const keyRange = isNode(pair.key) ? pair.key.range : undefined;
    if (!keyRange) {
      return undefined;
    }
    if (value === null || (isScalar(value) && value.value === null && (value.range?.[0] ?? 0) === (value.range?.[1] ?? 0))) {
      // `key:` with nothing after it: the new lines go right after the colon.
      const colon = text.indexOf(':', keyRange[1]);
      if (colon < 0 || !startsLine(text, keyRange[0])) {
        return undefined;
      }
      const lines = block(rest, column(text, keyRange[0]) + step);
      return { span: { start: colon + 1, end: colon + 1 }, newText: eol + lines.join(eol) };
    }
    if (!isMap(value)) {
      return undefined;
    }
    if (value.flow) {
      if (value.items.length > 0 || !value.range || !startsLine(text, keyRange[0])) {
        return undefined;
      }
      // `key: {}`: replace the empty flow map by a block.
      const colon = text.indexOf(':', keyRange[1]);
      const lines = block(rest, column(text, keyRange[0]) + step);
      return { span: { start: colon + 1, end: value.range[1] }, newText: eol + lines.join(eol) };
    }
    cur = value;
  }
  return insertIntoMap(text, cur, block([], 0), eol);
}

/**
 * Inserts lines (indented like the map's entries) into a block map: before its `spec` entry when it has one (so a new
 * `metadata` lands where readers expect it), else after its last entry.
 */
function insertIntoMap(text: string, map: YAMLMap, lines: readonly string[], eol: string): TextEdit | undefined {
  const first = map.items[0];
  const last = map.items[map.items.length - 1];
  const at = first && isNode(first.key) ? first.key.range?.[0] : undefined;
  const end = last ? contentEnd(text, last) : undefined;
  if (map.flow || at === undefined || end === undefined || !startsLine(text, at)) {
    return undefined;
  }
  const indent = ' '.repeat(column(text, at));
  const body = lines.map((l) => indent + l).join(eol);
  const spec = pairOf(map, 'spec');
  const specStart = spec && isNode(spec.key) ? spec.key.range?.[0] : undefined;
  if (specStart !== undefined && startsLine(text, specStart)) {
    const pos = lineStart(text, specStart);
    return { span: { start: pos, end: pos }, newText: body + eol };
  }
  const pos = afterLine(text, end);
  const newText = pos === text.length && !text.endsWith('\n') ? eol + body : body + eol;
  return { span: { start: pos, end: pos }, newText };
}

/** Replaces a key's text, keeping its quotes. */
export function renameKey(text: string, pair: Pair, name: string): TextEdit | undefined {
  const r = isNode(pair.key) ? pair.key.range : undefined;
  if (!r) {
    return undefined;
  }
  const q = text.charAt(r[0]);
  const quoted = q === '"' || q === "'";
  return { span: { start: r[0], end: r[1] }, newText: quoted ? `${q}${name}${q}` : name };
}

/** Replaces a scalar value by a quoted string, keeping single quotes if it had them. */
export function replaceValue(text: string, node: Node, value: string): TextEdit | undefined {
  const r = node.range;
  if (!r) {
    return undefined;
  }
  const newText = text.charAt(r[0]) === "'" ? `'${value.replace(/'/g, "''")}'` : JSON.stringify(value);
  return { span: { start: r[0], end: r[1] }, newText };
}

/** Two edits that move an entry: delete it here, add it under `targetPath` (optionally renamed). */
export function moveEntry(
  text: string,
  from: { pair: Pair; map: YAMLMap; parent?: Pair },
  root: YAMLMap,
  targetPath: readonly string[],
  rename?: string,
): TextEdit[] | undefined {
  const lines = entryLines(text, from.pair);
  const del = deleteEntry(text, from.pair, from.map, from.parent);
  if (!lines || !del) {
    return undefined;
  }
  let moved = lines;
  if (rename !== undefined) {
    const first = lines.lines[0] ?? '';
    const colon = keyEndIn(first);
    moved = { lines: [`${rename}${first.slice(colon)}`, ...lines.lines.slice(1)] };
  }
  const ins = insertEntry(text, root, targetPath, moved, indentStep(text, root));
  if (!ins) {
    return undefined;
  }
  if (ins.span.start === del.span.start && ins.span.end === ins.span.start) {
    // The new lines go where the old ones were: one replacement, so the edits do not touch.
    return [{ span: del.span, newText: ins.newText }];
  }
  return ins.span.start < del.span.end && del.span.start < ins.span.end ? undefined : [del, ins];
}

/** Index of the `:` that ends the key on an entry's first line (quoted keys may hold colons). */
function keyEndIn(line: string): number {
  const q = line.charAt(0);
  if (q === '"' || q === "'") {
    const close = line.indexOf(q, 1);
    return close < 0 ? line.indexOf(':') : close + 1;
  }
  return line.indexOf(':');
}
