import { isMap } from 'yaml';
import type { SelectingService } from '../index/serviceMembership';
import { isMeshWorkload, servicesSelecting, workloadAnchor } from '../index/serviceMembership';
import type { K8sObject } from '../model/k8sObject';
import { nodeAt, seqItemsAt, stringAt } from '../model/k8sObject';
import { podTemplate, WORKLOAD_KINDS } from '../model/workload';
import type { Span } from '../yaml/spans';
import type { RuleFinding } from './rule';
import { defineRule } from './rule';

/**
 * The Services that select a workload's pods reach each container port through one Service port number. Mirrors
 * Istio's ServiceAssociationAnalyzer (IST0137): targets compared as written (a missing or 0 targetPort is the port),
 * except that a named targetPort is first resolved to the pods' container port of that name, so `http` and `8080`
 * meet when they are the same port.
 */
export default defineRule({
  id: 'workload-service-ports-agree',
  description: 'Services selecting the same pods and targeting the same container port use the same Service port.',
  istioCode: 'IST0137',
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
    const named = containerPortsByName(workload);
    // target → Service port → the Services using that pair
    const byTarget = new Map<string, Map<number, Use[]>>();
    for (const svc of services) {
      for (const p of svc.ports) {
        if (p.port === undefined) {
          continue;
        }
        const target = named.get(p.targetPort) ?? p.targetPort;
        const ports = byTarget.get(target) ?? new Map();
        byTarget.set(target, ports);
        const users = ports.get(p.port) ?? [];
        users.push({ svc, span: p.span });
        ports.set(p.port, users);
      }
    }
    const findings: RuleFinding[] = [];
    for (const [target, ports] of byTarget) {
      // One Service may expose a container port twice (e.g. 80 and 8080); a conflict needs two Services.
      const involved = new Set([...ports.values()].flatMap((users) => users.map((u) => u.svc)));
      if (ports.size < 2 || involved.size < 2) {
        continue;
      }
      const sorted = [...ports].sort((a, b) => a[0] - b[0]);
      const uses = sorted.map(([port, users]) => `${unique(users.map((u) => u.svc.service.name)).join(', ')} on port ${port}`);
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

/** A Service port reaching a container port. */
interface Use {
  readonly svc: SelectingService;
  readonly span: Span | undefined;
}

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

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}
