/** sprig's defaults, conversions, integer arithmetic and reflection, as Istio's injection templates call them. */
import { goTypeName, isGoMap, isGoObject } from '../../gotemplate';
import type { GoFunc } from '../../gotemplate';
import { bounded, empty, int, str, toFloat64, toInt64 } from './funcArgs';

export const SPRIG_VALUES: Record<string, GoFunc> = {
  default: (d, ...given) => (given.length === 0 || empty(given[0]) ? d : given[0]),
  empty: (v) => empty(v),
  coalesce: (...vs) => vs.find((v) => !empty(v)) ?? null,
  ternary: (vt, vf, cond) => (cond === true ? vt : vf),
  int: (v) => toInt64(v),
  int64: (v) => toInt64(v),
  float64: (v) => toFloat64(v),
  atoi: (s) => (/^[+-]?\d+$/.test(str(s).trim()) ? BigInt(str(s).trim()) : 0n),
  add: (...vs) => vs.reduce<bigint>((a, v) => a + toInt64(v), 0n),
  add1: (v) => toInt64(v) + 1n,
  sub: (a, b) => toInt64(a) - toInt64(b),
  mul: (a, ...vs) => vs.reduce<bigint>((acc, v) => acc * toInt64(v), toInt64(a)),
  div: (a, b) => {
    if (toInt64(b) === 0n) {
      throw new Error('runtime error: integer divide by zero');
    }
    return toInt64(a) / toInt64(b);
  },
  mod: (a, b) => {
    if (toInt64(b) === 0n) {
      throw new Error('runtime error: integer divide by zero');
    }
    return toInt64(a) % toInt64(b);
  },
  max: (a, ...vs) => vs.reduce<bigint>((m, v) => (toInt64(v) > m ? toInt64(v) : m), toInt64(a)),
  min: (a, ...vs) => vs.reduce<bigint>((m, v) => (toInt64(v) < m ? toInt64(v) : m), toInt64(a)),
  until: (n) => {
    const count = Math.max(0, int(n));
    bounded(count, 'until');
    return Array.from({ length: count }, (_, i) => BigInt(i));
  },
  kindOf: (v) => kindOf(v),
  typeOf: (v) => goTypeName(v),
  fail: (msg) => {
    throw new Error(str(msg));
  },
};

function kindOf(v: unknown): string {
  if (v === null || v === undefined) {
    return 'invalid';
  }
  if (Array.isArray(v)) {
    return 'slice';
  }
  if (isGoObject(v)) {
    return v.goType.startsWith('*') ? 'ptr' : 'struct';
  }
  if (isGoMap(v)) {
    return 'map';
  }
  return goTypeName(v);
}
