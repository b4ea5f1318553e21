import type { YAMLMap } from 'yaml';
import { istioVirtualServices } from '../index/istioLookups';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { effectiveNamespace } from '../index/workspaceIndex';
import { EXPORT_TO_ALL, exportScopes, hostMatches, MESH_GATEWAY, toFqdn } from '../model/istioHost';
import type { K8sObject } from '../model/k8sObject';
import { nodeAt } from '../model/k8sObject';
import { exportToOf, stringItems } from '../model/istioNetworking';
import { nodeSpan } from '../yaml/spans';
import { defineAnalyzerRule } from './shared/istioAnalyzer';

/**
 * VirtualServices of the mesh gateway (sidecars) do not claim the same host for the same namespaces. Mirrors Istio's
 * virtualservice.ConflictingMeshGatewayHostsAnalyzer (IST0109, ConflictingMeshGatewayVirtualServiceHosts): hosts are
 * FQDNs in the VirtualService's namespace, scoped by its `exportTo`; a host exported to some namespaces also conflicts
 * with any host exported to all that overlaps it (wildcards included); two hosts exported to all conflict when equal.
 */
export default defineAnalyzerRule({
  id: 'vs-mesh-hosts-unique',
  description: 'No two VirtualServices of the mesh (sidecars) claim the same host for the same namespaces.',
  istioCode: 'IST0109',
  istioAnalyzer: 'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
  defaultSeverity: 'error',
  kinds: ['VirtualService'],
  check(ctx) {
    const vs = ctx.object;
    const conflict = meshHostConflicts(ctx.index, ctx.settings.defaultNamespace).get(vs.node);
    if (!conflict) {
      return [];
    }
    const others = conflict.with.filter((o) => o.node !== vs.node);
    const name = (o: K8sObject): string => `${effectiveNamespace(o, ctx.settings.defaultNamespace)}/${o.name}`;
    return [
      {
        span: nodeSpan(nodeAt(vs.node, ['metadata', 'name'])) ?? vs.anchor,
        message:
          `VirtualService ${name(vs)} and ${others.map(name).join(', ')} all route host ${conflict.host} for the ` +
          'sidecars of the same namespaces: which one applies is undefined. Merge them into one VirtualService, ' +
          'or narrow their hosts or exportTo.',
        related: others.map((o) => ({ uri: o.uri, span: nodeSpan(nodeAt(o.node, ['metadata', 'name'])) ?? o.anchor, message: `VirtualService ${name(o)}` })),
      },
    ];
  },
});

interface Conflict {
  readonly host: string;
  readonly with: readonly K8sObject[];
}

/** Each mesh VirtualService in a conflict: the first scoped host it conflicts on, and every VirtualService involved. */
function meshHostConflicts(index: WorkspaceIndex, defaultNamespace: string): ReadonlyMap<YAMLMap, Conflict> {
  return index.derived(`istio-mesh-host-conflicts\u0000${defaultNamespace}`, (ix) => {
    const byScopedHost = new Map<string, { scope: string; fqdn: string; list: K8sObject[] }>();
    for (const vs of istioVirtualServices(ix, defaultNamespace)) {
      const gateways = stringItems(vs.node, ['spec', 'gateways']).map((g) => g.value);
      if (gateways.length > 0 && !gateways.includes(MESH_GATEWAY)) {
        continue;
      }
      const ns = effectiveNamespace(vs, defaultNamespace);
      for (const scope of exportScopes(exportToOf(vs), ns)) {
        for (const h of stringItems(vs.node, ['spec', 'hosts'])) {
          const fqdn = toFqdn(h.value, ns);
          const key = `${scope}/${fqdn}`;
          const entry = byScopedHost.get(key) ?? { scope, fqdn, list: [] };
          if (!entry.list.includes(vs)) {
            entry.list.push(vs);
          }
          byScopedHost.set(key, entry);
        }
      }
    }
    const exportedToAll = [...byScopedHost.values()].filter((e) => e.scope === EXPORT_TO_ALL);
    const out = new Map<YAMLMap, Conflict>();
    for (const [key, e] of byScopedHost) {
      const involved = [...e.list];
      if (e.scope !== EXPORT_TO_ALL) {
        for (const all of exportedToAll) {
          if (hostMatches(e.fqdn, all.fqdn)) {
            all.list.forEach((o) => involved.includes(o) || involved.push(o));
          }
        }
      }
      if (involved.length < 2) {
        continue;
      }
      for (const o of involved) {
        if (!out.has(o.node)) {
          out.set(o.node, { host: key, with: involved });
        }
      }
    }
    return out;
  });
}
