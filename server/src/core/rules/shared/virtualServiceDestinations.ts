import { meshHostTable } from '../../index/istioLookups';
import { effectiveNamespace } from '../../index/workspaceIndex';
import type { RouteDestination } from '../../model/istioNetworking';
import { exportToOf, mirrorDestinations, routeDestinations } from '../../model/istioNetworking';
import type { MeshHost } from '../../model/meshHosts';
import type { RelatedLocation, RuleContext } from '../rule';

// What the rules about a VirtualService's destination hosts share (vs-destination-host-exists,
// vs-destination-port-required).

/** A destination of the checked VirtualService and the Service or ServiceEntry its host resolves to, if any. */
export interface ResolvedDestination {
  readonly destination: RouteDestination;
  readonly mirror: boolean;
  readonly target: MeshHost | undefined;
}

/** Every route and mirror destination of the VirtualService, resolved as Istio's DestinationHostAnalyzer does. */
export function resolvedDestinations(ctx: RuleContext): ResolvedDestination[] {
  const vs = ctx.object;
  const routes = routeDestinations(vs);
  const mirrors = mirrorDestinations(vs);
  if (routes.length === 0 && mirrors.length === 0) {
    return [];
  }
  const table = meshHostTable(ctx.index, ctx.settings.defaultNamespace);
  const ns = effectiveNamespace(vs, ctx.settings.defaultNamespace);
  const exportTo = exportToOf(vs);
  return [
    ...routes.map((d) => ({ destination: d, mirror: false, target: table.resolve(ns, exportTo, d.host) })),
    ...mirrors.map((d) => ({ destination: d, mirror: true, target: table.resolve(ns, exportTo, d.host) })),
  ];
}

/** Where the Service or ServiceEntry of a host is. */
export function hostRelated(target: MeshHost): RelatedLocation {
  return { uri: target.object.uri, span: target.object.anchor, message: `${target.object.kind} ${target.object.name} declares ${target.fqdn}` };
}
