import { isRec } from '../plainData';
import type { K8sObject } from '../model/k8sObject';
import { nodeAt, scalarString, seqItemsAt, stringAt, stringRecord, mapAt } from '../model/k8sObject';
import { DEFAULT_CLUSTER_DOMAIN } from '../model/istioHost';
import { exportToOf, isIstioNetworking, stringItems } from '../model/istioNetworking';
import type { HostDeclaration, HostPort } from '../model/meshHosts';
import { MeshHostTable } from '../model/meshHosts';
import { objectAnnotations, objectLabels, podTemplate, WORKLOAD_KINDS } from '../model/workload';
import type { Node } from 'yaml';
import { parse } from 'yaml';
import { MAX_ALIAS_COUNT } from '../yaml/parse';
import { onePerObject } from './identity';
import type { WorkspaceIndex } from './workspaceIndex';
import { effectiveNamespace } from './workspaceIndex';

// Lookups over Istio's resources, built with `derived` so that a rule using them depends on the kinds they read
// (Services, ServiceEntries, Gateways, VirtualServices) and is re-checked when one of those changes.

const EXPORT_TO_ANNOTATION = 'networking.istio.io/exportTo';

function servicePorts(svc: K8sObject): HostPort[] {
  const out: HostPort[] = [];
  for (const p of seqItemsAt(svc.node, ['spec', 'ports'])) {
    const n = scalarString(nodeAt(p as Node, ['port']));
    if (n !== undefined && /^\d+$/.test(n)) {
      out.push({ number: Number(n), name: stringAt(p as Node, ['name']) });
    }
  }
  return out;
}

function serviceEntryPorts(se: K8sObject): HostPort[] {
  const out: HostPort[] = [];
  for (const p of seqItemsAt(se.node, ['spec', 'ports'])) {
    const n = scalarString(nodeAt(p as Node, ['number']));
    if (n !== undefined && /^\d+$/.test(n)) {
      out.push({ number: Number(n), name: stringAt(p as Node, ['name']) });
    }
  }
  return out;
}

/** Every host of the workspace's Services and ServiceEntries, scoped by their `exportTo`. */
export function meshHostTable(index: WorkspaceIndex, defaultNamespace: string, domain = DEFAULT_CLUSTER_DOMAIN): MeshHostTable {
  return index.derived(`istio-mesh-hosts\u0000${defaultNamespace}\u0000${domain}`, (ix) => {
    const decls: HostDeclaration[] = [];
    for (const se of ix.ofKind('ServiceEntry')) {
      if (!isIstioNetworking(se, 'ServiceEntry')) {
        continue;
      }
      const namespace = effectiveNamespace(se, defaultNamespace);
      const exportTo = exportToOf(se);
      const entry = {
        object: se,
        ports: serviceEntryPorts(se),
        workloadLabels: stringRecord(mapAt(se.node, ['spec', 'workloadSelector', 'labels'])),
      };
      for (const h of stringItems(se.node, ['spec', 'hosts'])) {
        decls.push({ host: h.value, namespace, exportTo, entry });
      }
    }
    for (const svc of ix.ofKind('Service')) {
      if (svc.apiVersion !== 'v1' || svc.name === '') {
        continue;
      }
      const namespace = effectiveNamespace(svc, defaultNamespace);
      const anno = objectAnnotations(svc)[EXPORT_TO_ANNOTATION];
      const exportTo = anno === undefined || anno.trim() === '' ? [] : anno.split(',').map((s) => s.trim());
      decls.push({ host: svc.name, namespace, exportTo, entry: { object: svc, ports: servicePorts(svc), workloadLabels: undefined } });
    }
    return new MeshHostTable(decls, domain);
  });
}

/** Istio Gateways (networking.istio.io) by `namespace/name`, one per object identity. */
export function istioGateways(index: WorkspaceIndex, defaultNamespace: string): ReadonlyMap<string, K8sObject> {
  return index.derived(`istio-gateways\u0000${defaultNamespace}`, (ix) => {
    const gws = onePerObject(
      ix.ofKind('Gateway').filter((g) => isIstioNetworking(g, 'Gateway')),
      (g) => g,
      defaultNamespace,
    );
    return new Map(gws.map((g) => [`${effectiveNamespace(g, defaultNamespace)}/${g.name}`, g] as const));
  });
}

/** Istio VirtualServices of the workspace, one per object identity. */
export function istioVirtualServices(index: WorkspaceIndex, defaultNamespace: string): readonly K8sObject[] {
  return index.derived(`istio-virtualservices\u0000${defaultNamespace}`, (ix) =>
    onePerObject(
      ix.ofKind('VirtualService').filter((v) => isIstioNetworking(v, 'VirtualService')),
      (v) => v,
      defaultNamespace,
    ),
  );
}

/** The labels a pod of the workspace carries: a Pod's, or a workload's pod template's. */
export interface PodLabels {
  readonly object: K8sObject;
  readonly labels: Readonly<Record<string, string>>;
}

const TOPOLOGY_LABELS = ['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone'];

/**
 * Every pod's labels, from Pods and workloads' pod templates. A Pod scheduled on a Node of the workspace also carries
 * the node's topology labels and `kubernetes.io/hostname`, as Istio's registry gives its endpoints.
 */
export function podLabelSets(index: WorkspaceIndex): readonly PodLabels[] {
  return index.derived('istio-pod-labels', (ix) => {
    const nodes = new Map(ix.ofKind('Node').map((n) => [n.name, objectLabels(n)] as const));
    const out: PodLabels[] = [];
    for (const kind of WORKLOAD_KINDS) {
      for (const w of ix.ofKind(kind)) {
        const labels = podTemplate(w)?.labels ?? {};
        const nodeName = kind === 'Pod' ? stringAt(w.node, ['spec', 'nodeName']) : undefined;
        const node = nodeName ? nodes.get(nodeName) : undefined;
        if (!nodeName || !node) {
          out.push({ object: w, labels });
          continue;
        }
        const augmented: Record<string, string> = { ...labels };
        for (const k of TOPOLOGY_LABELS) {
          const v = node[k];
          // Why not '': istiod reads no locality from an empty topology label, so it selects nothing.
          if (v !== undefined && v !== '') {
            augmented[k] = v;
          }
        }
        augmented['kubernetes.io/hostname'] = nodeName;
        out.push({ object: w, labels: augmented });
      }
    }
    return out;
  });
}

/**
 * The mesh config in force for the analyzers: the user's `istio.injection.meshConfig` setting when set, else a mesh
 * config file given as such (`check --mesh-config`), else the `mesh` of the workspace's `istio` ConfigMap (namespace
 * istio-system), else none. Parsed YAML, or undefined.
 */
export function analyzerMeshConfig(index: WorkspaceIndex, fromSettings: unknown): Readonly<Record<string, unknown>> | undefined {
  if (isRec(fromSettings) && Object.keys(fromSettings).length > 0) {
    return fromSettings;
  }
  return index.derived('istio-analyzer-mesh-config', (ix) => {
    const file = ix.ofKind('MeshConfig')[0];
    if (file) {
      return plainRecord(file.node);
    }
    const cm = ix.ofKind('ConfigMap').find((c) => c.name === 'istio' && (c.namespace ?? 'istio-system') === 'istio-system');
    const text = cm ? stringAt(cm.node, ['data', 'mesh']) : undefined;
    return text === undefined ? undefined : parseRecord(text);
  });
}

/** A YAML text read as a map; undefined when it does not parse or is not a map (Istio then uses its defaults). */
export function parseRecord(text: string): Readonly<Record<string, unknown>> | undefined {
  try {
    const parsed: unknown = parse(text, { maxAliasCount: MAX_ALIAS_COUNT, logLevel: 'error' });
    return isRec(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function plainRecord(node: Node): Readonly<Record<string, unknown>> | undefined {
  try {
    const value: unknown = node.toJSON();
    return isRec(value) ? value : undefined;
  } catch {
    return undefined; // an alias toJSON cannot resolve out of its document
  }
}

