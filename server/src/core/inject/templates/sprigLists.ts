/** sprig's list and dict functions, as Istio's injection templates call them. */
import { sortedKeys } from '../../gotemplate';
import type { GoFunc } from '../../gotemplate';
import type { Rec } from '../../plainData';
import { empty, grown, list, mapArg, str, strslice, strval } from './funcArgs';

export const SPRIG_LISTS: Record<string, GoFunc> = {
  list: (...vs) => [...vs],
  append: (l, v) => grown([...list(l, 'push'), v], 'append'),
  push: (l, v) => grown([...list(l, 'push'), v], 'push'),
  prepend: (l, v) => grown([v, ...list(l, 'prepend')], 'prepend'),
  concat: (...ls) => grown(ls.flatMap((l) => (l === null ? [] : list(l, 'concat'))), 'concat'),
  first: (l) => (list(l, 'find first') as unknown[])[0] ?? null,
  last: (l) => {
    const a = list(l, 'find last');
    return a.length > 0 ? a[a.length - 1] : null;
  },
  rest: (l) => list(l, 'find rest').slice(1),
  initial: (l) => list(l, 'find initial').slice(0, -1),
  has: (needle, l) => (l === null ? false : list(l, 'find has').some((x) => x === needle)),
  without: (l, ...omit) => list(l, 'find without').filter((x) => !omit.includes(x)),
  uniq: (l) => list(l, 'find uniq').filter((x, i, a) => a.indexOf(x) === i),
  compact: (l) => list(l, 'compact').filter((x) => !empty(x)),
  dict: (...kv) => {
    const out: Rec = {};
    for (let i = 0; i < kv.length; i += 2) {
      out[strval(kv[i])] = i + 1 < kv.length ? kv[i + 1] : '';
    }
    return out;
  },
  set: (d, k, v) => {
    mapArg(d, 'set')[str(k)] = v;
    return d;
  },
  unset: (d, k) => {
    delete mapArg(d, 'unset')[str(k)];
    return d;
  },
  hasKey: (d, k) => Object.prototype.hasOwnProperty.call(mapArg(d, 'hasKey'), str(k)),
  get: (d, k) => {
    const m = mapArg(d, 'get');
    return Object.prototype.hasOwnProperty.call(m, str(k)) ? m[str(k)] : '';
  },
  keys: (...ds) => ds.flatMap((d) => sortedKeys(mapArg(d, 'keys'))),
  pick: (d, ...ks) => {
    const m = mapArg(d, 'pick');
    const out: Rec = {};
    for (const k of ks.map((x) => str(x))) {
      if (Object.prototype.hasOwnProperty.call(m, k)) {
        out[k] = m[k];
      }
    }
    return out;
  },
  sortAlpha: (v) => [...strslice(v)].sort(),
};
