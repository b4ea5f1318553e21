import { isRec } from '../plainData';
/**
 * Kubernetes' `metav1.LabelSelector` (`matchLabels` and `matchExpressions`), read from decoded data as the API server
 * reads it: the selector's terms are ANDed; an empty selector is "no selector" here, as Istio's injector skips it.
 */

/** A selector that selects, or why it cannot be used (Istio logs and skips such a selector). */
export type SelectorReading = { readonly ok: true; matches(labels: Readonly<Record<string, string>>): boolean } | { readonly ok: false; readonly empty: boolean; readonly message: string };

type Term = (labels: Readonly<Record<string, string>>) => boolean;

function expressionTerm(e: unknown, i: number): Term | string {
  if (!isRec(e) || typeof e['key'] !== 'string' || typeof e['operator'] !== 'string') {
    return `matchExpressions[${i}] needs a key and an operator`;
  }
  const key = e['key'];
  const values = Array.isArray(e['values']) ? e['values'].map(String) : [];
  switch (e['operator']) {
    case 'In':
    case 'NotIn': {
      if (values.length === 0) {
        return `matchExpressions[${i}] (${key} ${e['operator']}) needs at least one value`;
      }
      const inSet = (labels: Readonly<Record<string, string>>): boolean =>
        Object.hasOwn(labels, key) && values.includes(labels[key] as string);
      return e['operator'] === 'In' ? inSet : (labels) => !inSet(labels);
    }
    case 'Exists':
      return (labels) => Object.hasOwn(labels, key);
    case 'DoesNotExist':
      return (labels) => !Object.hasOwn(labels, key);
    default:
      return `matchExpressions[${i}] has operator ${JSON.stringify(e['operator'])}; use In, NotIn, Exists or DoesNotExist`;
  }
}

/** Reads one label selector. */
export function readLabelSelector(raw: unknown): SelectorReading {
  if (!isRec(raw)) {
    return { ok: false, empty: false, message: 'a label selector is a map with matchLabels and/or matchExpressions' };
  }
  const terms: Term[] = [];
  const matchLabels = raw['matchLabels'];
  if (isRec(matchLabels)) {
    for (const [k, v] of Object.entries(matchLabels)) {
      const want = String(v);
      terms.push((labels) => labels[k] === want);
    }
  }
  const exprs = Array.isArray(raw['matchExpressions']) ? raw['matchExpressions'] : [];
  for (const [i, e] of exprs.entries()) {
    const t = expressionTerm(e, i);
    if (typeof t === 'string') {
      return { ok: false, empty: false, message: t };
    }
    terms.push(t);
  }
  if (terms.length === 0) {
    return { ok: false, empty: true, message: 'the selector is empty' };
  }
  return { ok: true, matches: (labels) => terms.every((t) => t(labels)) };
}
