/**
 * Kubernetes objects as a Go template sees them: the `k8s.io/api` structs, read by their Go field names
 * (`.Spec.Containers`, `$c.Ports`, `.ObjectMeta.Annotations`) over the object's JSON, typed by the schema of
 * ../goTypes (integers are Go ints, absent fields their zero value, absent pointers nil). `toJSON` gives what
 * encoding/json would marshal (Go's field order and omitempty).
 */
import { isRec } from '../../plainData';
import type { Rec } from '../../plainData';
import { GO_OBJECT, stringMap, type GoObject, type Lookup } from '../../gotemplate';
import { goJson } from '../goEncoding';
import { goNormalize, type GoFlavor } from '../goTypes';
import { goStructFields, type GoField } from '../k8sSchema';

function isExported(name: string): boolean {
  const c = name[0];
  return c !== undefined && c >= 'A' && c <= 'Z';
}

/** The JSON key a Go field name reads: they match case-insensitively (`HostIP`/`hostIP`, `HTTPGet`/`httpGet`). */
function matchKey(keys: Iterable<string>, goName: string): string | undefined {
  const lower = goName.toLowerCase();
  for (const k of keys) {
    if (k.toLowerCase() === lower) {
      return k;
    }
  }
  return undefined;
}

/**
 * The zero value of a field this view has no schema for (a field newer than the schema, or one the object does not
 * set): Istio's templates only name fields that exist, so it stands for "empty" of whatever type the field has. It
 * prints "", is false, equals "", and its getters and fields are zero too.
 */
class UnknownZero implements GoObject {
  readonly [GO_OBJECT] = true as const;
  readonly isNil = false;
  readonly basic = '';
  readonly goType = 'interface {}';

  lookup(): Lookup {
    return { kind: 'method', call: () => UNKNOWN_ZERO };
  }

  format(): string {
    return '';
  }

  toJSON(): unknown {
    return null;
  }
}

export const UNKNOWN_ZERO: GoObject = new UnknownZero();

/** A JSON value of unknown shape: maps read by Go field names, integral numbers as Go ints. */
export function genericValue(v: unknown, goType = 'interface {}'): unknown {
  if (v === undefined) {
    return undefined;
  }
  if (v === null) {
    return null;
  }
  if (typeof v === 'number') {
    return Number.isInteger(v) ? BigInt(v) : v;
  }
  if (Array.isArray(v)) {
    return v.map((x) => genericValue(x));
  }
  if (isRec(v)) {
    return new GenericStruct(v, goType);
  }
  return v;
}

class GenericStruct implements GoObject {
  readonly [GO_OBJECT] = true as const;
  readonly isNil = false;

  constructor(
    private readonly json: Rec,
    readonly goType: string,
  ) {}

  lookup(name: string): Lookup | undefined {
    if (!isExported(name)) {
      return undefined;
    }
    const key = matchKey(Object.keys(this.json), name);
    if (key !== undefined) {
      return { kind: 'field', value: genericValue(this.json[key]) };
    }
    const get = name.startsWith('Get') ? matchKey(Object.keys(this.json), name.slice(3)) : undefined;
    if (get !== undefined) {
      return { kind: 'method', call: () => genericValue(this.json[get]) };
    }
    return { kind: 'field', value: UNKNOWN_ZERO };
  }

  format(): string {
    return goJson(this.json);
  }

  toJSON(): unknown {
    return this.json;
  }
}

/** A `resource.Quantity`, an `IntOrString` or a `metav1.Time`: printed and marshalled as written. */
class Scalar implements GoObject {
  readonly [GO_OBJECT] = true as const;
  readonly isNil = false;

  constructor(
    private readonly json: unknown,
    readonly goType: string,
  ) {}

  lookup(name: string): Lookup | undefined {
    return name === 'String' ? { kind: 'method', call: () => this.format() } : undefined;
  }

  format(): string {
    return this.json === null || this.json === undefined ? '' : String(this.json);
  }

  toJSON(): unknown {
    return this.json ?? null;
  }
}

/** The view of `json` as schema type `type` (`s`, `i`, `b`, `q`, `ios`, `time`, `any`, `obj`, `[T]`, `map<T>`, a struct). */
export function k8sValue(json: unknown, type: string, pointer: boolean, flavor: GoFlavor): unknown {
  const absent = json === undefined || json === null;
  switch (type) {
    case 's':
      return absent ? (pointer ? null : '') : typeof json === 'string' ? json : String(json);
    case 'i':
      return absent ? (pointer ? null : 0n) : typeof json === 'number' ? BigInt(Math.trunc(json)) : json;
    case 'b':
      return absent ? (pointer ? null : false) : json;
    case 'q':
      return absent && pointer ? null : new Scalar(json ?? '0', 'resource.Quantity');
    case 'ios':
      return new Scalar(json ?? 0, 'intstr.IntOrString');
    case 'time':
      return new Scalar(json ?? null, 'v1.Time');
    case 'any':
    case 'obj':
      return absent ? null : genericValue(json);
    default:
      break;
  }
  if (type.startsWith('[')) {
    const inner = type.slice(1, -1);
    return Array.isArray(json) ? json.map((x) => k8sValue(x, inner, false, flavor)) : [];
  }
  if (type.startsWith('map<')) {
    const inner = type.slice(4, -1);
    if (inner === 's') {
      const entries: Record<string, string> = {};
      if (isRec(json)) {
        for (const [k, v] of Object.entries(json)) {
          entries[k] = v === null || v === undefined ? '' : String(v);
        }
      }
      return stringMap(entries);
    }
    const out: Rec = {};
    if (isRec(json)) {
      for (const [k, v] of Object.entries(json)) {
        out[k] = k8sValue(v, inner, false, flavor);
      }
    }
    return out;
  }
  const fields = goStructFields(type);
  if (!fields) {
    return absent ? null : genericValue(json, type);
  }
  return new K8sStruct(isRec(json) ? json : {}, type, fields, pointer && absent, flavor);
}

/** The Go view of a `k8s.io/api` object of schema struct `type`. */
export function k8sStruct(json: Rec, type: string, flavor: GoFlavor): GoObject {
  const fields = goStructFields(type);
  if (!fields) {
    return new GenericStruct(json, type);
  }
  return new K8sStruct(json, type, fields, false, flavor);
}

class K8sStruct implements GoObject {
  readonly [GO_OBJECT] = true as const;
  readonly goType: string;
  private readonly cache = new Map<string, unknown>();

  constructor(
    private readonly json: Rec,
    private readonly type: string,
    private readonly fields: readonly GoField[],
    readonly isNil: boolean,
    private readonly flavor: GoFlavor,
  ) {
    this.goType = `${isNil ? '*' : ''}v1.${type}`;
  }

  private field(name: string): unknown {
    if (this.cache.has(name)) {
      return this.cache.get(name);
    }
    const lower = name.toLowerCase();
    const f = this.fields.find((x) => x.json.toLowerCase() === lower);
    let value: unknown;
    if (f) {
      value = k8sValue(this.json[f.json], f.type, f.pointer, this.flavor);
    } else {
      const key = matchKey(Object.keys(this.json), name);
      value = key === undefined ? UNKNOWN_ZERO : genericValue(this.json[key]);
    }
    this.cache.set(name, value);
    return value;
  }

  private knows(name: string): boolean {
    const lower = name.toLowerCase();
    return this.fields.some((x) => x.json.toLowerCase() === lower) || matchKey(Object.keys(this.json), name) !== undefined;
  }

  lookup(name: string): Lookup | undefined {
    if (!isExported(name)) {
      return undefined;
    }
    const getter = name.length > 3 && name.startsWith('Get') ? name.slice(3) : undefined;
    if (getter !== undefined && this.knows(getter)) {
      return { kind: 'method', call: () => (this.isNil ? undefined : this.field(getter)) };
    }
    return { kind: 'field', value: this.field(name) };
  }

  format(): string {
    return this.isNil ? '<nil>' : goJson(this.toJSON());
  }

  toJSON(): unknown {
    return this.isNil ? null : goNormalize(this.json, this.type, this.flavor);
  }
}
