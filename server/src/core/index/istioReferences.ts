import { EXPORT_TO_ALL, exportScopes, hostMatches, toFqdn } from '../model/istioHost';
import type { K8sObject } from '../model/k8sObject';
import { stringAt } from '../model/k8sObject';
import { exportToOf, isIstioNetworking, stringItems } from '../model/istioNetworking';
import type { MeshHost } from '../model/meshHosts';
import { meshHostTable } from './istioLookups';
import type { WorkspaceIndex } from './workspaceIndex';
import { effectiveNamespace } from './workspaceIndex';

// What a VirtualService or DestinationRule may refer to, seen from it: the hosts it may name and the DestinationRules
// of a host. Shared by editor help (completion, hover) and the rules' quick fixes, so both offer the same names.

/** A host an object may name, as it can be written there. */
export interface HostChoice {
  /** The short name (in the reader's namespace only), the FQDN, or a ServiceEntry host. */
  readonly text: string;
  readonly target: MeshHost;
}

/**
 * The hosts visible from `from`: each Service as its short name and its FQDN, and each non-wildcard ServiceEntry
 * host. Visibility is the host table's: a name is kept only when, written in `from`, it resolves to its own
 * declaration (so a short name only in the Service's namespace, and nothing another namespace does not export).
 */
export function visibleHosts(index: WorkspaceIndex, defaultNamespace: string, from: K8sObject): HostChoice[] {
  const table = meshHostTable(index, defaultNamespace);
  const ns = effectiveNamespace(from, defaultNamespace);
  const exportTo = exportToOf(from);
  const out: HostChoice[] = [];
  const seen = new Set<string>();
  const add = (text: string, decl: K8sObject): void => {
    const target = table.resolve(ns, exportTo, text);
    if (target && target.object === decl && !seen.has(text)) {
      seen.add(text);
      out.push({ text, target });
    }
  };
  for (const svc of index.ofKind('Service')) {
    if (svc.apiVersion !== 'v1' || svc.name === '') {
      continue;
    }
    add(svc.name, svc);
    add(toFqdn(svc.name, effectiveNamespace(svc, defaultNamespace)), svc);
  }
  for (const se of index.ofKind('ServiceEntry')) {
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

/**
 * The DestinationRules visible from `from` whose host matches the FQDN: a rule's host resolves in the rule's own
 * namespace, its `exportTo` scopes where it applies, and wildcards match as Istio's host matching says.
 */
export function destinationRulesFor(index: WorkspaceIndex, defaultNamespace: string, from: K8sObject, fqdn: string): K8sObject[] {
  const ns = effectiveNamespace(from, defaultNamespace);
  return index.ofKind('DestinationRule').filter((dr) => {
    if (!isIstioNetworking(dr, 'DestinationRule')) {
      return false;
    }
    const drNs = effectiveNamespace(dr, defaultNamespace);
    const scopes = exportScopes(exportToOf(dr), drNs);
    const host = stringAt(dr.node, ['spec', 'host']) ?? '';
    return host !== '' && (scopes.includes(EXPORT_TO_ALL) || scopes.includes(ns)) && hostMatches(toFqdn(host, drNs), fqdn);
  });
}

/**
 * The DestinationRules for a host as `from` writes it: the host resolved as a destination (a ServiceEntry's wildcard
 * stands for the name written), then matched by `destinationRulesFor`.
 */
export function destinationRulesForHost(index: WorkspaceIndex, defaultNamespace: string, from: K8sObject, host: string): K8sObject[] {
  const ns = effectiveNamespace(from, defaultNamespace);
  const target = meshHostTable(index, defaultNamespace).resolve(ns, exportToOf(from), host);
  const fqdn = target && !target.fqdn.startsWith('*') ? target.fqdn : toFqdn(host, ns);
  return destinationRulesFor(index, defaultNamespace, from, fqdn);
}
