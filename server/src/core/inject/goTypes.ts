/**
 * What Go's typed round trip does to a Kubernetes object: kube-inject decodes each document into a `k8s.io/api`
 * struct and marshals it back, so zero-valued `omitempty` fields vanish, non-pointer structs always appear
 * (`resources: {}`, `status: {}`, `creationTimestamp: null`), quantities are canonical and JSON keys follow the Go
 * field order. This module reproduces those effects over the schema of ./k8sSchema; fields the schema does not know
 * are kept as written. Whether the decode accepts an object at all is ./goDecode's question.
 */
import { isRec } from '../plainData';
import type { Rec } from '../plainData';
import { goJson } from './goEncoding';
import { registeredType, STRUCTS, type Field, type TypeRef } from './k8sSchema';
import { canonicalQuantity } from './quantity';

type Json = unknown;

/** The Go flavour: `classic` (Istio 1.24, k8s 1.31 types) or `native` (Istio master, newer k8s types). */
export type GoFlavor = 'classic' | 'native';

function isZeroScalar(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}

function zeroOf(type: TypeRef): unknown {
  switch (type) {
    case 's':
      return '';
    case 'i':
    case 'ios':
      return 0;
    case 'b':
      return false;
    case 'q':
      return '0';
    default:
      return null;
  }
}

function normValue(value: Json, type: TypeRef, flavor: GoFlavor): Json {
  if (type === 'any') {
    return value;
  }
  if (type === 'q') {
    if (value === null || value === undefined) {
      return '0';
    }
    return typeof value === 'string' || typeof value === 'number' ? (canonicalQuantity(value) ?? value) : value;
  }
  if (type.startsWith('[')) {
    const inner = type.slice(1, -1);
    return Array.isArray(value) ? value.map((v) => normValue(v, inner, flavor)) : value;
  }
  if (type.startsWith('map<')) {
    const inner = type.slice(4, -1);
    if (!isRec(value)) {
      return value;
    }
    const out: Rec = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = inner === 's' || inner === 'any' ? v : normValue(v, inner, flavor);
    }
    return out;
  }
  const struct = STRUCTS[type];
  if (struct && isRec(value)) {
    return normStruct(value, struct, flavor);
  }
  return value;
}

function normStruct(value: Rec, struct: readonly Field[], flavor: GoFlavor): Rec {
  const out: Rec = {};
  const known = new Set<string>();
  for (const f of struct) {
    known.add(f.json);
    const v = value[f.json];
    const isStruct = STRUCTS[f.type] !== undefined;
    const omitEmpty = f.omitEmpty || f.pointer || (f.omitEmptyNative && flavor === 'native');
    if (f.type === 'obj') {
      out[f.json] = isRec(v) ? v : {};
      continue;
    }
    if (v === undefined || v === null) {
      if (f.type === 'time') {
        if (flavor === 'classic') {
          out[f.json] = null;
        }
      } else if (f.pointer || f.type.startsWith('[') || f.type.startsWith('map<') || f.type === 'any') {
        if (!omitEmpty) {
          out[f.json] = null;
        }
      } else if (isStruct) {
        out[f.json] = normStruct({}, STRUCTS[f.type] as Field[], flavor);
      } else if (f.type === 'q' || f.type === 'ios' || !omitEmpty) {
        out[f.json] = zeroOf(f.type);
      }
      continue;
    }
    if (f.type === 'time') {
      out[f.json] = v;
      continue;
    }
    if (!f.pointer && omitEmpty && !isStruct && isZeroScalar(v)) {
      continue;
    }
    if (omitEmpty && Array.isArray(v) && v.length === 0) {
      continue;
    }
    if (omitEmpty && f.type.startsWith('map<') && isRec(v) && Object.keys(v).length === 0) {
      continue;
    }
    out[f.json] = normValue(v, f.type, flavor);
  }
  for (const [k, v] of Object.entries(value)) {
    if (!known.has(k) && v !== null && v !== undefined) {
      out[k] = v;
    }
  }
  return out;
}

/** Normalises a value of Go type `type` (a name from the schema) as Go's decode + encode would. */
export function goNormalize(value: Json, type: string, flavor: GoFlavor): Json {
  return normValue(value, type, flavor);
}

/** Normalises a top-level object of a registered kind (list items too); other objects are returned as they are. */
export function goNormalizeObject(obj: Rec, flavor: GoFlavor): Rec {
  const type = registeredType(obj);
  if (!type) {
    return obj;
  }
  const out = normValue(obj, type, flavor) as Rec;
  if (type === 'List' && Array.isArray(out['items'])) {
    out['items'] = (out['items'] as unknown[]).map((item) => (isRec(item) ? goNormalizeObject(item, flavor) : item));
  }
  return out;
}

/** Go's JSON of a value of schema type `type` (field order and omitempty as the Go struct). */
export function goJsonOf(value: Json, type: string, flavor: GoFlavor): string {
  return goJson(goNormalize(value, type, flavor));
}
