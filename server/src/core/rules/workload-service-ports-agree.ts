import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { isMap } from 'yaml';
import { workloadAnchor } from '../index/serviceMembership';
import type { K8sObject } from '../model/k8sObject';
import { nodeAt, seqItemsAt, stringAt } from '../model/k8sObject';
import { podTemplate, WORKLOAD_KINDS } from '../model/workload';
import type { RuleFinding } from './rule';
import { disagreements, serviceNames, servicesSharingPods } from './shared/selectingServices';

/**
 * The Services that select a workload's pods reach each container port through one Service port number. Mirrors
 * Istio's ServiceAssociationAnalyzer (IST0137): targets compared as written (a missing or 0 targetPort is the port),
 * except that a named targetPort is first resolved to the pods' container port of that name, so `http` and `8080`
 * meet when they are the same port.
 */
export default defineAnalyzerRule({
  id: 'workload-service-ports-agree',
  description: 'Services selecting the same pods and targeting the same container port use the same Service port.',
  istioCode: 'IST0137',
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
    const named = containerPortsByName(workload);
    // target → Service port → the Services using that pair
    const conflicts = disagreements(services, (p) => named.get(p.targetPort) ?? p.targetPort, (_p, port) => port);
    const findings: RuleFinding[] = [];
    for (const [target, ports] of conflicts) {
      const sorted = [...ports].sort((a, b) => a[0] - b[0]);
      const uses = sorted.map(([port, users]) => `${serviceNames(users).join(', ')} on port ${port}`);
      findings.push({
        span: workloadAnchor(workload),
        message:
          `${workload.kind} ${workload.name}: its Services reach container port ${target} through different Service ` +
          `ports: ${uses.join(' vs ')}. Istio requires Services that target the same container port of the same pods ` +
          `to use the same port number. Use port ${sorted[0]?.[0] ?? ''} in each of them, or target different ` +
          `container ports.`,
        related: sorted.flatMap(([port, users]) =>
          users.map((u) => ({
            uri: u.svc.service.uri,
            span: u.span ?? u.svc.service.anchor,
            message: `Service ${u.svc.namespace}/${u.svc.service.name} sends port ${port} to container port ${target}`,
          })),
        ),
      });
    }
    return findings;
  },
});

/** The pods' named container ports: name → number. */
function containerPortsByName(workload: K8sObject): Map<string, string> {
  const out = new Map<string, string>();
  const tpl = podTemplate(workload);
  if (!tpl) {
    return out;
  }
  const spec = nodeAt(workload.node, [...tpl.path, 'spec']);
  for (const list of ['containers', 'initContainers']) {
    for (const c of seqItemsAt(spec, [list])) {
      for (const p of seqItemsAt(isMap(c) ? c : undefined, ['ports'])) {
        const name = isMap(p) ? stringAt(p, ['name']) : undefined;
        const number = isMap(p) ? stringAt(p, ['containerPort']) : undefined;
        if (name && number && !out.has(name)) {
          out.set(name, number);
        }
      }
    }
  }
  return out;
}
