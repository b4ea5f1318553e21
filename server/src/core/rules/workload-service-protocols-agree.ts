import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { workloadAnchor } from '../index/serviceMembership';
import { WORKLOAD_KINDS } from '../model/workload';
import type { RuleFinding } from './rule';
import { disagreements, serviceNames, servicesSharingPods } from './shared/selectingServices';

/**
 * The Services that select a workload's pods agree on the protocol of each port number they share. Mirrors Istio's
 * ServiceAssociationAnalyzer (IST0116): Services in the workload's namespace with a non-empty matching selector; ports
 * compared by number and Kubernetes `protocol` (TCP when absent); workloads out of the mesh are skipped.
 */
export default defineAnalyzerRule({
  id: 'workload-service-protocols-agree',
  description: 'Services selecting the same pods use each port number with one protocol only.',
  istioCode: 'IST0116',
  istioAnalyzer: 'deployment.MultiServiceAnalyzer',
  // legacy-0.2 allows only one Service per pod at all (workload-single-service), which covers this.
  defaultSeverity: { 'legacy-0.2': 'off', classic: 'warning', native: 'warning' },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const workload = ctx.object;
    const services = servicesSharingPods(ctx);
    if (services.length === 0) {
      return [];
    }
    // port number → protocol → the Services (and their port entries) using it
    const conflicts = disagreements(services, (_p, port) => port, (p) => p.protocol);
    const findings: RuleFinding[] = [];
    for (const [port, protocols] of conflicts.sort((a, b) => a[0] - b[0])) {
      const uses = [...protocols].map(([protocol, users]) => `${protocol} (${serviceNames(users).join(', ')})`);
      const related = [...protocols].flatMap(([protocol, users]) =>
        users.map((u) => ({
          uri: u.svc.service.uri,
          span: u.span ?? u.svc.service.anchor,
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
