import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, Scalar } from 'yaml';
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

/**
 * The collections of the parse tree holding the offset, from the root down, with the path to the innermost node
 * holding it and that node when it is a scalar (a value; keys are not followed).
 */
function descend(root: Node, offset: number): { path: (string | number)[]; parents: Node[]; scalar: Scalar | undefined } {
  const path: (string | number)[] = [];
  const parents: Node[] = [];
  let cur: Node | undefined = root;
  while (cur && (isMap(cur) || isSeq(cur)) && parents.length < 64) {
    parents.push(cur);
    let next: Node | undefined;
    if (isMap(cur)) {
      for (const pair of cur.items) {
        const v = deref(pair.value as Node | null);
        const k = keyString(pair);
        if (k !== undefined && holds(v, offset)) {
          path.push(k);
          next = v;
          break;
        }
      }
    } else {
      const items = cur.items.map((it) => deref(it as Node | null));
      const i = items.findIndex((it) => holds(it, offset));
      const hit = items[i];
      if (holds(hit, offset)) {
        path.push(i);
        next = hit;
      }
    }
    cur = next;
  }
  return { path, parents, scalar: isScalar(cur) ? cur : undefined };
}

function holds(v: unknown, offset: number): v is Node {
  const span = isScalar(v) || isMap(v) || isSeq(v) ? nodeSpan(v) : undefined;
  return span !== undefined && span.start <= offset && offset <= span.end;
}

/** The `host` of the innermost map holding the offset that has one: the destination of a subset or port. */
function destinationHost(parents: readonly Node[]): string {
  for (let i = parents.length - 1; i >= 0; i--) {
    const host = stringAt(parents[i], ['host']);
    if (host !== undefined) {
      return host;
    }
  }
  return '';
}

const needsHost = (field: IstioField): boolean => field === 'subset' || field === 'port';

/** The reference whose written value is under the cursor (hover, definition). */
export function istioSpotAt(entry: FileEntry, offset: number): IstioSpot | undefined {
  const object = networkingObjectAt(entry, offset);
  if (!object) {
    return undefined;
  }
  const { path, parents, scalar } = descend(object.node, offset);
  const value = scalar?.value;
  const span = nodeSpan(scalar);
  if (!span || (typeof value !== 'string' && typeof value !== 'number') || String(value) === '') {
    return undefined;
  }
  const field = fieldOf(object.kind, path.map((s) => (typeof s === 'number' ? '-' : s)));
  if (!field) {
    return undefined;
  }
  return { field, object, value: String(value), span, host: needsHost(field) ? destinationHost(parents) : '' };
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
  // The value being typed may be empty: the maps above it still hold the cursor.
  const host = needsHost(field) ? destinationHost(descend(object.node, offset).parents) : '';
  return { field, object, value: unquoted(raw), span, host };
}

function unquoted(text: string): string {
  const q = text.charAt(0);
  if (q !== '"' && q !== "'") {
    return text;
  }
  return text.length >= 2 && text.endsWith(q) ? text.slice(1, -1) : text.slice(1);
}

