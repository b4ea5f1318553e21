import { createHash } from 'node:crypto';
import { arr, at, isObject, type JsonObject } from './json';
import { apiVersionOf, type ResourceType } from './resources';
import type { Store } from './store';

// /openapi/v3, as far as kubectl reads it: its discovery of group versions, and per group version the PATCH
// operations with their query parameters (kubectl apply checks `fieldValidation` there before validating server-side)
// and a schema per kind with its x-kubernetes-group-version-kind (what `kubectl explain` prints).

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

const OBJECT_META: JsonObject = {
  description: 'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.',
  type: 'object',
  properties: {
    name: { description: 'Name must be unique within a namespace.', type: 'string' },
    namespace: { description: 'Namespace defines the space within which each name must be unique.', type: 'string' },
    labels: { description: 'Map of string keys and values that can be used to organize and categorize objects.', type: 'object', additionalProperties: { type: 'string' } },
    annotations: { description: 'Annotations is an unstructured key value map stored with a resource.', type: 'object', additionalProperties: { type: 'string' } },
    resourceVersion: { description: 'An opaque value that represents the internal version of this object.', type: 'string' },
    uid: { description: 'UID is the unique in time and space value for this object.', type: 'string' },
  },
};

/** The schema name the apiserver gives a kind: io.k8s.api.core.v1.Service, or the reversed group for CRDs. */
function schemaName(t: ResourceType, version: string): string {
  if (!t.builtin) {
    return `${t.group.split('.').reverse().join('.')}.${version}.${t.kind}`;
  }
  const group = t.group === '' ? 'core' : t.group.split('.')[0]!;
  return `io.k8s.api.${group}.${version}.${t.kind}`;
}

function kindSchema(store: Store, t: ResourceType, version: string): JsonObject {
  const gvk = [{ group: t.group, version, kind: t.kind }];
  const base: JsonObject = {
    apiVersion: { description: 'APIVersion defines the versioned schema of this representation of an object.', type: 'string' },
    kind: { description: 'Kind is a string value representing the REST resource this object represents.', type: 'string' },
    metadata: { description: 'Standard object metadata.', allOf: [{ $ref: `#/components/schemas/${META}` }], default: {} },
  };
  if (t.crd) {
    const crd = store.list(store.types().find((x) => x.kind === 'CustomResourceDefinition' && x.builtin)!).find((c) => at(c, 'metadata', 'name') === t.crd);
    const v = arr(at(crd, 'spec', 'versions')).find((x) => at(x, 'name') === version);
    const schema = at(v, 'schema', 'openAPIV3Schema');
    const own = isObject(schema) ? schema : { type: 'object' };
    return { ...own, type: 'object', properties: { ...(isObject(own.properties) ? own.properties : {}), ...base }, 'x-kubernetes-group-version-kind': gvk };
  }
  return {
    description: `${t.kind} (${apiVersionOf(t.group, version)}), as the emulated apiserver serves it.`,
    type: 'object',
    properties: {
      ...base,
      spec: { description: `Spec defines the behavior of the ${t.kind}.`, type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      ...(t.hasStatus ? { status: { description: `Most recently observed status of the ${t.kind}. Read-only.`, type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } : {}),
    },
    'x-kubernetes-group-version-kind': gvk,
  };
}

const QUERY = ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } }));

function gvPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/** The served group versions, as /openapi/v3 lists them. */
function groupVersions(store: Store): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const t of store.types()) {
    for (const version of t.versions) {
      seen.set(gvPath(t.group, version), { group: t.group, version });
    }
  }
  return [...seen.values()];
}

/** One group version's document, or undefined when it is not served. */
export function openApiV3(store: Store, segs: readonly string[]): JsonObject | undefined {
  const rest = segs.slice(2);
  if (rest.length === 0) {
    const paths: JsonObject = {};
    for (const gv of groupVersions(store)) {
      const p = gvPath(gv.group, gv.version);
      const hash = createHash('sha256').update(JSON.stringify(document(store, gv.group, gv.version))).digest('hex').slice(0, 32).toUpperCase();
      paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
    }
    return { paths };
  }
  const [a, b, c] = rest;
  const gv = a === 'api' && rest.length === 2 ? { group: '', version: b! } : a === 'apis' && rest.length === 3 ? { group: b!, version: c! } : undefined;
  if (!gv || !groupVersions(store).some((x) => x.group === gv.group && x.version === gv.version)) {
    return undefined;
  }
  return document(store, gv.group, gv.version);
}

function document(store: Store, group: string, version: string): JsonObject {
  const types = store.types().filter((t) => t.group === group && t.versions.includes(version));
  const paths: JsonObject = {};
  const schemas: JsonObject = { [META]: OBJECT_META };
  for (const t of types) {
    const gvk = { group: t.group, version, kind: t.kind };
    const root = `/${gvPath(group, version)}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.plural}`;
    const ref = { $ref: `#/components/schemas/${schemaName(t, version)}` };
    const op = (verb: string): JsonObject => ({
      description: `${verb} the specified ${t.kind}`,
      operationId: `${verb}${t.kind}`,
      parameters: QUERY,
      responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref } } } },
      'x-kubernetes-action': verb,
      'x-kubernetes-group-version-kind': gvk,
    });
    paths[`${root}/{name}`] = { get: op('get'), put: op('put'), patch: op('patch'), delete: op('delete') };
    paths[root] = { get: op('list'), post: op('post') };
    schemas[schemaName(t, version)] = kindSchema(store, t, version);
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'emulator' }, paths, components: { schemas } };
}
