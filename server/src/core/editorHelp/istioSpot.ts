import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, Scalar, YAMLMap } from 'yaml';
import type { FileEntry } from '../index/workspaceIndex';
import type { K8sObject } from '../model/k8sObject';
import { keyString, stringAt } from '../model/k8sObject';
import { isIstioNetworking } from '../model/istioNetworking';
import { deref } from '../yaml/aliases';
import { nodeSpan } from '../yaml/spans';
import type { Span } from '../yaml/spans';
import type { CursorContext } from './context';

/**
 * Which reference of an Istio networking resource (VirtualService, DestinationRule) the cursor is on, found from the
 * parse tree (hover, definition: block and flow style) or from the cursor context (completion: half-typed lines).
 */

/** The references editor help knows. */
export type IstioField = 'vs-host' | 'destination-host' | 'mirror-host' | 'dr-host' | 'subset' | 'port' | 'gateway' | 'dr-subset';

/** A reference under the cursor. */
export interface IstioSpot {
  readonly field: IstioField;
  readonly object: K8sObject;
  /** The value as written (without quotes), '' while none is typed. */
  readonly value: string;
  /** The value's span, or an empty span at the cursor. */
  readonly span: Span;
  /** For a subset or port: the host of the destination holding it, '' when it has none. */
  readonly host: string;
}

type Seg = string | '-';

const same = (a: readonly Seg[], b: readonly Seg[]): boolean => a.length === b.length && a.every((s, i) => s === b[i]);

/** The field a path (map keys, `-` for sequence items) from the object root to a scalar names. */
export function fieldOf(kind: string, path: readonly Seg[]): IstioField | undefined {
  if (kind === 'DestinationRule') {
    if (same(path, ['spec', 'host'])) {
      return 'dr-host';
    }
    return same(path, ['spec', 'subsets', '-', 'name']) ? 'dr-subset' : undefined;
  }
  if (kind !== 'VirtualService') {
    return undefined;
  }
  if (same(path, ['spec', 'hosts', '-'])) {
    return 'vs-host';
  }
  if (same(path, ['spec', 'gateways', '-'])) {
    return 'gateway';
  }
  const [spec, section, item, ...rest] = path;
  if (spec !== 'spec' || item !== '-' || (section !== 'http' && section !== 'tcp' && section !== 'tls')) {
    return undefined;
  }
  if (same(rest, ['match', '-', 'gateways', '-'])) {
    return 'gateway';
  }
  const tail = destinationTail(section, rest);
  if (!tail) {
    return undefined;
  }
  if (same(tail.rest, ['host'])) {
    return tail.mirror ? 'mirror-host' : 'destination-host';
  }
  if (same(tail.rest, ['subset'])) {
    return 'subset';
  }
  return same(tail.rest, ['port', 'number']) ? 'port' : undefined;
}

/** The path below a destination map (`route[].destination`, `mirror`, `mirrors[].destination`) of a rule. */
function destinationTail(section: string, rest: readonly Seg[]): { mirror: boolean; rest: readonly Seg[] } | undefined {
  if (same(rest.slice(0, 3), ['route', '-', 'destination'])) {
    return { mirror: false, rest: rest.slice(3) };
  }
  if (section === 'http' && rest[0] === 'mirror') {
    return { mirror: true, rest: rest.slice(1) };
  }
  if (section === 'http' && same(rest.slice(0, 3), ['mirrors', '-', 'destination'])) {
    return { mirror: true, rest: rest.slice(3) };
  }
  return undefined;
}

/** The Istio networking object of the file whose YAML holds the offset. */
function networkingObjectAt(entry: FileEntry, offset: number): K8sObject | undefined {
  return entry.objects.find((o) => {
    const r = o.node.range;
    return r !== undefined && r !== null && r[0] <= offset && offset <= r[2] && (isIstioNetworking(o, 'VirtualService') || isIstioNetworking(o, 'DestinationRule'));
  });
}

/** The scalar value under the cursor and its path, from the parse tree; keys are not values. */
function scalarAt(root: Node, offset: number): { path: (string | number)[]; node: Scalar; parents: Node[] } | undefined {
  const path: (string | number)[] = [];
  const parents: Node[] = [];
  let cur: Node | undefined = root;
  for (let depth = 0; cur && depth < 64; depth++) {
    if (isScalar(cur)) {
      return { path, node: cur, parents };
    }
    parents.push(cur);
    let next: Node | undefined;
    if (isMap(cur)) {
      for (const pair of cur.items) {
        const v = deref(pair.value as Node | null);
        const k = keyString(pair);
        if (k !== undefined && isNodeValue(v) && contains(nodeSpan(v), offset)) {
          path.push(k);
          next = v;
          break;
        }
      }
    } else if (isSeq(cur)) {
      cur.items.forEach((it, i) => {
        const v = deref(it as Node | null);
        if (!next && isNodeValue(v) && contains(nodeSpan(v), offset)) {
          path.push(i);
          next = v;
        }
      });
    }
    cur = next;
  }
  return undefined;
}

function isNodeValue(v: unknown): v is Node {
  return isScalar(v) || isMap(v) || isSeq(v);
}

function contains(span: Span | undefined, offset: number): boolean {
  return span !== undefined && span.start <= offset && offset <= span.end;
}

/** The host of the destination map holding the scalar (the innermost map among its parents). */
function hostOfParent(parents: readonly Node[], field: IstioField): string {
  const maps = parents.filter((p): p is YAMLMap => isMap(p));
  // A port's number sits in `port:`, one map below the destination.
  const dest = maps[maps.length - (field === 'port' ? 2 : 1)];
  return stringAt(dest, ['host']) ?? '';
}

/** The reference whose written value is under the cursor (hover, definition). */
export function istioSpotAt(entry: FileEntry, offset: number): IstioSpot | undefined {
  const object = networkingObjectAt(entry, offset);
  if (!object) {
    return undefined;
  }
  const hit = scalarAt(object.node, offset);
  const value = hit ? hit.node.value : undefined;
  const span = hit ? nodeSpan(hit.node) : undefined;
  if (!hit || !span || (typeof value !== 'string' && typeof value !== 'number') || String(value) === '') {
    return undefined;
  }
  const field = fieldOf(object.kind, hit.path.map((s) => (typeof s === 'number' ? '-' : s)));
  if (!field) {
    return undefined;
  }
  const host = field === 'subset' || field === 'port' ? hostOfParent(hit.parents, field) : '';
  return { field, object, value: String(value), span, host };
}

/** The reference being typed at the cursor (completion), from the line-based cursor context. */
export function istioSpotTyped(entry: FileEntry, offset: number, ctx: CursorContext): IstioSpot | undefined {
  const object = ctx.object ?? networkingObjectAt(entry, offset);
  if (!object || (!isIstioNetworking(object, 'VirtualService') && !isIstioNetworking(object, 'DestinationRule'))) {
    return undefined;
  }
  const last = ctx.path[ctx.path.length - 1];
  // A sequence item's scalar reads as a key being typed (`- revi`); a map value sits after `key:`.
  const item = last === '-' && ctx.on === 'key' && !ctx.hasColon;
  const path: Seg[] = item ? [...ctx.path] : ctx.on === 'value' ? [...ctx.path, ctx.key] : [];
  const field = path.length > 0 ? fieldOf(object.kind, path) : undefined;
  if (!field) {
    return undefined;
  }
  const raw = item ? entry.text.slice(ctx.keySpan.start, ctx.keySpan.end) : ctx.valueText;
  const span = item ? ctx.keySpan : ctx.valueSpan;
  return { field, object, value: unquoted(raw), span, host: field === 'subset' || field === 'port' ? typedHost(object, offset, field) : '' };
}

/** The host of the destination whose map holds the offset, from the parse tree. */
function typedHost(object: K8sObject, offset: number, field: IstioField): string {
  const parents: Node[] = [];
  let cur: Node | undefined = object.node;
  // Descend through the collections holding the offset (the value typed may be empty: the map still holds it).
  while (cur && (isMap(cur) || isSeq(cur))) {
    parents.push(cur);
    const items: readonly unknown[] = isMap(cur) ? cur.items.map((p) => deref(p.value as Node | null)) : cur.items.map((i) => deref(i as Node | null));
    cur = items.find((v): v is Node => (isMap(v) || isSeq(v)) && contains(nodeSpan(v), offset));
  }
  if (field === 'port') {
    // `number:` being typed: its map is the port; the destination is the map above it, or the innermost when
    // `port:` is not a map yet.
    const maps = parents.filter((p): p is YAMLMap => isMap(p));
    const inner = maps[maps.length - 1];
    return stringAt(inner, ['host']) ?? stringAt(maps[maps.length - 2], ['host']) ?? '';
  }
  return hostOfParent(parents, field);
}

function unquoted(text: string): string {
  const q = text.charAt(0);
  if (q !== '"' && q !== "'") {
    return text;
  }
  return text.length >= 2 && text.endsWith(q) ? text.slice(1, -1) : text.slice(1);
}

