/** A YAML node as Kubernetes reads it into JSON: a map's keys with `<<` merges resolved, and the JSON type of a value. */
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import { withoutBom } from '../byteOrderMark';
import { deref } from '../yaml/aliases';
import type { JsonType } from './prepare';

/** One map entry, merge keys (`<<`) resolved: the key as Kubernetes reads it, its key node and value. */
export interface Entry {
  readonly key: string;
  readonly keyNode: Node | undefined;
  readonly value: unknown;
}

/** The keys of a map as Kubernetes reads them, `<<` merges resolved (keys written in the map win), in order. */
export function mapEntries(map: YAMLMap): Entry[] {
  const out: Entry[] = [];
  const seen = new Set<string>();
  const merges: unknown[] = [];
  for (const item of map.items) {
    if (!isPair(item)) {
      continue;
    }
    const key = keyText(item);
    if (key === '<<' && isScalar(item.key)) {
      merges.push(item.value);
      continue;
    }
    if (key === undefined || seen.has(key)) {
      continue;
    }
    seen.add(key);
    out.push({ key, keyNode: item.key as Node, value: item.value });
  }
  for (const m of merges) {
    const v = deref(m);
    for (const src of isSeq(v) ? v.items.map(deref) : [v]) {
      if (isMap(src) && src !== map) {
        for (const item of src.items) {
          const key = isPair(item) ? keyText(item) : undefined;
          if (key !== undefined && key !== '<<' && !seen.has(key)) {
            seen.add(key);
            // Reported on the key in the map merged from: the place that writes it.
            out.push({ key, keyNode: (item as Pair).key as Node, value: (item as Pair).value });
          }
        }
      }
    }
  }
  return out;
}

function keyText(pair: Pair): string | undefined {
  const k = deref(pair.key);
  if (isScalar(k)) {
    const v = k.value;
    if (v === null || v === undefined) {
      return undefined;
    }
    return withoutBom(String(v));
  }
  return undefined;
}

export function jsonType(node: unknown): JsonType | undefined {
  if (isMap(node)) {
    return 'object';
  }
  if (isSeq(node)) {
    return 'array';
  }
  if (!isScalar(node)) {
    return undefined;
  }
  const v = node.value;
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'bigint':
      return 'integer';
    case 'number':
      return Number.isInteger(v) ? 'integer' : 'number';
    default:
      // `!!binary` is base64 text to Kubernetes.
      return v instanceof Uint8Array ? 'string' : undefined;
  }
}

/** At most this many nodes are decoded: aliases can make a small text a huge tree. */
const MAX_JSON_NODES = 200_000;

/**
 * A YAML node decoded as Kubernetes decodes YAML into JSON: `<<` merges resolved, YAML 1.1 scalars as the parser read
 * them, `!!binary` as base64 text, big integers as numbers. Undefined for what has no JSON value (an unresolved alias).
 */
export function yamlToJson(root: unknown): unknown {
  const budget = { nodes: MAX_JSON_NODES };
  const decode = (raw: unknown): unknown => {
    const node = deref(raw);
    if (--budget.nodes < 0) {
      return undefined;
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const e of mapEntries(node)) {
        // `__proto__` as a key would set the prototype instead of a field.
        if (e.key !== '__proto__') {
          out[e.key] = decode(e.value);
        }
      }
      return out;
    }
    if (isSeq(node)) {
      return node.items.map(decode);
    }
    if (!isScalar(node)) {
      return undefined;
    }
    const v = node.value;
    if (typeof v === 'bigint') {
      return Number(v);
    }
    if (v instanceof Uint8Array) {
      let binary = '';
      for (const b of v) {
        binary += String.fromCharCode(b);
      }
      return btoa(binary);
    }
    return v === undefined ? null : v;
  };
  return decode(root);
}
