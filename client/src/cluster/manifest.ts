import { isMap as isYamlMap, isScalar, parseAllDocuments, visit } from 'yaml';
import type { Document } from 'yaml';
import { KUBERNETES_YAML } from '../../../server/src/core/yaml/kubernetesYaml';
import { MAX_ALIAS_COUNT } from '../../../server/src/core/yaml/parse';
import type { KubeObject, ObjectRef } from './types';
import { isRec } from '../../../server/src/core/plainData';

/** One object of a manifest, with the document it came from (0-based). */
export interface ManifestObject {
  readonly ref: ObjectRef;
  readonly body: KubeObject;
  readonly doc: number;
}

/** Why a manifest cannot be sent (nothing is sent when any document is bad). */
export interface ManifestError {
  readonly doc: number;
  /** 1-based line of the problem, when known. */
  readonly line?: number;
  readonly message: string;
}

/** A manifest problem for the log: `document 2 (line 7): …`. */
export function formatManifestError(e: ManifestError): string {
  return `document ${e.doc + 1}${e.line ? ` (line ${e.line})` : ''}: ${e.message}`;
}

/** A document kubectl would refuse on its own (no apiVersion, no name): that object fails, the others go on. */
export interface RejectedDocument extends ManifestError {
  /** What the document names of itself, as far as it does (for the per-object outcome). */
  readonly ref: ObjectRef;
}

/**
 * A parsed manifest: its objects in document order, the documents kubectl would reject one by one, and warnings
 * (a key given twice: kubectl takes the last value). Not ok, with every problem found, when the YAML does not read
 * (nothing is sent then) or when no document is left to send.
 */
export type ManifestParse =
  | { readonly ok: true; readonly objects: readonly ManifestObject[]; readonly rejected: readonly RejectedDocument[]; readonly warnings: readonly ManifestError[] }
  | { readonly ok: false; readonly errors: readonly ManifestError[] };

/** A manifest that parsed: what the flows pass down, so a manifest is parsed once however many runs send it. */
export type ParsedManifest = Extract<ManifestParse, { readonly ok: true }>;

/** The 1-based line of an offset, by binary search over the line starts (one pass over the text for all documents). */
function lineFinder(text: string): (offset: number | undefined) => number | undefined {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    starts.push(i + 1);
  }
  return (offset) => {
    if (offset === undefined) {
      return undefined;
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo + 1;
  };
}

/** Values as the API server receives them from kubectl: `!!binary` is the string of its bytes, as go-yaml decodes it. */
function apiValue(key: unknown, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new Error(`"${String(key)}" is ${value} (.inf or .nan), which JSON cannot carry; quote it or give a number`);
  }
  return value instanceof Uint8Array ? new TextDecoder().decode(value) : value;
}

/** A document's values, or why they cannot be read (an alias bomb, a bad merge key). */
function documentValue(doc: Document.Parsed): { value: unknown } | { error: string } {
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT, reviver: apiValue }) as unknown };
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0] ?? '' : String(e);
    return {
      error: /alias/i.test(message)
        ? `its aliases (*name) expand to more than ${MAX_ALIAS_COUNT} copies, which looks like an alias bomb; write the repeated parts out, or apply it with kubectl`
        : message,
    };
  }
}

/**
 * Parses multi-document YAML as kubectl reads it (YAML 1.1 as go-yaml reads it: `yes`/`on` booleans, `0400` octal,
 * merge keys), flattening `kind: List`, skipping empty documents; every object needs apiVersion, kind and
 * metadata.name. Linear in the size of the text, however many documents it holds.
 */
export function parseManifest(text: string): ManifestParse {
  const objects: ManifestObject[] = [];
  const errors: ManifestError[] = [];
  const rejected: RejectedDocument[] = [];
  const warnings: ManifestError[] = [];
  const lineOf = lineFinder(text);
  // uniqueKeys off: go-yaml v2 (kubectl) lets the last of two equal keys win, and the 0.2 install files rely on it.
  const parsed = parseAllDocuments(text, { ...KUBERNETES_YAML, prettyErrors: false, uniqueKeys: false });
  (Array.isArray(parsed) ? parsed : []).forEach((doc, i) => {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        errors.push({ doc: i, ...optionalLine(lineOf(e.pos[0])), message: e.message.split('\n')[0]! });
      }
      return;
    }
    warnings.push(...duplicateKeys(doc, i, lineOf));
    const line = lineOf(doc.contents?.range?.[0]);
    const read = documentValue(doc);
    if ('error' in read) {
      errors.push({ doc: i, ...optionalLine(line), message: read.error });
      return;
    }
    const value = read.value;
    if (value === null || value === undefined) {
      return;
    }
    const items = isRec(value) && value.kind === 'List' && Array.isArray(value.items) ? (value.items as unknown[]) : [value];
    for (const item of items) {
      const problem = check(item);
      if (problem) {
        rejected.push({ doc: i, ...optionalLine(line), message: problem, ref: partialRef(item, i) });
        continue;
      }
      const body = item as KubeObject;
      const meta = body.metadata!;
      objects.push({
        doc: i,
        body,
        ref: {
          apiVersion: body.apiVersion!,
          kind: body.kind!,
          name: meta.name!,
          ...(typeof meta.namespace === 'string' && meta.namespace !== '' ? { namespace: meta.namespace } : {}),
        },
      });
    }
  });
  if (errors.length > 0 || (objects.length === 0 && rejected.length > 0)) {
    return { ok: false, errors: [...errors, ...rejected.map(({ ref: _ref, ...e }) => e)].sort((a, b) => a.doc - b.doc) };
  }
  return { ok: true, objects, rejected, warnings };
}

/** Every key a mapping of the document repeats, with the line of the repeat (the value kubectl keeps). */
function duplicateKeys(doc: Document.Parsed, i: number, lineOf: (offset: number | undefined) => number | undefined): ManifestError[] {
  const out: ManifestError[] = [];
  visit(doc, {
    Map(_key, map) {
      if (!isYamlMap(map)) {
        return;
      }
      const seen = new Set<string>();
      for (const pair of map.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (k === undefined || k === '<<') {
          continue;
        }
        if (seen.has(k)) {
          const at = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
          out.push({ doc: i, ...optionalLine(lineOf(at)), message: `"${k}" is given twice in one mapping; kubectl uses the last value, so this one is sent (remove the other)` });
        }
        seen.add(k);
      }
    },
  });
  return out;
}

/** What a rejected document says of itself, for naming its outcome. */
function partialRef(item: unknown, doc: number): ObjectRef {
  const m = isRec(item) ? item : {};
  const meta = isRec(m.metadata) ? m.metadata : {};
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const namespace = text(meta.namespace);
  return {
    apiVersion: text(m.apiVersion) ?? '',
    kind: text(m.kind) ?? 'object',
    name: text(meta.name) ?? `(document ${doc + 1})`,
    ...(namespace ? { namespace } : {}),
  };
}

const optionalLine = (line: number | undefined): { line?: number } => (line === undefined ? {} : { line });

function check(item: unknown): string | undefined {
  if (!isRec(item)) {
    return 'a Kubernetes object must be a mapping';
  }
  if (typeof item.apiVersion !== 'string' || item.apiVersion === '') {
    // kubectl's words; a key that differs only in case (0.2.7's `Version: v1`) is named, since JSON keys are exact.
    const near = Object.keys(item).find((k) => k !== 'apiVersion' && /^(api)?version$/i.test(k));
    return `Object 'apiVersion' is missing${near ? ` (the document has "${near}:"; Kubernetes reads only "apiVersion:", so rename it)` : ''}`;
  }
  if (typeof item.kind !== 'string' || item.kind === '') {
    return `kind is missing (apiVersion ${item.apiVersion})`;
  }
  const meta = item.metadata;
  if (!isRec(meta) || typeof meta.name !== 'string' || meta.name === '') {
    return isRec(meta) && typeof meta.generateName === 'string'
      ? `${item.kind}: metadata.generateName is not supported by apply; set metadata.name`
      : `${item.kind}: metadata.name is missing`;
  }
  if (meta.namespace !== undefined && typeof meta.namespace !== 'string') {
    return `${item.kind} ${meta.name}: metadata.namespace must be a string`;
  }
  return undefined;
}

const isCrd = (r: ObjectRef): boolean => r.kind === 'CustomResourceDefinition' && r.apiVersion.startsWith('apiextensions.k8s.io/');

/** Apply order: Namespaces, then CustomResourceDefinitions, then everything else in document order. */
export function applyOrder<T extends { readonly ref: ObjectRef }>(objects: readonly T[]): T[] {
  const rank = (o: T): number => (o.ref.kind === 'Namespace' && o.ref.apiVersion === 'v1' ? 0 : isCrd(o.ref) ? 1 : 2);
  return objects.map((o, i) => ({ o, i })).sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i).map((x) => x.o);
}

/** Delete order: the reverse of apply order (custom resources before their CRDs, Namespaces last). */
export function deleteOrder<T extends { readonly ref: ObjectRef }>(objects: readonly T[]): T[] {
  return applyOrder(objects).reverse();
}

/** The kinds a CRD in the manifest defines, as `group/Kind`. */
export function kindsDefinedBy(body: KubeObject): { group: string; kind: string } | undefined {
  const spec = body.spec;
  if (!isRec(spec) || typeof spec.group !== 'string' || !isRec(spec.names) || typeof spec.names.kind !== 'string') {
    return undefined;
  }
  return { group: spec.group, kind: spec.names.kind };
}

export function isCrdObject(o: { readonly ref: ObjectRef }): boolean {
  return isCrd(o.ref);
}

/** kubectl's name for an object: `service/istio-pilot`, `deployment.apps/istio-pilot`, with the namespace after it. */
export function refString(r: ObjectRef): string {
  const slash = r.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : r.apiVersion.slice(0, slash);
  return `${r.kind.toLowerCase()}${group ? `.${group}` : ''}/${r.name}${r.namespace ? ` (${r.namespace})` : ''}`;
}

/**
 * API versions Kubernetes removed, with what replaces them: the Istio 0.2 install manifests use several of them, so
 * a "no matches for kind" on these gets a precise next step.
 */
const REMOVED_APIS: Readonly<Record<string, string>> = {
  'extensions/v1beta1': 'apps/v1 (Deployment, DaemonSet, ReplicaSet) or networking.k8s.io/v1 (Ingress, NetworkPolicy); removed in Kubernetes 1.16/1.22',
  'apps/v1beta1': 'apps/v1; removed in Kubernetes 1.16',
  'apps/v1beta2': 'apps/v1; removed in Kubernetes 1.16',
  'rbac.authorization.k8s.io/v1beta1': 'rbac.authorization.k8s.io/v1; removed in Kubernetes 1.22',
  'rbac.authorization.k8s.io/v1alpha1': 'rbac.authorization.k8s.io/v1; removed in Kubernetes 1.22',
  'apiextensions.k8s.io/v1beta1': 'apiextensions.k8s.io/v1 (which requires a schema per version); removed in Kubernetes 1.22',
  'admissionregistration.k8s.io/v1beta1': 'admissionregistration.k8s.io/v1; removed in Kubernetes 1.22',
  'networking.k8s.io/v1beta1': 'networking.k8s.io/v1; removed in Kubernetes 1.22',
  'policy/v1beta1': 'policy/v1; removed in Kubernetes 1.25',
  'batch/v1beta1': 'batch/v1; removed in Kubernetes 1.25',
  'autoscaling/v2beta1': 'autoscaling/v2; removed in Kubernetes 1.25',
  'autoscaling/v2beta2': 'autoscaling/v2; removed in Kubernetes 1.26',
};

/** The next step when the server does not serve a kind. */
export function kindNotServedHint(r: ObjectRef): string {
  const replacement = REMOVED_APIS[r.apiVersion];
  if (replacement) {
    return `${r.apiVersion} is no longer served by current Kubernetes: use ${replacement}.`;
  }
  if (r.apiVersion.includes('istio.io/')) {
    return `Install Istio's CRDs first (they come with the Istio install manifests), or check that ${r.apiVersion} is a version your Istio serves.`;
  }
  return 'Install the CustomResourceDefinition that defines it first, or fix apiVersion/kind.';
}
