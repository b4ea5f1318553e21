import { isMap, isScalar } from 'yaml';
import type { Node } from 'yaml';
import { deref } from '../yaml/aliases';
import { nodeSpan } from '../yaml/spans';
import type { Span } from '../yaml/spans';
import type { K8sObject } from './k8sObject';
import { nodeAt, scalarString, seqItemsAt, stringAt, stringRecord, mapAt } from './k8sObject';

/** Typed views of Istio's networking resources (VirtualService, DestinationRule, Gateway, ServiceEntry), with spans. */

export const ISTIO_NETWORKING_GROUP = 'networking.istio.io';

/** True when the object is of Istio's networking API group with this kind (Gateway API's `Gateway` is not). */
export function isIstioNetworking(obj: K8sObject, kind: string): boolean {
  return obj.kind === kind && obj.apiVersion.startsWith(`${ISTIO_NETWORKING_GROUP}/`);
}

/** A string of a list, with where it is written. */
export interface SpannedString {
  readonly value: string;
  readonly span: Span;
}

/** The string items of a list at a path (non-strings skipped), with their spans. */
export function stringItems(root: Node | null | undefined, path: readonly (string | number)[]): SpannedString[] {
  const out: SpannedString[] = [];
  for (const item of seqItemsAt(root, path)) {
    const value = isScalar(item) ? scalarString(item) : undefined;
    const span = isScalar(item) ? nodeSpan(item) : undefined;
    if (value !== undefined && span) {
      out.push({ value, span });
    }
  }
  return out;
}

/** The `exportTo` list of an object (values only). */
export function exportToOf(obj: K8sObject): string[] {
  return stringItems(obj.node, ['spec', 'exportTo']).map((s) => s.value);
}

/** Where a route sends traffic, as a VirtualService writes it. */
export interface RouteDestination {
  /** `http`, `tcp`, `tls`, `http.mirror` or `http.mirrors`. */
  readonly section: string;
  readonly ruleIndex: number;
  readonly routeIndex: number;
  /** The host written, or '' when the destination or its host is missing (Istio reads it as the empty host). */
  readonly host: string;
  readonly subset: string | undefined;
  readonly port: number | undefined;
  /** The host value, else the destination, else the route entry. */
  readonly span: Span;
  /** The `port.number` value (else the `port` value), when one is written. */
  readonly portSpan: Span | undefined;
  /** The `subset` value, when one is written. */
  readonly subsetSpan: Span | undefined;
}

function destinationOf(
  node: unknown,
  fallback: Span,
  section: string,
  ruleIndex: number,
  routeIndex: number,
): RouteDestination {
  const dest = isMap(node) ? node : undefined;
  const hostNode = dest ? nodeAt(dest, ['host']) : undefined;
  const portNode = dest ? nodeAt(dest, ['port', 'number']) : undefined;
  const portText = scalarString(portNode);
  const port = portText !== undefined && /^\d+$/.test(portText) ? Number(portText) : undefined;
  return {
    section,
    ruleIndex,
    routeIndex,
    host: stringAt(dest, ['host']) ?? '',
    subset: stringAt(dest, ['subset']),
    port,
    span: nodeSpan(hostNode) ?? nodeSpan(dest) ?? fallback,
    portSpan: nodeSpan(portNode) ?? nodeSpan(dest ? nodeAt(dest, ['port']) : undefined),
    subsetSpan: nodeSpan(dest ? nodeAt(dest, ['subset']) : undefined),
  };
}

/** The route destinations of a VirtualService: `tcp`, `tls` then `http` routes, as Istio lists them. */
export function routeDestinations(vs: K8sObject): RouteDestination[] {
  const out: RouteDestination[] = [];
  for (const section of ['tcp', 'tls', 'http']) {
    seqItemsAt(vs.node, ['spec', section]).forEach((rule, i) => {
      seqItemsAt(rule as Node, ['route']).forEach((route, j) => {
        const fallback = nodeSpan(route as Node) ?? vs.anchor;
        out.push(destinationOf(isMap(route) ? deref(nodeAt(route, ['destination'])) : undefined, fallback, section, i, j));
      });
    });
  }
  return out;
}

/** The mirror destinations of a VirtualService's http routes (`mirror` and `mirrors[].destination`). */
export function mirrorDestinations(vs: K8sObject): RouteDestination[] {
  const out: RouteDestination[] = [];
  seqItemsAt(vs.node, ['spec', 'http']).forEach((rule, i) => {
    const mirror = nodeAt(rule as Node, ['mirror']);
    if (mirror) {
      out.push(destinationOf(mirror, nodeSpan(mirror) ?? vs.anchor, 'http.mirror', i, 0));
    }
    seqItemsAt(rule as Node, ['mirrors']).forEach((m, j) => {
      const fallback = nodeSpan(m as Node) ?? vs.anchor;
      out.push(destinationOf(isMap(m) ? deref(nodeAt(m, ['destination'])) : undefined, fallback, 'http.mirrors', i, j));
    });
  });
  return out;
}

/** The servers' hosts of a Gateway, as written (with their `namespace/` scopes). */
export function gatewayHosts(gw: K8sObject): string[] {
  return seqItemsAt(gw.node, ['spec', 'servers']).flatMap((s) => stringItems(s as Node, ['hosts']).map((h) => h.value));
}

/** A DestinationRule's subset. */
export interface Subset {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The subset's `name` value, else the entry. */
  readonly span: Span;
}

/** The subsets of a DestinationRule. */
export function subsetsOf(dr: K8sObject): Subset[] {
  const out: Subset[] = [];
  for (const s of seqItemsAt(dr.node, ['spec', 'subsets'])) {
    if (!isMap(s)) {
      continue;
    }
    const span = nodeSpan(nodeAt(s, ['name'])) ?? nodeSpan(s);
    if (span) {
      out.push({ name: stringAt(s, ['name']) ?? '', labels: stringRecord(mapAt(s, ['labels'])) ?? {}, span });
    }
  }
  return out;
}
