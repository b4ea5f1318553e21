import type { Json, JsonObject } from './json';

// The apiserver decodes protobuf request bodies for built-in kinds (kubectl's typed clients send
// application/vnd.kubernetes.protobuf, e.g. `kubectl create namespace` or `create clusterrolebinding`). This reads the
// kinds kubectl's create subcommands send, from the field numbers of k8s.io/api's generated.proto; other kinds get
// 415, as a server answers for a type it has no protobuf for (custom resources).

/** A message: field number → JSON name and how to read it. */
type Schema = Readonly<Record<number, Field>>;
type Field = readonly [name: string, kind: FieldKind, repeated?: 'repeated'];
type FieldKind = 'string' | 'bytes' | 'int' | 'bool' | 'time' | 'stringMap' | 'bytesMap' | 'intOrString' | Schema;

const TIME: FieldKind = 'time';

const OWNER_REFERENCE: Schema = {
  1: ['kind', 'string'],
  3: ['name', 'string'],
  4: ['uid', 'string'],
  5: ['apiVersion', 'string'],
  6: ['controller', 'bool'],
  7: ['blockOwnerDeletion', 'bool'],
};

const OBJECT_META: Schema = {
  1: ['name', 'string'],
  2: ['generateName', 'string'],
  3: ['namespace', 'string'],
  5: ['uid', 'string'],
  6: ['resourceVersion', 'string'],
  7: ['generation', 'int'],
  8: ['creationTimestamp', TIME],
  11: ['labels', 'stringMap'],
  12: ['annotations', 'stringMap'],
  13: ['ownerReferences', OWNER_REFERENCE, 'repeated'],
  14: ['finalizers', 'string', 'repeated'],
};

const SUBJECT: Schema = { 1: ['kind', 'string'], 2: ['apiGroup', 'string'], 3: ['name', 'string'], 4: ['namespace', 'string'] };
const ROLE_REF: Schema = { 1: ['apiGroup', 'string'], 2: ['kind', 'string'], 3: ['name', 'string'] };
const OBJECT_REFERENCE: Schema = { 1: ['kind', 'string'], 2: ['namespace', 'string'], 3: ['name', 'string'] };
const LOCAL_REFERENCE: Schema = { 1: ['name', 'string'] };
const INT_OR_STRING: Schema = { 1: ['type', 'int'], 2: ['intVal', 'int'], 3: ['strVal', 'string'] };
const SERVICE_PORT: Schema = {
  1: ['name', 'string'],
  2: ['protocol', 'string'],
  3: ['port', 'int'],
  4: ['targetPort', 'intOrString'],
  5: ['nodePort', 'int'],
  6: ['appProtocol', 'string'],
};
const SERVICE_SPEC: Schema = {
  1: ['ports', SERVICE_PORT, 'repeated'],
  2: ['selector', 'stringMap'],
  3: ['clusterIP', 'string'],
  4: ['type', 'string'],
  5: ['externalIPs', 'string', 'repeated'],
  7: ['sessionAffinity', 'string'],
  8: ['loadBalancerIP', 'string'],
  10: ['externalName', 'string'],
  11: ['externalTrafficPolicy', 'string'],
};
const BINDING: Schema = { 1: ['metadata', OBJECT_META], 2: ['subjects', SUBJECT, 'repeated'], 3: ['roleRef', ROLE_REF] };

/** The kinds decoded, by `apiVersion/kind` of the envelope. */
const KINDS: Readonly<Record<string, Schema>> = {
  'v1/Namespace': { 1: ['metadata', OBJECT_META], 2: ['spec', { 1: ['finalizers', 'string', 'repeated'] }] },
  'v1/Service': { 1: ['metadata', OBJECT_META], 2: ['spec', SERVICE_SPEC] },
  'v1/ServiceAccount': {
    1: ['metadata', OBJECT_META],
    2: ['secrets', OBJECT_REFERENCE, 'repeated'],
    3: ['imagePullSecrets', LOCAL_REFERENCE, 'repeated'],
    4: ['automountServiceAccountToken', 'bool'],
  },
  'v1/ConfigMap': { 1: ['metadata', OBJECT_META], 2: ['data', 'stringMap'], 3: ['binaryData', 'bytesMap'], 4: ['immutable', 'bool'] },
  'v1/Secret': { 1: ['metadata', OBJECT_META], 2: ['data', 'bytesMap'], 3: ['type', 'string'], 4: ['stringData', 'stringMap'], 5: ['immutable', 'bool'] },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': BINDING,
  'rbac.authorization.k8s.io/v1/RoleBinding': BINDING,
};

/** What could not be read, as the apiserver words it. */
export class ProtobufError extends Error {
  constructor(
    message: string,
    readonly unsupported: boolean,
  ) {
    super(message);
  }
}

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}
  done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.buf.length) {
        throw new ProtobufError('unexpected end of protobuf data', false);
      }
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) {
        return result;
      }
      shift += 7n;
    }
  }
  bytes(): Uint8Array {
    const n = Number(this.varint());
    if (this.pos + n > this.buf.length) {
      throw new ProtobufError('unexpected end of protobuf data', false);
    }
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  skip(wire: number): void {
    if (wire === 0) {
      this.varint();
    } else if (wire === 2) {
      this.bytes();
    } else if (wire === 1) {
      this.pos += 8;
    } else if (wire === 5) {
      this.pos += 4;
    } else {
      throw new ProtobufError(`unsupported protobuf wire type ${wire}`, false);
    }
  }
}

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

function mapEntry(b: Uint8Array, asBytes: boolean): [string, string] {
  const r = new Reader(b);
  let key = '';
  let value = '';
  while (!r.done()) {
    const tag = Number(r.varint());
    if (tag >> 3 === 1 && (tag & 7) === 2) {
      key = text(r.bytes());
    } else if (tag >> 3 === 2 && (tag & 7) === 2) {
      const v = r.bytes();
      value = asBytes ? Buffer.from(v).toString('base64') : text(v);
    } else {
      r.skip(tag & 7);
    }
  }
  return [key, value];
}

function time(b: Uint8Array): string | undefined {
  const r = new Reader(b);
  let seconds = 0n;
  while (!r.done()) {
    const tag = Number(r.varint());
    if (tag >> 3 === 1 && (tag & 7) === 0) {
      seconds = r.varint();
    } else {
      r.skip(tag & 7);
    }
  }
  return seconds === 0n ? undefined : new Date(Number(seconds) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
}

function message(b: Uint8Array, schema: Schema): JsonObject {
  const out: JsonObject = {};
  const r = new Reader(b);
  while (!r.done()) {
    const tag = Number(r.varint());
    const field = schema[tag >> 3];
    if (!field) {
      r.skip(tag & 7);
      continue;
    }
    const [name, kind, repeated] = field;
    let value: Json | undefined;
    if (kind === 'int' || kind === 'bool') {
      const n = r.varint();
      value = kind === 'bool' ? n !== 0n : Number(BigInt.asIntN(64, n));
    } else {
      const bytes = r.bytes();
      if (kind === 'string') {
        value = text(bytes);
      } else if (kind === 'bytes') {
        value = Buffer.from(bytes).toString('base64');
      } else if (kind === 'time') {
        value = time(bytes);
      } else if (kind === 'intOrString') {
        const v = message(bytes, INT_OR_STRING);
        value = v.type === 1 ? String(v.strVal ?? '') : Number(v.intVal ?? 0);
      } else if (kind === 'stringMap' || kind === 'bytesMap') {
        const [k, v] = mapEntry(bytes, kind === 'bytesMap');
        const map = (out[name] as JsonObject | undefined) ?? {};
        map[k] = v;
        out[name] = map;
        continue;
      } else {
        value = message(bytes, kind);
      }
    }
    if (value === undefined) {
      continue;
    }
    if (repeated) {
      ((out[name] as Json[] | undefined) ?? (out[name] = []) as Json[]).push(value);
    } else {
      out[name] = value;
    }
  }
  // Go writes every non-pointer field, zero or not; JSON omits the zero ones (omitempty).
  for (const [k, v] of Object.entries(out)) {
    if ((v === '' || v === false || v === 0) && !(schema === ROLE_REF && k === 'apiGroup') && schema !== INT_OR_STRING) {
      delete out[k];
    }
  }
  return out;
}

/** Decodes a `k8s\0` envelope (runtime.Unknown) into the JSON object it carries. */
export function decodeProtobuf(body: Uint8Array): JsonObject {
  const magic = [0x6b, 0x38, 0x73, 0x00];
  if (body.length < 4 || magic.some((m, i) => body[i] !== m)) {
    throw new ProtobufError('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]', false);
  }
  const envelope = message(body.subarray(4), {
    1: ['typeMeta', { 1: ['apiVersion', 'string'], 2: ['kind', 'string'] }],
    2: ['raw', 'bytes'],
    3: ['contentEncoding', 'string'],
  });
  const typeMeta = (envelope.typeMeta ?? {}) as JsonObject;
  const apiVersion = String(typeMeta.apiVersion ?? '');
  const kind = String(typeMeta.kind ?? '');
  const schema = KINDS[`${apiVersion}/${kind}`];
  if (!schema) {
    throw new ProtobufError(`the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (no protobuf for ${apiVersion} ${kind} here)`, true);
  }
  const raw = Buffer.from(String(envelope.raw ?? ''), 'base64');
  return { apiVersion, kind, ...message(raw, schema) };
}
