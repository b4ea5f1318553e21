// The few Kubernetes shapes the cluster library reads, as plain JSON (no client-node model classes, whose Date fields
// and dropped unknown fields would not match what the server sent).

/** metav1.ObjectMeta, the fields we read or send. */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  managedFields?: unknown[];
}

/** Any Kubernetes object. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

/** A list response; items of typed lists carry no apiVersion/kind. */
export interface KubeList<T> {
  metadata?: { resourceVersion?: string; continue?: string };
  items: T[];
}

/** metav1.Status, the body of every API error. */
export interface KubeStatus {
  kind?: 'Status';
  status?: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: { reason?: string; message?: string; field?: string }[];
  };
}

export interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  targetPort?: number | string;
  nodePort?: number;
}

export interface LoadBalancerIngress {
  ip?: string;
  hostname?: string;
}

export interface Service extends KubeObject {
  spec?: {
    type?: string;
    clusterIP?: string;
    ports?: ServicePort[];
    selector?: Record<string, string>;
    externalName?: string;
  };
  status?: { loadBalancer?: { ingress?: LoadBalancerIngress[] } };
}

export interface ContainerState {
  running?: { startedAt?: string };
  waiting?: { reason?: string; message?: string };
  terminated?: { reason?: string; exitCode?: number };
}

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
}

export interface Pod extends KubeObject {
  spec?: { nodeName?: string; containers?: Container[] };
  status?: {
    phase?: string;
    hostIP?: string;
    podIP?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: { name: string; ready: boolean; restartCount?: number; state?: ContainerState }[];
  };
}

export interface Node extends KubeObject {
  status?: {
    addresses?: { type: string; address: string }[];
    conditions?: { type: string; status: string }[];
  };
}

export interface Secret extends KubeObject {
  type?: string;
  data?: Record<string, string>;
}

export interface EndpointSubset {
  addresses?: { ip: string }[];
  notReadyAddresses?: { ip: string }[];
  ports?: { name?: string; port: number; protocol?: string }[];
}

export interface Endpoints extends KubeObject {
  subsets?: EndpointSubset[];
}

export interface ServiceCIDR extends KubeObject {
  spec?: { cidrs?: string[] };
  status?: { conditions?: { type: string; status: string }[] };
}

/** An object a manifest names: what `kubectl` prints as `kind/name`. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Set for namespaced objects once resolved (from the object or the connection's namespace). */
  readonly namespace?: string;
}
