/** A JSON value as the emulator stores it. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
/** A JSON object. */
export interface JsonObject {
  [key: string]: Json;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at a path of object keys, or undefined. */
export function at(v: unknown, ...path: string[]): Json | undefined {
  let cur: unknown = v;
  for (const key of path) {
    if (!isObject(cur)) {
      return undefined;
    }
    cur = cur[key];
  }
  return cur as Json | undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function obj(v: unknown): JsonObject | undefined {
  return isObject(v) ? v : undefined;
}

export function arr(v: unknown): Json[] {
  return Array.isArray(v) ? (v as Json[]) : [];
}

/** Ensures `o[key]` is an object and returns it. */
export function child(o: JsonObject, key: string): JsonObject {
  const c = o[key];
  if (isObject(c)) {
    return c;
  }
  const made: JsonObject = {};
  o[key] = made;
  return made;
}

export function clone<T extends Json | undefined>(v: T): T {
  return v === undefined ? v : (structuredClone(v) as T);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}
