import { isMap, isPair, isScalar } from 'yaml';
import type { Pair, YAMLMap } from 'yaml';
import { pairOf } from '../model/k8sObject';
import { keySpan, nodeSpan } from './spans';
import type { Span } from './spans';

/** A change to a file's text, in offsets (the shape of a quick fix's edit). */
export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

/** Indentation step used when a new nested map has no sibling to copy it from. */
const STEP = 2;

/** Plain scalars YAML would read as something other than a string. */
const NOT_A_STRING = /^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?[\d.][\d._:eE+-]*|\.inf|\.nan)$/i;

/** A string as a YAML scalar: plain when it reads back as the same string, else double-quoted. */
export function yamlString(value: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(value) && !NOT_A_STRING.test(value) ? value : JSON.stringify(value);
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** The file's line ending, read from its first line: scanning the whole text per fix made validate quadratic. */
function eolOf(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

/**
 * An edit adding `key: value` under `path` inside `root` (`path` is map keys), creating the maps that are missing,
 * with the file's indentation. Undefined when something on the way is not a map (or a flow map with no room).
 * In a block map the entry goes after a last one-line scalar entry (`name: x`), else (or when `first`) before the
 * first entry.
 */
export function addEntry(
  text: string,
  root: YAMLMap,
  path: readonly (string | number)[],
  key: string,
  value: string,
  first = false,
): TextEdit | undefined {
  if (path.some((step) => typeof step !== 'string')) {
    return undefined; // Sequences are not created.
  }
  const keys = path as readonly string[];
  let map = root;
  for (let i = 0; i < keys.length; i++) {
    const pair = pairOf(map, keys[i] ?? '');
    if (!pair) {
      return insertInto(text, map, keys.slice(i), key, value, first);
    }
    if (pair.value === null || (isScalar(pair.value) && pair.value.value === null && !pair.value.source)) {
      return fillEmpty(text, pair, keys.slice(i + 1), key, value);
    }
    if (!isMap(pair.value)) {
      return undefined;
    }
    map = pair.value;
  }
  return insertInto(text, map, [], key, value, first);
}

/** An edit setting `key` of a map to a scalar: replaces the value when the key is there, else adds it first. */
export function setEntry(text: string, map: YAMLMap, key: string, value: string): TextEdit | undefined {
  const pair = pairOf(map, key);
  const span = pair && isScalar(pair.value) ? nodeSpan(pair.value) : undefined;
  if (span) {
    // An empty value (`key:`) has an empty span right after the colon.
    return { span, newText: `${span.start === span.end ? ' ' : ''}${yamlString(value)}` };
  }
  return pair ? undefined : addEntry(text, map, [], key, value, true);
}

/** Inserts `nested…: key: value` as the first entry of a map. */
function insertInto(
  text: string,
  map: YAMLMap,
  nested: readonly string[],
  key: string,
  value: string,
  first: boolean,
): TextEdit | undefined {
  const entry = `${key}: ${yamlString(value)}`;
  if (map.flow) {
    const start = map.range?.[0];
    if (start === undefined || text[start] !== '{') {
      return undefined;
    }
    const inner = nested.reduceRight((acc, k) => `${k}: {${acc}}`, entry);
    return { span: { start: start + 1, end: start + 1 }, newText: map.items.length > 0 ? `${inner}, ` : inner };
  }
  const pairs = map.items.filter((it): it is Pair => isPair(it));
  const firstKey = pairs[0] ? keySpan(pairs[0]) : undefined;
  if (!firstKey) {
    return undefined;
  }
  const eol = eolOf(text);
  const col = columnOf(text, firstKey.start);
  const lines = [...nested, entry].map((k, i) => `${' '.repeat(col + STEP * i)}${i < nested.length ? `${k}:` : k}`);
  // After a last one-line `key: scalar` (name, namespace…) the new entry reads naturally; else it goes first.
  const last = pairs[pairs.length - 1];
  const lastValue = last && isScalar(last.value) ? nodeSpan(last.value) : undefined;
  const lastKey = last ? keySpan(last) : undefined;
  if (!first && lastValue && lastKey && !text.slice(lastKey.start, lastValue.end).includes('\n')) {
    const nl = text.indexOf('\n', lastValue.end);
    const at = nl < 0 ? text.length : text[nl - 1] === '\r' ? nl - 1 : nl;
    return { span: { start: at, end: at }, newText: `${eol}${lines.join(eol)}` };
  }
  const block = lines.join(eol).slice(col);
  return { span: { start: firstKey.start, end: firstKey.start }, newText: `${block}${eol}${' '.repeat(col)}` };
}

/** Fills a key with no value (`labels:`) with `nested…: key: value` as a block below it. */
function fillEmpty(text: string, pair: Pair, nested: readonly string[], key: string, value: string): TextEdit | undefined {
  const k = keySpan(pair);
  if (!k) {
    return undefined;
  }
  const colon = text.indexOf(':', k.end);
  const lineEnd = text.indexOf('\n', k.end);
  if (colon < 0 || (lineEnd >= 0 && colon > lineEnd)) {
    return undefined;
  }
  const eol = eolOf(text);
  const col = columnOf(text, k.start);
  const entry = `${key}: ${yamlString(value)}`;
  const block = [...nested, entry]
    .map((n, i) => `${eol}${' '.repeat(col + STEP * (i + 1))}${i < nested.length ? `${n}:` : n}`)
    .join('');
  return { span: { start: colon + 1, end: colon + 1 }, newText: block };
}
