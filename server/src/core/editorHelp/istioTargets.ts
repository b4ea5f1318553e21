import { istioGateways, meshHostTable, podLabelSets } from '../index/istioLookups';
import type { PodLabels } from '../index/istioLookups';
import type { HostChoice } from '../index/istioReferences';
import { destinationRulesForHost, visibleHosts } from '../index/istioReferences';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { effectiveNamespace } from '../index/workspaceIndex';
import { shortOrFullName } from '../model/istioHost';
import type { K8sObject } from '../model/k8sObject';
import { mapAt, stringRecord } from '../model/k8sObject';
import { exportToOf, subsetsOf } from '../model/istioNetworking';
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

/** The hosts `from` may name (see `visibleHosts` of the index). */
export function hostChoices(ws: IstioWorkspace, from: K8sObject): HostChoice[] {
  return visibleHosts(ws.index, ws.defaultNamespace, from);
}

/** A DestinationRule subset, with its rule. */
export interface SubsetOf {
  readonly rule: K8sObject;
  readonly subset: Subset;
}

/** The subsets `from` may route a host to: those of the DestinationRules for the host it resolves to. */
export function subsetsForHost(ws: IstioWorkspace, from: K8sObject, host: string): SubsetOf[] {
  return destinationRulesForHost(ws.index, ws.defaultNamespace, from, host).flatMap((rule) =>
    subsetsOf(rule)
      .filter((s) => s.name !== '')
      .map((subset) => ({ rule, subset })),
  );
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
