import { isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { parseBlockDocument } from '../../../server/src/core/yaml/blockParse';
import { KUBERNETES_YAML } from '../../../server/src/core/yaml/kubernetesYaml';

/** Fields `yaml` sets on nodes that the block parser leaves out on purpose (nothing reads comments). */
const IGNORED = new Set(['comment', 'commentBefore', 'spaceBefore']);

/**
 * Compares the block parser with `yaml` on one document's text. Returns undefined when they agree (or the block
 * parser declined), else a description of the first difference.
 */
export function compareWithYaml(text: string): { declined: boolean; difference?: string } {
  const block = parseBlockDocument(text);
  if (!block) {
    return { declined: true };
  }
  // The options the server parses manifests with: YAML 1.1 values as Kubernetes reads them.
  const docs = parseAllDocuments(text, { ...KUBERNETES_YAML, prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [];
  if (list.length !== 1) {
    return { declined: false, difference: `yaml reads ${list.length} documents, the block parser one` };
  }
  const doc = list[0]!;
  if (doc.errors.length > 0 || doc.warnings.length > 0) {
    return { declined: false, difference: `yaml reports ${(doc.errors[0] ?? doc.warnings[0])?.message.split('\n')[0]}` };
  }
  if (JSON.stringify(doc.range) !== JSON.stringify(block.range)) {
    return { declined: false, difference: `document range: yaml ${JSON.stringify(doc.range)}, block ${JSON.stringify(block.range)}` };
  }
  const d = diff(doc.contents, block.contents, '$');
  return d === undefined ? { declined: false } : { declined: false, difference: d };
}

const INLINE_RANGE = new Set(['rangeStart', 'rangeValueEnd', 'rangeEnd']);

/** The first difference between two node trees (values, types, ranges), or undefined. */
export function diff(a: unknown, b: unknown, path: string): string | undefined {
  if (isPair(a) || isPair(b)) {
    if (!isPair(a) || !isPair(b)) {
      return `${path}: pair vs ${describe(b)}`;
    }
    return diff(a.key, b.key, `${path}.key`) ?? diff(a.value, b.value, `${path}.value`);
  }
  const kind = (n: unknown): string => (isMap(n) ? 'map' : isSeq(n) ? 'seq' : isScalar(n) ? 'scalar' : typeof n);
  if (kind(a) !== kind(b)) {
    return `${path}: yaml ${describe(a)}, block ${describe(b)}`;
  }
  if (a === null || typeof a !== 'object') {
    return Object.is(a, b) ? undefined : `${path}: ${String(a)} vs ${String(b)}`;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  // The block parser's nodes keep their range in three fields behind a `range` accessor: compare `range` itself.
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb), 'range'].filter((k) => !IGNORED.has(k) && !INLINE_RANGE.has(k)));
  for (const k of keys) {
    if (k === 'items') {
      const ia = ra[k] as unknown[];
      const ib = rb[k] as unknown[];
      if (ia.length !== ib.length) {
        return `${path}.items: ${ia.length} vs ${ib.length} items`;
      }
      for (let i = 0; i < ia.length; i++) {
        const d = diff(ia[i], ib[i], `${path}[${i}]`);
        if (d) {
          return d;
        }
      }
      continue;
    }
    const va = ra[k];
    const vb = rb[k];
    const same = Array.isArray(va) ? JSON.stringify(va) === JSON.stringify(vb) : Object.is(va, vb);
    if (!same) {
      return `${path}.${k}: yaml ${JSON.stringify(va)}, block ${JSON.stringify(vb)}`;
    }
  }
  if ((a as object).constructor !== (b as object).constructor) {
    return `${path}: different classes`;
  }
  return undefined;
}

function describe(n: unknown): string {
  return isMap(n) ? 'a map' : isSeq(n) ? 'a sequence' : isScalar(n) ? `scalar ${JSON.stringify(n.value)}` : String(n);
}
