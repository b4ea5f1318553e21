import type { Store } from './store';
import { apiVersionOf, type ResourceType } from './resources';

// /openapi/v2 as older kubectl reads it (Debian's kubernetes-client is 1.20): a protobuf openapi_v2.Document
// (gnostic's OpenAPIv2.proto), which its `apply` validation and `explain` need. Built-in kinds list their top-level
// fields (kubectl 1.20 validates unknown fields itself); what lies under them, and custom resources, are left open.

/** Protobuf writer: field tags, varints, length-delimited submessages. */
class Writer {
  private readonly parts: Buffer[] = [];
  private static varint(n: number): Buffer {
    const out: number[] = [];
    let v = n;
    while (v > 0x7f) {
      out.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(v);
    return Buffer.from(out);
  }
  string(field: number, value: string | undefined): this {
    if (value !== undefined && value !== '') {
      this.bytes(field, Buffer.from(value, 'utf8'));
    }
    return this;
  }
  bool(field: number, value: boolean): this {
    if (value) {
      this.parts.push(Writer.varint(field * 8), Buffer.from([1]));
    }
    return this;
  }
  bytes(field: number, value: Buffer): this {
    this.parts.push(Writer.varint(field * 8 + 2), Writer.varint(value.length), value);
    return this;
  }
  message(field: number, w: Writer): this {
    return this.bytes(field, w.done());
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** A schema as far as we describe it. */
interface Schema {
  readonly type?: string;
  readonly description?: string;
  readonly ref?: string;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly additional?: Schema;
  readonly items?: Schema;
  readonly gvk?: { group: string; version: string; kind: string };
}

const w = (): Writer => new Writer();

function schema(s: Schema): Writer {
  const out = w().string(1, s.ref).string(4, s.description);
  if (s.additional) {
    out.message(21, w().message(1, schema(s.additional)));
  }
  if (s.type) {
    out.message(22, w().string(1, s.type));
  }
  if (s.items) {
    out.message(23, w().message(1, schema(s.items)));
  }
  if (s.properties) {
    const props = w();
    for (const [name, value] of Object.entries(s.properties)) {
      props.message(1, w().string(1, name).message(2, schema(value)));
    }
    out.message(25, props);
  }
  if (s.gvk) {
    const yaml = `- group: "${s.gvk.group}"\n  kind: ${s.gvk.kind}\n  version: ${s.gvk.version}\n`;
    out.message(31, w().string(1, 'x-kubernetes-group-version-kind').message(2, w().string(2, yaml)));
  }
  return out;
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const open = (description: string): Schema => ({ type: 'object', description });
const text = (description: string): Schema => ({ type: 'string', description });
const strings: Schema = { type: 'object', additional: { type: 'string' } };

const OBJECT_META: Schema = {
  type: 'object',
  description: 'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.',
  properties: {
    name: text('Name must be unique within a namespace.'),
    generateName: text('GenerateName is an optional prefix, used by the server, to generate a unique name.'),
    namespace: text('Namespace defines the space within which each name must be unique.'),
    labels: { ...strings, description: 'Map of string keys and values that can be used to organize and categorize objects.' },
    annotations: { ...strings, description: 'Annotations is an unstructured key value map stored with a resource.' },
    uid: text('UID is the unique in time and space value for this object.'),
    resourceVersion: text('An opaque value that represents the internal version of this object.'),
    generation: { type: 'integer', description: 'A sequence number representing a specific generation of the desired state.' },
    creationTimestamp: text('CreationTimestamp is a timestamp representing the server time when this object was created.'),
    deletionTimestamp: text('DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted.'),
    finalizers: { type: 'array', items: { type: 'string' }, description: 'Must be empty before the object is deleted from the registry.' },
    ownerReferences: { type: 'array', items: open('OwnerReference'), description: 'List of objects depended by this object.' },
    managedFields: { type: 'array', items: open('ManagedFieldsEntry'), description: 'Which fields are managed by which workflow.' },
    selfLink: text('Deprecated.'),
  },
};

/** The top-level fields of the built-in kinds beside apiVersion, kind and metadata. */
const FIELDS: Readonly<Record<string, readonly string[]>> = {
  ConfigMap: ['data', 'binaryData', 'immutable'],
  Secret: ['data', 'stringData', 'type', 'immutable'],
  ServiceAccount: ['secrets', 'imagePullSecrets', 'automountServiceAccountToken'],
  Endpoints: ['subsets'],
  ClusterRole: ['rules', 'aggregationRule'],
  Role: ['rules'],
  ClusterRoleBinding: ['subjects', 'roleRef'],
  RoleBinding: ['subjects', 'roleRef'],
  MutatingWebhookConfiguration: ['webhooks'],
  ValidatingWebhookConfiguration: ['webhooks'],
};

const LISTS = new Set(['rules', 'subjects', 'subsets', 'secrets', 'imagePullSecrets', 'webhooks']);

function kindSchema(t: ResourceType, version: string): Schema {
  const gvk = { group: t.group, version, kind: t.kind };
  if (!t.builtin) {
    return { type: 'object', description: `${t.kind} (${apiVersionOf(t.group, version)}), a custom resource.`, gvk };
  }
  const fields: Record<string, Schema> = {
    apiVersion: text('APIVersion defines the versioned schema of this representation of an object.'),
    kind: text('Kind is a string value representing the REST resource this object represents.'),
    metadata: { ref: `#/definitions/${META}`, description: 'Standard object metadata.' },
  };
  for (const f of FIELDS[t.kind] ?? ['spec', ...(t.hasStatus ? ['status'] : [])]) {
    fields[f] =
      f === 'immutable' || f === 'automountServiceAccountToken' ? { type: 'boolean', description: f }
      : f === 'type' ? text(f)
      : LISTS.has(f) ? { type: 'array', items: open(f), description: `${f} of the ${t.kind}` }
      : open(`${f} of the ${t.kind}`);
  }
  if (t.hasStatus && !('status' in fields)) {
    fields.status = open(`Most recently observed status of the ${t.kind}. Read-only.`);
  }
  return { type: 'object', description: `${t.kind} (${apiVersionOf(t.group, version)}), as the emulated apiserver serves it.`, properties: fields, gvk };
}

function definitionName(t: ResourceType, version: string): string {
  if (!t.builtin) {
    return `${t.group.split('.').reverse().join('.')}.${version}.${t.kind}`;
  }
  return `io.k8s.api.${t.group === '' ? 'core' : t.group.split('.')[0]!}.${version}.${t.kind}`;
}

/** The whole document, protobuf-encoded. */
export function openApiV2(store: Store): Buffer {
  const definitions = w().message(1, w().string(1, META).message(2, schema(OBJECT_META)));
  const paths = w();
  for (const t of store.types()) {
    for (const version of t.versions) {
      definitions.message(1, w().string(1, definitionName(t, version)).message(2, schema(kindSchema(t, version))));
      const root = `/${t.group === '' ? `api/${version}` : `apis/${t.group}/${version}`}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.plural}/{name}`;
      const query = (name: string): Writer => w().message(1, w().message(2, w().message(3, w().string(2, 'query').string(4, name).string(6, 'string').bool(20, true))));
      const patch = w().string(5, `patch${t.kind}`);
      for (const name of ['dryRun', 'fieldManager', 'force']) {
        patch.message(8, query(name));
      }
      const gvk = `group: "${t.group}"\nkind: ${t.kind}\nversion: ${version}\n`;
      patch.message(13, w().string(1, 'x-kubernetes-group-version-kind').message(2, w().string(2, gvk)));
      paths.message(2, w().string(1, root).message(2, w().message(8, patch)));
    }
  }
  return w()
    .string(1, '2.0')
    .message(2, w().string(1, 'Kubernetes').string(2, 'emulator'))
    .message(8, paths)
    .message(9, definitions)
    .done();
}
