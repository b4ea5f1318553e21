/** The wording of schema errors: what a value is, what the schema wanted, and the field a misspelt key was meant to be. */
import { isScalar } from 'yaml';
import type { Node } from 'yaml';
import type { JsonType, PreparedSchema } from './prepare';

const ARTICLE: Readonly<Record<JsonType, string>> = {
  object: 'a map',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true or false)',
};

export function typeList(types: ReadonlySet<JsonType>): string {
  return [...types].map((t) => ARTICLE[t]).join(' or ');
}

/** What the value is, saying how Kubernetes read a plain scalar when that differs from how it looks. */
export function describe(node: Node, actual: JsonType): string {
  if (!isScalar(node)) {
    return ARTICLE[actual];
  }
  const v = node.value;
  const source = (node as { source?: unknown }).source;
  const written = typeof source === 'string' ? source : undefined;
  const plain = node.type === 'PLAIN' || node.type === undefined;
  if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'bigint') {
    const what = typeof v === 'boolean' ? `the boolean ${String(v)}` : `the number ${String(v)}`;
    if (plain && written !== undefined && written !== String(v)) {
      return `\`${written}\`, which Kubernetes reads as ${what} (quote it to make it a string)`;
    }
    return what;
  }
  return typeof v === 'string' ? `the string ${quote(v)}` : ARTICLE[actual];
}

export function quote(v: unknown): string {
  const s = typeof v === 'string' ? v : String(v);
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 79)}…` : s);
}

export function enumText(values: readonly unknown[]): string {
  const shown = values.slice(0, 12).map((v) => (typeof v === 'string' ? v : String(v)));
  return shown.join(', ') + (values.length > shown.length ? `, … (${values.length} values)` : '');
}

/** How many names or values a message lists before it says how many there are: a CRD may list thousands. */
const LISTED = 12;
/** The longest pattern a message quotes whole. */
const PATTERN_CHARS = 120;

export function list(items: readonly string[], word: 'and' | 'or'): string {
  if (items.length > LISTED) {
    return `${items.slice(0, LISTED).map((i) => `\`${i}\``).join(', ')}, … (${items.length} fields)`;
  }
  const q = items.map((i) => `\`${i}\``);
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} ${word} ${q[q.length - 1] ?? ''}`;
}

/** Missing required fields, as `a`, `b`, at most {@link LISTED} of them. */
export function fieldNames(items: readonly string[]): string {
  const shown = items.slice(0, LISTED).map((m) => `\`${m}\``).join(', ');
  return items.length > LISTED ? `${shown}, … (${items.length} fields)` : shown;
}

/** A schema pattern for a message, cut short when a CRD's is huge. */
export function patternShown(pattern: string): string {
  return pattern.length > PATTERN_CHARS ? `${pattern.slice(0, PATTERN_CHARS - 1)}… (${pattern.length} characters)` : pattern;
}

/** The fields a branch names when it only requires fields (`{required: [a]}`, `{not: {anyOf: [{required: …}]}}`). */
export function requiredFields(s: PreparedSchema): string[] | undefined {
  if (s.required.length > 0 && !s.types && !s.properties && s.anyOf.length === 0 && s.oneOf.length === 0 && !s.not) {
    return [...s.required];
  }
  const parts = s.not ? [s.not] : s.anyOf.length > 0 ? s.anyOf : undefined;
  if (!parts || s.required.length > 0 || s.types || s.properties) {
    return undefined;
  }
  const fields: string[] = [];
  for (const p of parts) {
    const f = requiredFields(p);
    if (!f) {
      return undefined;
    }
    fields.push(...f);
  }
  return fields;
}

export function alternatives(branches: readonly PreparedSchema[]): string {
  const shapes = branches.map((b) => (b.types ? typeList(b.types) : requiredFields(b) ? `a map with ${list(requiredFields(b) ?? [], 'and')}` : 'another shape'));
  const distinct = [...new Set(shapes)];
  const shown = distinct.slice(0, LISTED).join(', or ');
  return distinct.length > LISTED ? `${shown}, … (${distinct.length} shapes)` : shown;
}

export function unknownField(key: string, schema: PreparedSchema): string {
  const known = schema.properties ? [...schema.properties.keys()] : [];
  const close = known.filter((k) => closeTo(key, k)).slice(0, 3);
  const hint = close.length > 0 ? ` (did you mean ${list(close, 'or')}?)` : known.length > 0 && known.length <= 12 ? ` (known fields: ${known.join(', ')})` : '';
  return `unknown field \`${key}\`${hint}: the API server drops it, or refuses the object under strict field validation`;
}

/** Same letters ignoring case and `_`/`-`, or at most 2 edits apart (for names of 4 characters or more). */
function closeTo(a: string, b: string): boolean {
  const norm = (s: string): string => s.toLowerCase().replace(/[-_]/g, '');
  if (norm(a) === norm(b)) {
    return true;
  }
  if (Math.min(a.length, b.length) < 4 || Math.abs(a.length - b.length) > 2 || a.length > 64 || b.length > 64) {
    return false;
  }
  return editDistance(a.toLowerCase(), b.toLowerCase()) <= 2;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
