/**
 * Template values back to plain JSON, as Go's encoding/json marshals them: structs through their own toJSON, maps
 * with sorted keys, Go integers as numbers.
 */
import { isGoMap, isGoObject, sortedKeys } from '../../gotemplate';

/** The JSON value encoding/json would write for a template value. */
export function toPlainJson(v: unknown): unknown {
  if (v === undefined || v === null) {
    return null;
  }
  if (typeof v === 'bigint') {
    return Number(v);
  }
  if (Array.isArray(v)) {
    return v.map(toPlainJson);
  }
  if (isGoObject(v)) {
    return v.isNil ? null : v.toJSON();
  }
  if (isGoMap(v)) {
    const out: Record<string, unknown> = {};
    for (const k of sortedKeys(v)) {
      out[k] = toPlainJson(v[k]);
    }
    return out;
  }
  return v;
}
