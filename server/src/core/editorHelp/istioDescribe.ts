import type { Node } from 'yaml';
import { effectiveNamespace } from '../index/workspaceIndex';
import type { K8sObject } from '../model/k8sObject';
import { mapAt, seqItemsAt, stringAt, stringRecord } from '../model/k8sObject';
import { gatewayHosts } from '../model/istioNetworking';
import type { MeshHost } from '../model/meshHosts';
import type { IstioWorkspace, SubsetOf } from './istioTargets';
import { podsOfSubset } from './istioTargets';

/** Markdown about what an Istio reference resolves to: a host's Service or ServiceEntry, a subset's pods, a Gateway. */

/** Pods named in a subset's description before "and N more". */
const PODS_SHOWN = 5;

const fullName = (o: K8sObject, ws: IstioWorkspace): string => `${effectiveNamespace(o, ws.defaultNamespace)}/${o.name}`;

const labelsText = (labels: Readonly<Record<string, string>>): string =>
  Object.entries(labels)
    .map(([k, v]) => `\`${k}=${v}\``)
    .join(', ') || 'none';

/** The Service or ServiceEntry a host resolves to: its FQDN, namespace and ports. */
export function describeHost(target: MeshHost, ws: IstioWorkspace): string {
  const o = target.object;
  const ports = target.ports.map((p) => (p.name ? `${p.number} (${p.name})` : String(p.number))).join(', ') || 'none';
  const out = [`**${target.fqdn}** — ${o.kind} ${fullName(o, ws)}`, '', `- **Ports:** ${ports}`];
  if (o.kind === 'Service') {
    out.push(`- **Selects:** ${labelsText(stringRecord(mapAt(o.node, ['spec', 'selector'])) ?? {})}`);
  } else {
    const location = stringAt(o.node, ['spec', 'location']);
    const resolution = stringAt(o.node, ['spec', 'resolution']);
    if (location || resolution) {
      out.push(`- **Location / resolution:** ${location ?? 'MESH_EXTERNAL'} / ${resolution ?? 'NONE'}`);
    }
  }
  return out.join('\n');
}

/** A host that resolves to nothing visible. */
export function describeUnknownHost(host: string, namespace: string): string {
  return `**${host}** — no Service or ServiceEntry visible from namespace ${namespace} declares this host.`;
}

/** A subset: its DestinationRule, labels and the pods it selects (a few by name). */
export function describeSubset(s: SubsetOf, target: MeshHost | undefined, ws: IstioWorkspace): string {
  const out = [`**${s.subset.name}** — subset of DestinationRule ${fullName(s.rule, ws)}`, '', `- **Labels:** ${labelsText(s.subset.labels)}`];
  if (!target) {
    out.push('- **Pods:** unknown — the rule’s host matches no Service or ServiceEntry');
    return out.join('\n');
  }
  const pods = podsOfSubset(ws, target, s.subset);
  const names = pods.slice(0, PODS_SHOWN).map((p) => `${p.object.kind} ${p.object.name}`);
  const more = pods.length > PODS_SHOWN ? `, and ${pods.length - PODS_SHOWN} more` : '';
  out.push(
    pods.length === 0
      ? `- **Pods:** none of ${target.object.kind} ${target.object.name} carry these labels`
      : `- **Pods:** ${pods.length} — ${names.join(', ')}${more}`,
  );
  return out.join('\n');
}

/** A Gateway (its selector and servers), or the `mesh` pseudo-gateway when undefined. */
export function describeGateway(gw: K8sObject | undefined, ws: IstioWorkspace): string {
  if (!gw) {
    return '**mesh** — the sidecars of the mesh: the routes apply to traffic between workloads.';
  }
  const servers = seqItemsAt(gw.node, ['spec', 'servers']).map((s) => {
    const port = stringAt(s as Node, ['port', 'number']) ?? '?';
    const protocol = stringAt(s as Node, ['port', 'protocol']) ?? '';
    return `${port}${protocol ? ` ${protocol}` : ''}`;
  });
  return [
    `**Gateway ${fullName(gw, ws)}**`,
    '',
    `- **Selector:** ${labelsText(stringRecord(mapAt(gw.node, ['spec', 'selector'])) ?? {})}`,
    `- **Servers:** ${servers.join(', ') || 'none'}`,
    `- **Hosts:** ${gatewayHosts(gw).join(', ') || 'none'}`,
  ].join('\n');
}
