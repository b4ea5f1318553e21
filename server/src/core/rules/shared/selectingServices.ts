import type { SelectingService, ServicePort } from '../../index/serviceMembership';
import { isMeshWorkload, servicesSelecting } from '../../index/serviceMembership';
import type { Span } from '../../yaml/spans';
import type { RuleContext } from '../rule';

// What the rules about several Services selecting one workload's pods share (workload-single-service,
// workload-service-ports-agree, workload-service-protocols-agree).

/** The Services selecting the checked workload's pods, when it is in the mesh and two or more of them do; else none. */
export function servicesSharingPods(ctx: RuleContext): readonly SelectingService[] {
  const ns = ctx.settings.defaultNamespace;
  if (!isMeshWorkload(ctx.object, ctx.profile, ctx.index, ns)) {
    return [];
  }
  const services = servicesSelecting(ctx.index, ctx.object, ns);
  return services.length < 2 ? [] : services;
}

/** A Service port entry, as one of the Services uses it. */
export interface PortUse {
  readonly svc: SelectingService;
  readonly span: Span | undefined;
}

/**
 * The Services' ports (those with a number) grouped by what must agree, then by the value each port gives it, e.g.
 * port number → protocol → the port entries using it. Only the groups where two or more Services give different
 * values, in the order they first appear: one Service alone may give two (a port over TCP and UDP, as DNS does; a
 * container port exposed on 80 and 8080), so a conflict needs two Services.
 */
export function disagreements<K, V>(
  services: readonly SelectingService[],
  key: (p: ServicePort, port: number) => K,
  value: (p: ServicePort, port: number) => V,
): [K, Map<V, PortUse[]>][] {
  const byKey = new Map<K, Map<V, PortUse[]>>();
  for (const svc of services) {
    for (const p of svc.ports) {
      if (p.port === undefined) {
        continue;
      }
      const k = key(p, p.port);
      const values = byKey.get(k) ?? new Map<V, PortUse[]>();
      byKey.set(k, values);
      const v = value(p, p.port);
      const users = values.get(v) ?? [];
      users.push({ svc, span: p.span });
      values.set(v, users);
    }
  }
  return [...byKey].filter(([, values]) => {
    const involved = new Set([...values.values()].flatMap((users) => users.map((u) => u.svc)));
    return values.size >= 2 && involved.size >= 2;
  });
}

/** The names of the Services using one value, each once. */
export function serviceNames(users: readonly PortUse[]): string[] {
  return [...new Set(users.map((u) => u.svc.service.name))];
}
