import { isMap, isScalar, isSeq } from 'yaml';
import { deref } from '../yaml/aliases';
import { mapEntries } from './yamlAsJson';
import { isRec } from '../plainData';

/** The schema a CustomResourceDefinition gives one version of its kind. */
export interface CrdVersionSchema {
  readonly group: string;
  readonly kind: string;
  readonly version: string;
  /** The version's `openAPIV3Schema`, as plain JSON. */
  readonly schema: unknown;
}

/** At most this many nodes of a CRD are read into plain JSON (Istio's largest is about 15,000). */
const MAX_NODES = 500_000;
const MAX_DEPTH = 256;

/**
 * The schemas of a CustomResourceDefinition (a YAML node, or plain JSON as the API server sends it; apiextensions.k8s.io
 * v1 or v1beta1): one per version that has one (`versions[].schema.openAPIV3Schema`, or v1beta1's
 * `validation.openAPIV3Schema` for all its versions).
 */
export function crdSchemas(crd: unknown): CrdVersionSchema[] {
  const budget = { nodes: MAX_NODES };
  const root = toPlain(crd, 0, budget);
  const spec = record(record(root)?.['spec']);
  const group = str(spec?.['group']);
  const kind = str(record(spec?.['names'])?.['kind']);
  if (!spec || !group || !kind) {
    return [];
  }
  const shared = record(record(spec['validation'])?.['openAPIV3Schema']);
  const versions = Array.isArray(spec['versions']) ? spec['versions'].map(record) : [];
  const out: CrdVersionSchema[] = [];
  for (const v of versions) {
    const version = str(v?.['name']);
    const schema = record(record(v?.['schema'])?.['openAPIV3Schema']) ?? shared;
    if (version && schema) {
      out.push({ group, kind, version, schema });
    }
  }
  const single = str(spec['version']);
  if (versions.length === 0 && single && shared) {
    out.push({ group, kind, version: single, schema: shared });
  }
  return out;
}

/** A YAML node (aliases and merge keys followed) or plain JSON as plain JSON, bounded in size and depth. */
function toPlain(raw: unknown, depth: number, budget: { nodes: number }): unknown {
  const node = deref(raw);
  if (--budget.nodes < 0 || depth > MAX_DEPTH) {
    return undefined;
  }
  if (isScalar(node)) {
    return node.value;
  }
  if (isSeq(node)) {
    return node.items.map((i) => toPlain(i, depth + 1, budget));
  }
  if (isMap(node)) {
    return plainRecord(mapEntries(node).map((e) => [e.key, e.value]), depth, budget);
  }
  if (Array.isArray(node)) {
    return node.map((i) => toPlain(i, depth + 1, budget));
  }
  if (isRec(node)) {
    return plainRecord(Object.entries(node), depth, budget);
  }
  return typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean' ? node : undefined;
}

function plainRecord(entries: readonly (readonly [string, unknown])[], depth: number, budget: { nodes: number }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    // `__proto__` as a key would set the prototype; schemas never need it.
    if (k !== '__proto__') {
      out[k] = toPlain(v, depth + 1, budget);
    }
  }
  return out;
}

function record(v: unknown): Record<string, unknown> | undefined {
  return isRec(v) ? v : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
