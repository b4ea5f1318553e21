import { istioGateways, meshHostTable, podLabelSets } from '../index/istioLookups';
import type { PodLabels } from '../index/istioLookups';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { effectiveNamespace } from '../index/workspaceIndex';
import { EXPORT_TO_ALL, exportScopes, hostMatches, shortOrFullName, toFqdn } from '../model/istioHost';
import type { K8sObject } from '../model/k8sObject';
import { mapAt, stringAt, stringRecord } from '../model/k8sObject';
import { exportToOf, isIstioNetworking, stringItems, subsetsOf } from '../model/istioNetworking';
import type { Subset } from '../model/istioNetworking';
import type { MeshHost } from '../model/meshHosts';

/**
 * What the references of a VirtualService or DestinationRule point at, seen from that object as Istio resolves them:
 * hosts through the mesh host table (short names in the reader's namespace, exportTo, wildcards), subsets from the
 * DestinationRules of the host visible there, gateways as `name` or `namespace/name`.
 */

/** The workspace as editor help reads it. */
export interface IstioWorkspace {
  readonly index: WorkspaceIndex;
  readonly defaultNamespace: string;
}

/** The namespace the object reads its references in. */
export function readerNamespace(ws: IstioWorkspace, from: K8sObject): string {
  return effectiveNamespace(from, ws.defaultNamespace);
}

/** The Service or ServiceEntry a host written in `from` resolves to. */
export function resolveHost(ws: IstioWorkspace, from: K8sObject, host: string): MeshHost | undefined {
  if (host === '') {
    return undefined;
  }
  return meshHostTable(ws.index, ws.defaultNamespace).resolve(readerNamespace(ws, from), exportToOf(from), host);
}

/** A host `from` may name, as it can be written there. */
export interface HostChoice {
  /** As inserted: the short name (same namespace only), or the FQDN / ServiceEntry host. */
  readonly text: string;
  readonly target: MeshHost;
}

/**
 * The hosts visible from `from`: each Service as its short name (in `from`'s own namespace, where a short name
 * resolves) and its FQDN, and each ServiceEntry host. Visibility is the host table's: a candidate is kept only when
 * it resolves back to its own declaration.
 */
export function visibleHosts(ws: IstioWorkspace, from: K8sObject): HostChoice[] {
  const out: HostChoice[] = [];
  const seen = new Set<string>();
  const add = (text: string, decl: K8sObject): void => {
    const target = resolveHost(ws, from, text);
    if (target && target.object === decl && !seen.has(text)) {
      seen.add(text);
      out.push({ text, target });
    }
  };
  for (const svc of ws.index.ofKind('Service')) {
    if (svc.apiVersion !== 'v1' || svc.name === '') {
      continue;
    }
    // The short name is kept only where it resolves to this Service: in the reader's own namespace.
    add(svc.name, svc);
    add(toFqdn(svc.name, effectiveNamespace(svc, ws.defaultNamespace)), svc);
  }
  for (const se of ws.index.ofKind('ServiceEntry')) {
    if (!isIstioNetworking(se, 'ServiceEntry')) {
      continue;
    }
    for (const h of stringItems(se.node, ['spec', 'hosts'])) {
      if (!h.value.startsWith('*')) {
        add(h.value, se);
      }
    }
  }
  return out;
}

/** A DestinationRule subset, with its rule. */
export interface SubsetOf {
  readonly rule: K8sObject;
  readonly subset: Subset;
}

/**
 * The DestinationRules visible from `from` whose host matches the FQDN (a rule's host resolves in the rule's own
 * namespace; wildcards match as Istio's host matching says).
 */
export function destinationRulesFor(ws: IstioWorkspace, from: K8sObject, fqdn: string): K8sObject[] {
  const ns = readerNamespace(ws, from);
  return ws.index.ofKind('DestinationRule').filter((dr) => {
    if (!isIstioNetworking(dr, 'DestinationRule')) {
      return false;
    }
    const drNs = effectiveNamespace(dr, ws.defaultNamespace);
    const scopes = exportScopes(exportToOf(dr), drNs);
    const host = stringAt(dr.node, ['spec', 'host']) ?? '';
    return host !== '' && (scopes.includes(EXPORT_TO_ALL) || scopes.includes(ns)) && hostMatches(toFqdn(host, drNs), fqdn);
  });
}

/** The subsets `from` may route a host to: those of the DestinationRules for the host it resolves to. */
export function subsetsForHost(ws: IstioWorkspace, from: K8sObject, host: string): SubsetOf[] {
  const target = resolveHost(ws, from, host);
  const fqdn = target?.fqdn.startsWith('*') === false ? target.fqdn : toFqdn(host, readerNamespace(ws, from));
  return destinationRulesFor(ws, from, fqdn).flatMap((rule) => subsetsOf(rule).filter((s) => s.name !== '').map((subset) => ({ rule, subset })));
}

/**
 * The pods a subset selects: pods of the host's namespace carrying the host's selector (a Service's `selector`, a
 * ServiceEntry's `workloadSelector`) and the subset's labels.
 */
export function podsOfSubset(ws: IstioWorkspace, target: MeshHost, subset: Subset): PodLabels[] {
  const own =
    target.object.kind === 'Service' ? stringRecord(mapAt(target.object.node, ['spec', 'selector'])) : target.workloadLabels;
  const selector = Object.entries({ ...(own ?? {}), ...subset.labels });
  if (selector.length === 0) {
    return [];
  }
  const ns = effectiveNamespace(target.object, ws.defaultNamespace);
  return podLabelSets(ws.index).filter(
    (p) => effectiveNamespace(p.object, ws.defaultNamespace) === ns && selector.every(([k, v]) => p.labels[k] === v),
  );
}

/** The Gateway a `gateways` entry of `from` names; undefined for `mesh` and unknown ones. */
export function resolveGateway(ws: IstioWorkspace, from: K8sObject, ref: string): K8sObject | undefined {
  const { namespace, name } = shortOrFullName(readerNamespace(ws, from), ref);
  return istioGateways(ws.index, ws.defaultNamespace).get(`${namespace}/${name}`);
}

/** Every Istio Gateway of the workspace by `namespace/name`. */
export function allGateways(ws: IstioWorkspace): ReadonlyMap<string, K8sObject> {
  return istioGateways(ws.index, ws.defaultNamespace);
}
