import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import { withoutBom } from '../byteOrderMark';
import { deref } from '../yaml/aliases';
import { keySpan, nodeSpan } from '../yaml/spans';
import type { Span } from '../yaml/spans';
import { meshFileObjects, meshFileOf } from './meshFiles';

/** A path into a YAML tree: map keys and sequence indexes. */
export type YamlPath = readonly (string | number)[];

/** One Kubernetes object of a file, read from its YAML node (a `List` item is an object of its own). */
export interface K8sObject {
  readonly uri: string;
  /** Index of the `---` document in the file. */
  readonly docIndex: number;
  /** Index within a `List`'s items, when the object came from one. */
  readonly itemIndex?: number;
  readonly node: YAMLMap;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** The namespace as written; undefined when the YAML has none. */
  readonly namespace: string | undefined;
  /** Where to report a finding that belongs to the object as a whole: its `kind` value. */
  readonly anchor: Span;
}

/** The node at a path, or undefined when any step is missing or of the wrong shape. Aliases are followed. */
export function nodeAt(root: Node | null | undefined, path: YamlPath): Node | undefined {
  let cur: unknown = deref(root);
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    if (typeof step === 'number') {
      if (!isSeq(cur)) {
        return undefined;
      }
      cur = deref(cur.items[step]);
    } else {
      if (!isMap(cur)) {
        return undefined;
      }
      cur = deref(pairOf(cur, step)?.value);
    }
    if (cur === null || cur === undefined) {
      return undefined;
    }
  }
  return cur as Node;
}

/** The pair of a map whose key is the given string; keys merged in with `<<: *anchor` count when not written. */
export function pairOf(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
  let merges = false;
  const items = map.items;
  // Every read of a manifest's model goes through here: an indexed loop, and plain string keys (nearly all) compared
  // as they are, without building the key's string.
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!isPair(item)) {
      continue;
    }
    const k = item.key;
    const v = isScalar(k) ? k.value : undefined;
    if (v === key) {
      return item as Pair<Node, Node | null>;
    }
    if (typeof v === 'string') {
      if (v.charCodeAt(0) === 0xfeff && withoutBom(v) === key) {
        return item as Pair<Node, Node | null>;
      }
      merges ||= v === '<<';
    } else if (keyString(item) === key) {
      return item as Pair<Node, Node | null>;
    }
  }
  if (!merges) {
    return undefined;
  }
  for (const merged of mergedMaps(map)) {
    const p = pairOf(merged, key);
    if (p) {
      return p;
    }
  }
  return undefined;
}

/** The maps a `<<` key merges into this one (YAML 1.1 merge keys, which kubectl honours). */
function mergedMaps(map: YAMLMap): YAMLMap[] {
  const out: YAMLMap[] = [];
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && item.key.value === '<<') {
      const v = deref(item.value);
      const sources = isSeq(v) ? v.items.map(deref) : [v];
      for (const src of sources) {
        if (isMap(src) && src !== map) {
          out.push(src);
        }
      }
    }
  }
  return out;
}

/** The key of a pair as a string, when it is a scalar. */
export function keyString(pair: Pair): string | undefined {
  const k = pair.key;
  if (isScalar(k)) {
    if (k.value === null || k.value === undefined) {
      return undefined;
    }
    // A byte order mark after `---` (files concatenated) is not stripped by the parser; kubectl reads each document
    // as a stream of its own, where it is.
    return withoutBom(String(k.value));
  }
  return typeof k === 'string' ? k : undefined;
}

/** A scalar's value as a string (numbers and booleans included), else undefined. */
export function scalarString(node: Node | null | undefined): string | undefined {
  if (!isScalar(node)) {
    return undefined;
  }
  const v = node.value;
  if (typeof v === 'string') {
    return v;
  }
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') {
    return String(v);
  }
  return undefined;
}

/** The string at a path, or undefined. */
export function stringAt(root: Node | null | undefined, path: YamlPath): string | undefined {
  return scalarString(nodeAt(root, path));
}

/** A map node at a path, or undefined. */
export function mapAt(root: Node | null | undefined, path: YamlPath): YAMLMap | undefined {
  const n = nodeAt(root, path);
  return isMap(n) ? n : undefined;
}

/** The items of a sequence at a path (empty when absent or not a sequence). */
export function seqItemsAt(root: Node | null | undefined, path: YamlPath): readonly unknown[] {
  const n = nodeAt(root, path);
  return isSeq(n) ? n.items.map(deref) : [];
}

/** String-valued entries of a map node (labels, annotations), with their spans. */
export interface StringEntry {
  readonly key: string;
  readonly value: string | undefined;
  readonly pair: Pair;
  readonly keySpan: Span | undefined;
  readonly valueSpan: Span | undefined;
}

/** The entries of a string map such as labels or annotations; non-scalar values give `value: undefined`. */
export function stringEntries(map: YAMLMap | undefined): StringEntry[] {
  if (!map) {
    return [];
  }
  const out: StringEntry[] = [];
  const seen = new Set<string>();
  const merged = map.items.some((item) => isPair(item) && isScalar(item.key) && item.key.value === '<<');
  for (const item of merged ? [...map.items, ...mergedMaps(map).flatMap((m) => m.items)] : map.items) {
    if (!isPair(item)) {
      continue;
    }
    const key = keyString(item);
    if (key === undefined || key === '<<' || seen.has(key)) {
      continue;
    }
    seen.add(key);
    const value = deref(item.value);
    const valueNode = isScalar(value) ? value : undefined;
    out.push({
      key,
      value: scalarString(valueNode),
      pair: item,
      keySpan: keySpan(item),
      valueSpan: nodeSpan(valueNode),
    });
  }
  return out;
}

/** A plain record of a string map (labels, selector); undefined when the node is not a map. */
export function stringRecord(map: YAMLMap | undefined): Record<string, string> | undefined {
  if (!map) {
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const e of stringEntries(map)) {
    if (e.value !== undefined) {
      out[e.key] = e.value;
    }
  }
  return out;
}

/** Reads the Kubernetes objects of one YAML document: itself, or the items of a `List`. */
export function objectsOfDocument(uri: string, docIndex: number, contents: unknown): K8sObject[] {
  const mesh = meshFileOf(uri);
  if (mesh) {
    return meshFileObjects(mesh.kind, uri, docIndex, contents);
  }
  if (!isMap(contents)) {
    return [];
  }
  const top = readObject(uri, docIndex, contents, undefined);
  if (!top) {
    return [];
  }
  if (top.kind === 'List' || top.kind.endsWith('List')) {
    const out: K8sObject[] = [];
    seqItemsAt(contents, ['items']).forEach((item, i) => {
      if (isMap(item)) {
        const obj = readObject(uri, docIndex, item, i);
        if (obj) {
          out.push(obj);
        }
      }
    });
    return out;
  }
  return [top];
}

function readObject(
  uri: string,
  docIndex: number,
  node: YAMLMap,
  itemIndex: number | undefined,
): K8sObject | undefined {
  const apiVersion = stringAt(node, ['apiVersion']);
  const kindNode = nodeAt(node, ['kind']);
  const kind = scalarString(kindNode);
  if (!apiVersion || !kind) {
    return undefined;
  }
  const anchor = nodeSpan(kindNode) ?? nodeSpan(node) ?? { start: 0, end: 0 };
  const base = {
    uri,
    docIndex,
    node,
    apiVersion,
    kind,
    name: stringAt(node, ['metadata', 'name']) ?? stringAt(node, ['metadata', 'generateName']) ?? '',
    namespace: stringAt(node, ['metadata', 'namespace']),
    anchor,
  };
  return itemIndex === undefined ? base : { ...base, itemIndex };
}
