/** How Go writes what the injector outputs: encoding/json's escaping, and yaml.v2's order of map keys. */
import { isRec } from '../plainData';
import type { Rec } from '../plainData';

type Json = unknown;

/**
 * JSON text as Go's encoding/json writes it: no spaces, `<`, `>` and `&` escaped, U+2028/2029 escaped.
 * Key order is the object's own order (use goNormalize first to get Go's field order).
 */
export function goJson(value: Json): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function isLetter(c: string): boolean {
  return /\p{L}/u.test(c);
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** yaml.v2's map key order (letters after other characters, digit runs compared as numbers). */
export function goYamlKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ca = ar[i] as string;
    const cb = br[i] as string;
    if (ca === cb) {
      continue;
    }
    const al = isLetter(ca);
    const bl = isLetter(cb);
    if (al && bl) {
      return ca < cb;
    }
    if (al || bl) {
      return bl;
    }
    let an = 0;
    let bn = 0;
    if (ca === '0' || cb === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j] as string); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai] as string); ai++) {
      an = an * 10 + Number(ar[ai]);
    }
    let bi = i;
    for (; bi < br.length && isDigit(br[bi] as string); bi++) {
      bn = bn * 10 + Number(br[bi]);
    }
    if (an !== bn) {
      return an < bn;
    }
    if (ai !== bi) {
      return ai < bi;
    }
    return ca < cb;
  }
  return ar.length < br.length;
}

/** A deep copy with every map's keys in yaml.v2 order. */
export function sortKeysGo(value: Json): Json {
  if (Array.isArray(value)) {
    return value.map(sortKeysGo);
  }
  if (isRec(value)) {
    const keys = Object.keys(value).sort((x, y) => (goYamlKeyLess(x, y) ? -1 : goYamlKeyLess(y, x) ? 1 : 0));
    const out: Rec = {};
    for (const k of keys) {
      out[k] = sortKeysGo(value[k]);
    }
    return out;
  }
  return value;
}
