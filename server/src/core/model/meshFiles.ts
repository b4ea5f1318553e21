import { isMap, isPair, isSeq, isScalar, parseAllDocuments } from 'yaml';
import type { YAMLMap } from 'yaml';
import { keySpan, nodeSpan } from '../yaml/spans';
import type { K8sObject } from './k8sObject';

// Istio's analyzers take a MeshConfig and a MeshNetworks file beside the resources (`istioctl analyze
// --meshConfigFile`), bare YAML without apiVersion or kind, and report their findings on the resources
// "MeshConfig istio-system/meshconfig" and "MeshNetworks istio-system/meshnetworks". A file given that role is indexed
// under a URI of its own scheme, so its document becomes that one object and the rules read it like any other.

/** The kinds of mesh files, as Istio names the resources it reads them into. */
export type MeshFileKind = 'MeshConfig' | 'MeshNetworks';

const SCHEMES: Readonly<Record<MeshFileKind, string>> = {
  MeshConfig: 'istio-meshconfig:',
  MeshNetworks: 'istio-meshnetworks:',
};

/** The URI under which a file is indexed as a mesh file of this kind. */
export function meshFileUri(kind: MeshFileKind, uri: string): string {
  return `${SCHEMES[kind]}${uri}`;
}

/** The mesh file kind a URI was made for, and the file's own URI; undefined for an ordinary file. */
export function meshFileOf(uri: string): { readonly kind: MeshFileKind; readonly uri: string } | undefined {
  for (const kind of Object.keys(SCHEMES) as MeshFileKind[]) {
    const scheme = SCHEMES[kind];
    if (uri.startsWith(scheme)) {
      return { kind, uri: uri.slice(scheme.length) };
    }
  }
  return undefined;
}

/** The one object of a mesh file: its first document, when that is a map (Istio reads no other). */
export function meshFileObjects(kind: MeshFileKind, uri: string, docIndex: number, contents: unknown): K8sObject[] {
  if (docIndex !== 0 || !isMap(contents)) {
    return [];
  }
  const map = contents as YAMLMap;
  const first = map.items.find(isPair);
  const anchor = (first && keySpan(first)) ?? nodeSpan(map) ?? { start: 0, end: 0 };
  return [
    {
      uri,
      docIndex,
      node: map,
      apiVersion: 'mesh.istio.io/v1alpha1',
      kind,
      name: kind.toLowerCase(),
      namespace: 'istio-system',
      anchor,
    },
  ];
}

/** A field each kind of file commonly starts with, for the message. */
const FIRST_FIELD: Readonly<Record<MeshFileKind, string>> = { MeshConfig: 'defaultConfig', MeshNetworks: 'networks' };

function oneLine(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * Why a file given as a mesh file cannot be one, in a line for the user; undefined when it can (an empty file is the
 * defaults). Istio reads the first document and refuses one that does not parse or is not a map (`istioctl analyze`
 * stops on it), so a broken file is said at once instead of silently checking the resources without it.
 */
export function meshFileProblem(kind: MeshFileKind, text: string): string | undefined {
  const docs = parseAllDocuments(text, { logLevel: 'silent' });
  const first = Array.isArray(docs) ? docs.find((d) => d.contents !== null || d.errors.length > 0) : undefined;
  if (!first) {
    return undefined;
  }
  const err = first.errors[0];
  if (err) {
    const line = err.linePos?.[0].line;
    const message = (err.message.split('\n')[0] ?? 'invalid YAML').replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
    return `does not parse as YAML${line === undefined ? '' : ` (line ${line})`}: ${message}`;
  }
  const contents = first.contents;
  if (isMap(contents) || (isScalar(contents) && contents.value === null)) {
    return undefined;
  }
  const what = isSeq(contents) ? 'a list' : isScalar(contents) ? `the ${typeof contents.value} ${oneLine(contents.value)}` : 'not a map';
  return `is ${what}, where a ${kind} is expected: a map of its fields, such as "${FIRST_FIELD[kind]}:"`;
}
