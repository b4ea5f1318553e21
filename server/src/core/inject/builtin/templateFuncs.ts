/**
 * The template functions the built-in renderer reproduces: sprig's `default` and `trimAll`, Istio's
 * `excludeInboundPort` and `appendMultusNetwork` (pkg/kube/inject/template.go), and `fromJSON` over an annotation.
 */
import { isRec } from '../../plainData';
import type { Rec } from '../../plainData';
import { TemplateError, type TemplateData } from './templateData';

/** sprig `default`: the first non-empty value. */
export function firstNonEmpty(...values: (string | undefined)[]): string {
  for (const v of values) {
    if (v !== undefined && v !== '') {
      return v;
    }
  }
  return '';
}

/** sprig `trimAll` (and its one-sided kin): strips the characters of `cut` from either end. */
export function trimChars(s: string, cut: string, left: boolean, right: boolean): string {
  let a = 0;
  let b = s.length;
  while (left && a < b && cut.includes(s[a] as string)) {
    a++;
  }
  while (right && b > a && cut.includes(s[b - 1] as string)) {
    b--;
  }
  return s.slice(a, b);
}

// Istio's template functions, shared with the renderer of an installation's own templates.
export { appendMultusNetwork, excludeInboundPort } from '../templates/istioFuncs';

export function sortedEntries(m: Rec): [string, unknown][] {
  return Object.keys(m)
    .sort()
    .map((k) => [k, m[k]]);
}

/**
 * `range $index, $value := fromJSON (index .ObjectMeta.Annotations name)`, as the template writes each entry:
 * `- name: "{{ $index }}"` followed by `$value`. A JSON object ranges over its keys in sorted order; a JSON list
 * ranges over its indices, and an item's own `name` comes after the index in the YAML, so it wins, as go-yaml
 * keeps the last of two equal keys. `null` ranges over nothing; anything else is refused, as `range` refuses it.
 */
export function namedEntriesOf(d: TemplateData, name: string): Rec[] {
  const raw = d.annotations[name] as string;
  const refuse = (): TemplateError =>
    new TemplateError(`invalid value '${raw}' for annotation '${name}': not a JSON object or list`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw refuse();
  }
  let entries: [string, unknown][];
  if (parsed === null) {
    entries = [];
  } else if (Array.isArray(parsed)) {
    entries = parsed.map((item, i) => [String(i), item]);
  } else if (isRec(parsed)) {
    entries = sortedEntries(parsed);
  } else {
    throw refuse();
  }
  return entries.map(([key, entry]) => ({ name: key, ...(isRec(entry) ? entry : {}) }));
}
