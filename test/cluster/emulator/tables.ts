import { arr, at, isObject, str, type Json, type JsonObject } from './json';
import type { ResourceType } from './resources';

// Server-side printing (meta.k8s.io/v1 Table), what `kubectl get` asks for with `Accept: ...;as=Table`: the columns
// the apiserver's printers give the kinds the guide reads (Services' CLUSTER-IP and PORT(S), pods, deployments).

interface Column {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'date';
  readonly format?: string;
  readonly priority?: number;
  readonly description: string;
  readonly cell: (o: JsonObject, now: number) => Json;
}

/** kubectl's short ages: 45s, 3m, 5h, 2d. */
export function age(timestamp: unknown, now: number): string {
  const t = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(t)) {
    return '<unknown>';
  }
  const s = Math.max(0, Math.floor((now - t) / 1000));
  return s < 120 ? `${s}s` : s < 600 ? `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : ''}` : s < 3 * 3600 ? `${Math.floor(s / 60)}m` : s < 48 * 3600 ? `${Math.floor(s / 3600)}h` : `${Math.floor(s / 86400)}d`;
}

const NAME: Column = { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', cell: (o) => str(at(o, 'metadata', 'name')) ?? '' };
const AGE: Column = {
  name: 'Age',
  type: 'string',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
  cell: (o, now) => age(at(o, 'metadata', 'creationTimestamp'), now),
};

function servicePorts(o: JsonObject): string {
  const ports = arr(at(o, 'spec', 'ports')).filter(isObject);
  if (ports.length === 0) {
    return '<none>';
  }
  return ports.map((p) => `${String(p.port)}${typeof p.nodePort === 'number' ? `:${p.nodePort}` : ''}/${String(p.protocol ?? 'TCP')}`).join(',');
}

function externalIp(o: JsonObject): string {
  const type = str(at(o, 'spec', 'type')) ?? 'ClusterIP';
  const external = arr(at(o, 'spec', 'externalIPs')).map(String);
  if (type === 'ExternalName') {
    return str(at(o, 'spec', 'externalName')) ?? '<none>';
  }
  if (type === 'LoadBalancer') {
    const ingress = arr(at(o, 'status', 'loadBalancer', 'ingress'))
      .filter(isObject)
      .map((i) => String(i.ip ?? i.hostname ?? ''))
      .filter(Boolean);
    const all = [...ingress, ...external];
    return all.length > 0 ? all.join(',') : '<pending>';
  }
  return external.length > 0 ? external.join(',') : '<none>';
}

function selector(o: JsonObject): string {
  const s = at(o, 'spec', 'selector');
  return isObject(s) && Object.keys(s).length > 0 ? Object.entries(s).map(([k, v]) => `${k}=${String(v)}`).join(',') : '<none>';
}

const COLUMNS: Readonly<Record<string, readonly Column[]>> = {
  Service: [
    NAME,
    { name: 'Type', type: 'string', description: 'type determines how the Service is exposed.', cell: (o) => str(at(o, 'spec', 'type')) ?? 'ClusterIP' },
    { name: 'Cluster-IP', type: 'string', description: 'clusterIP is the IP address of the service.', cell: (o) => str(at(o, 'spec', 'clusterIP')) ?? '<none>' },
    { name: 'External-IP', type: 'string', description: 'externalIPs and the load balancer ingress points.', cell: externalIp },
    { name: 'Port(s)', type: 'string', description: 'The list of ports that are exposed by this service.', cell: servicePorts },
    AGE,
    { name: 'Selector', type: 'string', priority: 1, description: 'Route service traffic to pods with label keys and values matching this selector.', cell: selector },
  ],
  Pod: [
    NAME,
    {
      name: 'Ready',
      type: 'string',
      description: 'The aggregate readiness state of this pod for accepting traffic.',
      cell: (o) => {
        const statuses = arr(at(o, 'status', 'containerStatuses')).filter(isObject);
        return `${statuses.filter((c) => c.ready === true).length}/${arr(at(o, 'spec', 'containers')).length}`;
      },
    },
    { name: 'Status', type: 'string', description: 'The aggregate status of the containers in this pod.', cell: (o) => str(at(o, 'status', 'phase')) ?? 'Pending' },
    {
      name: 'Restarts',
      type: 'string',
      description: 'The number of times the containers in this pod have been restarted.',
      cell: (o) => String(arr(at(o, 'status', 'containerStatuses')).reduce<number>((n, c) => n + (typeof at(c, 'restartCount') === 'number' ? (at(c, 'restartCount') as number) : 0), 0)),
    },
    AGE,
  ],
  Deployment: [
    NAME,
    { name: 'Ready', type: 'string', description: 'Number of the pod with ready state', cell: (o) => `${Number(at(o, 'status', 'readyReplicas') ?? 0)}/${Number(at(o, 'spec', 'replicas') ?? 0)}` },
    { name: 'Up-to-date', type: 'integer', description: 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.', cell: (o) => Number(at(o, 'status', 'updatedReplicas') ?? 0) },
    { name: 'Available', type: 'integer', description: 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.', cell: (o) => Number(at(o, 'status', 'availableReplicas') ?? 0) },
    AGE,
  ],
  Ingress: [
    NAME,
    { name: 'Class', type: 'string', description: 'The name of the IngressClass resource.', cell: (o) => str(at(o, 'spec', 'ingressClassName')) ?? '<none>' },
    {
      name: 'Hosts',
      type: 'string',
      description: 'Hosts that incoming requests are matched against before the ingress rule',
      cell: (o) => {
        const hosts = arr(at(o, 'spec', 'rules')).map((r) => str(at(r, 'host')) ?? '*');
        return hosts.length > 0 ? hosts.join(',') : '*';
      },
    },
    {
      name: 'Address',
      type: 'string',
      description: 'Address is a list containing ingress points for the load-balancer',
      cell: (o) => arr(at(o, 'status', 'loadBalancer', 'ingress')).filter(isObject).map((i) => String(i.ip ?? i.hostname ?? '')).filter(Boolean).join(',') || '',
    },
    { name: 'Ports', type: 'string', description: 'Ports of TLS configurations that open', cell: (o) => (arr(at(o, 'spec', 'tls')).length > 0 ? '80, 443' : '80') },
    AGE,
  ],
  Namespace: [NAME, { name: 'Status', type: 'string', description: 'The status of the namespace', cell: (o) => str(at(o, 'status', 'phase')) ?? 'Active' }, AGE],
};

/** A Table of objects of one type; `headers` false for watch events after the first, as the apiserver sends them. */
export function table(t: ResourceType, objects: readonly JsonObject[], resourceVersion: string, opts: { headers: boolean; now?: number; listMeta?: JsonObject }): JsonObject {
  const columns = (t.builtin ? COLUMNS[t.kind] : undefined) ?? [NAME, AGE];
  const now = opts.now ?? Date.now();
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion, ...(opts.listMeta ?? {}) },
    columnDefinitions: opts.headers
      ? columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.description, priority: c.priority ?? 0 }))
      : [],
    rows: objects.map((o) => ({
      cells: columns.map((c) => c.cell(o, now)),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: isObject(o.metadata) ? o.metadata : {} },
    })),
  };
}

/** True when the client asked for a Table (kubectl get). */
export function wantsTable(accept: string | undefined): boolean {
  return accept !== undefined && /;\s*as=Table/.test(accept.split(',')[0] ?? '');
}
