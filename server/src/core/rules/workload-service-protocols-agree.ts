import type { SelectingService } from '../index/serviceMembership';
import { isMeshWorkload, servicesSelecting, workloadAnchor } from '../index/serviceMembership';
import { WORKLOAD_KINDS } from '../model/workload';
import type { Span } from '../yaml/spans';
import type { RuleFinding } from './rule';
import { defineRule } from './rule';

/**
 * The Services that select a workload's pods agree on the protocol of each port number they share. Mirrors Istio's
 * ServiceAssociationAnalyzer (IST0116): Services in the workload's namespace with a non-empty matching selector; ports
 * compared by number and Kubernetes `protocol` (TCP when absent); workloads out of the mesh are skipped.
 */
export default defineRule({
  id: 'workload-service-protocols-agree',
  description: 'Services selecting the same pods use each port number with one protocol only.',
  istioCode: 'IST0116',
  // legacy-0.2 allows only one Service per pod at all (workload-single-service), which covers this.
  defaultSeverity: { 'legacy-0.2': 'off', classic: 'warning', native: 'warning' },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const workload = ctx.object;
    const ns = ctx.settings.defaultNamespace;
    if (!isMeshWorkload(workload, ctx.profile, ctx.index, ns)) {
      return [];
    }
    const services = servicesSelecting(ctx.index, workload, ns);
    if (services.length < 2) {
      return [];
    }
    // port number → protocol → the Services (and their port entries) using it
    const byPort = new Map<number, Map<string, Use[]>>();
    for (const svc of services) {
      for (const p of svc.ports) {
        if (p.port === undefined) {
          continue;
        }
        const protocols = byPort.get(p.port) ?? new Map();
        byPort.set(p.port, protocols);
        const users = protocols.get(p.protocol) ?? [];
        users.push({ svc, portSpan: p.span });
        protocols.set(p.protocol, users);
      }
    }
    const findings: RuleFinding[] = [];
    for (const [port, protocols] of [...byPort].sort((a, b) => a[0] - b[0])) {
      // One Service may serve a port over TCP and UDP (DNS does); a conflict needs two Services.
      const involved = new Set([...protocols.values()].flatMap((users) => users.map((u) => u.svc)));
      if (protocols.size < 2 || involved.size < 2) {
        continue;
      }
      const uses = [...protocols].map(
        ([protocol, users]) => `${protocol} (${unique(users.map((u) => u.svc.service.name)).join(', ')})`,
      );
      const related = [...protocols].flatMap(([protocol, users]) =>
        users.map((u) => ({
          uri: u.svc.service.uri,
          span: u.portSpan ?? u.svc.service.anchor,
          message: `Service ${u.svc.namespace}/${u.svc.service.name} uses port ${port} as ${protocol}`,
        })),
      );
      findings.push({
        span: workloadAnchor(workload),
        message:
          `${workload.kind} ${workload.name}: the Services selecting its pods use port ${port} with different ` +
          `protocols: ${uses.join(' vs ')}. Its sidecar can serve a port with one protocol only. Give port ${port} the ` +
          `same protocol in every one of these Services, or move one of them to another port number.`,
        related,
      });
    }
    return findings;
  },
});

/** A Service port using a port number. */
interface Use {
  readonly svc: SelectingService;
  readonly portSpan: Span | undefined;
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}
