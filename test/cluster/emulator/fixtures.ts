import type { JsonObject } from './json';

// Seed builders: objects as a real cluster would hold them after the Istio 0.2 install guide (or a current istiod
// install), so verify/gateway/mesh-expansion tests read realistic state.

export function namespace(name: string, labels: Record<string, string> = {}): JsonObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** A Node with addresses; `ready` false makes its Ready condition False. */
export function node(name: string, addrs: { internalIP: string; externalIP?: string; hostname?: string; ready?: boolean }): JsonObject {
  const addresses: JsonObject[] = [{ type: 'InternalIP', address: addrs.internalIP }];
  if (addrs.externalIP) {
    addresses.push({ type: 'ExternalIP', address: addrs.externalIP });
  }
  addresses.push({ type: 'Hostname', address: addrs.hostname ?? name });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec: {},
    status: {
      addresses,
      conditions: [{ type: 'Ready', status: addrs.ready === false ? 'False' : 'True', reason: 'KubeletReady' }],
    },
  };
}

/** How a seeded pod behaves. */
export type PodState = 'running' | 'not-ready' | 'pending' | 'crash-loop' | 'image-pull' | 'failed';

export interface PodSpecOptions {
  readonly containers?: number;
  readonly state?: PodState;
  readonly nodeName?: string;
  readonly hostIP?: string;
  readonly podIP?: string;
}

export function pod(ns: string, name: string, labels: Record<string, string>, opts: PodSpecOptions = {}): JsonObject {
  const n = opts.containers ?? 1;
  const state = opts.state ?? 'running';
  const names = Array.from({ length: n }, (_, i) => (i === 0 ? (labels.app ?? labels.istio ?? 'main') : `sidecar-${i}`));
  const running = state === 'running' || state === 'not-ready' || state === 'crash-loop';
  const phase = state === 'failed' ? 'Failed' : running ? 'Running' : 'Pending';
  const containerStatuses = names.map((c, i) => {
    const ready = state === 'running' || (state === 'not-ready' && i > 0);
    const st: JsonObject =
      state === 'crash-loop' && i === 0
        ? { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } }
        : state === 'image-pull'
          ? { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } }
          : state === 'pending'
            ? { waiting: { reason: 'ContainerCreating' } }
            : state === 'failed'
              ? { terminated: { reason: 'Error', exitCode: 1 } }
              : { running: { startedAt: '2025-01-01T00:00:00Z' } };
    return { name: c, ready, restartCount: state === 'crash-loop' && i === 0 ? 7 : 0, image: `docker.io/istio/${c}:0.2.7`, state: st };
  });
  const allReady = containerStatuses.every((c) => c.ready);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels },
    spec: {
      nodeName: opts.nodeName ?? 'node-1',
      containers: names.map((c) => ({ name: c, image: `docker.io/istio/${c}:0.2.7` })),
    },
    status: {
      phase,
      ...(opts.hostIP ? { hostIP: opts.hostIP } : {}),
      ...(running ? { podIP: opts.podIP ?? '10.60.1.4' } : {}),
      conditions: [{ type: 'Ready', status: allReady && running ? 'True' : 'False' }],
      containerStatuses,
    },
  };
}

export type IngressMode = 'load-balancer' | 'load-balancer-hostname' | 'pending' | 'node-port' | 'cluster-ip';

interface ServicePort {
  readonly name: string;
  readonly port: number;
  readonly targetPort?: number;
  readonly nodePort?: number;
}

export function service(
  ns: string,
  name: string,
  ports: readonly ServicePort[],
  opts: { type?: string; selector?: Record<string, string>; annotations?: Record<string, string> } = {},
): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns, labels: opts.selector ?? {}, ...(opts.annotations ? { annotations: opts.annotations } : {}) },
    spec: {
      type: opts.type ?? 'ClusterIP',
      ...(opts.selector ? { selector: opts.selector } : {}),
      ports: ports.map((p) => ({ ...p })),
    },
  };
}

/** A Service's LoadBalancer status with one ingress point. */
export function lbStatus(ingress: { ip?: string; hostname?: string } | undefined): JsonObject {
  return { loadBalancer: ingress ? { ingress: [{ ...ingress }] } : {} };
}

function ingressService(ns: string, name: string, selector: Record<string, string>, ports: ServicePort[], mode: IngressMode): JsonObject {
  const type = mode === 'node-port' ? 'NodePort' : mode === 'cluster-ip' ? 'ClusterIP' : 'LoadBalancer';
  const svc = service(ns, name, mode === 'cluster-ip' ? ports.map(({ nodePort: _n, ...p }) => p) : ports, { type, selector });
  if (mode === 'load-balancer') {
    svc.status = lbStatus({ ip: '35.184.245.62' });
  } else if (mode === 'load-balancer-hostname') {
    svc.status = lbStatus({ hostname: 'a1b2c3.elb.us-east-1.amazonaws.com' });
  }
  return svc;
}

export interface InstallOptions {
  readonly ingress?: IngressMode;
  /** Per component (e.g. 'istio-mixer'): how its pod behaves, or 'missing' for no pod and no Service. */
  readonly components?: Readonly<Record<string, PodState | 'missing' | 'no-pods'>>;
  readonly initializer?: boolean;
  readonly egressGateway?: boolean;
  readonly nodeName?: string;
  readonly hostIP?: string;
}

function withComponent(
  out: JsonObject[],
  opts: InstallOptions,
  component: string,
  svc: JsonObject | undefined,
  podName: string,
  labels: Record<string, string>,
  containers: number,
): void {
  const mode = opts.components?.[component];
  if (mode === 'missing') {
    return;
  }
  if (svc) {
    out.push(svc);
  }
  if (mode === 'no-pods') {
    return;
  }
  out.push(pod('istio-system', podName, labels, { containers, state: mode ?? 'running', nodeName: opts.nodeName, hostIP: opts.hostIP }));
}

/** istio-system after `kubectl apply -f install/kubernetes/istio.yaml` (0.2.7), as the guide's verify step shows it. */
export function istio02Install(opts: InstallOptions = {}): JsonObject[] {
  const ns = 'istio-system';
  const out: JsonObject[] = [namespace(ns)];
  withComponent(out, opts, 'istio-pilot', service(ns, 'istio-pilot', [{ name: 'http-discovery', port: 8080 }, { name: 'http-apiserver', port: 8081 }], { selector: { istio: 'pilot' } }), 'istio-pilot-2275554717-93c43', { istio: 'pilot' }, 1);
  withComponent(out, opts, 'istio-mixer', service(ns, 'istio-mixer', [{ name: 'tcp', port: 9091 }, { name: 'http-health', port: 9094 }, { name: 'prometheus', port: 42422 }], { selector: { istio: 'mixer' } }), 'istio-mixer-2104784889-20rm8', { istio: 'mixer' }, 2);
  withComponent(out, opts, 'istio-ingress', ingressService(ns, 'istio-ingress', { istio: 'ingress' }, [{ name: 'http', port: 80, nodePort: 32730 }, { name: 'https', port: 443, nodePort: 30574 }], opts.ingress ?? 'load-balancer'), 'istio-ingress-1842462111-j3vcs', { istio: 'ingress' }, 1);
  withComponent(out, opts, 'istio-egress', service(ns, 'istio-egress', [{ name: 'http', port: 80 }], { selector: { istio: 'egress' } }), 'istio-egress-1684034556-fhw89', { istio: 'egress' }, 1);
  withComponent(out, opts, 'istio-ca', undefined, 'istio-ca-3657790228-j21b9', { istio: 'istio-ca' }, 1);
  if (opts.initializer) {
    withComponent(out, opts, 'istio-initializer', undefined, 'istio-initializer-184129454-zdgf5', { istio: 'istio-initializer' }, 1);
  }
  return out;
}

/** istio-system of a current install (istiod + ingress gateway, optional egress gateway). */
export function istiodInstall(opts: InstallOptions = {}): JsonObject[] {
  const ns = 'istio-system';
  const out: JsonObject[] = [namespace(ns)];
  withComponent(out, opts, 'istiod', service(ns, 'istiod', [{ name: 'grpc-xds', port: 15010 }, { name: 'https-dns', port: 15012 }, { name: 'https-webhook', port: 443, targetPort: 15017 }, { name: 'http-monitoring', port: 15014 }], { selector: { app: 'istiod', istio: 'pilot' } }), 'istiod-5d7f8c9b6-x2x9q', { app: 'istiod', istio: 'pilot' }, 1);
  withComponent(out, opts, 'istio-ingressgateway', ingressService(ns, 'istio-ingressgateway', { app: 'istio-ingressgateway', istio: 'ingressgateway' }, [{ name: 'status-port', port: 15021, targetPort: 15021, nodePort: 31021 }, { name: 'http2', port: 80, targetPort: 8080, nodePort: 31380 }, { name: 'https', port: 443, targetPort: 8443, nodePort: 31390 }], opts.ingress ?? 'load-balancer'), 'istio-ingressgateway-7c8d9f6b5-abcde', { app: 'istio-ingressgateway', istio: 'ingressgateway' }, 1);
  if (opts.egressGateway) {
    withComponent(out, opts, 'istio-egressgateway', service(ns, 'istio-egressgateway', [{ name: 'http2', port: 80, targetPort: 8080 }, { name: 'https', port: 443, targetPort: 8443 }], { selector: { app: 'istio-egressgateway', istio: 'egressgateway' } }), 'istio-egressgateway-6b7c8d9e5-fghij', { app: 'istio-egressgateway', istio: 'egressgateway' }, 1);
  }
  return out;
}

/** The kube-apiserver static pod (kubeadm/minikube) whose flags carry --service-cluster-ip-range. */
export function kubeApiserverPod(serviceRange: string, flagStyle: 'equals' | 'separate' = 'equals'): JsonObject {
  const flag = flagStyle === 'equals' ? [`--service-cluster-ip-range=${serviceRange}`] : ['--service-cluster-ip-range', serviceRange];
  const p = pod('kube-system', 'kube-apiserver-minikube', { component: 'kube-apiserver', tier: 'control-plane' });
  const spec = p.spec as JsonObject;
  spec.containers = [
    {
      name: 'kube-apiserver',
      image: 'registry.k8s.io/kube-apiserver:v1.34.0',
      command: ['kube-apiserver', '--advertise-address=192.168.49.2', '--allow-privileged=true', ...flag, '--secure-port=8443'],
    },
  ];
  return p;
}

/** The internal load balancers of install/kubernetes/mesh-expansion.yaml, with their assigned IPs (undefined = pending). */
export function meshExpansionIlbs(ips: { pilot?: string; mixer?: string; ca?: string; dns?: string }, dnsNamespace = 'kube-system'): JsonObject[] {
  const internal = { 'cloud.google.com/load-balancer-type': 'Internal' };
  const ilb = (ns: string, name: string, selector: Record<string, string>, ports: ServicePort[], ip: string | undefined): JsonObject => {
    const svc = service(ns, name, ports, { type: 'LoadBalancer', selector, annotations: internal });
    svc.status = lbStatus(ip ? { ip } : undefined);
    return svc;
  };
  return [
    ilb('istio-system', 'istio-pilot-ilb', { istio: 'pilot' }, [{ name: 'http-discovery', port: 8080 }], ips.pilot),
    ilb('istio-system', 'mixer-ilb', { istio: 'mixer' }, [{ name: 'grpc-mixer', port: 9091 }], ips.mixer),
    ilb('istio-system', 'istio-ca-ilb', { istio: 'istio-ca' }, [{ name: 'grpc-pilot-ca', port: 8060 }], ips.ca),
    ilb(dnsNamespace, 'dns-ilb', { 'k8s-app': 'kube-dns' }, [{ name: 'dns', port: 53 }], ips.dns),
  ];
}

/** The per-service-account secret Istio CA writes: istio.<sa> with the three PEMs. */
export function istioSecret(ns: string, serviceAccount: string, pems: { key: string; root: string; chain: string }): JsonObject {
  const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: `istio.${serviceAccount}`, namespace: ns, annotations: { 'istio.io/service-account.name': serviceAccount } },
    type: 'istio.io/key-and-cert',
    data: { 'cert-chain.pem': b64(pems.chain), 'key.pem': b64(pems.key), 'root-cert.pem': b64(pems.root) },
  };
}

function istioCrd(group: string, kind: string, plural: string, versions: string[], storage: string, shortNames: string[] = []): JsonObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}`, labels: { app: 'istio-pilot' } },
    spec: {
      group,
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List`, shortNames, categories: ['istio-io'] },
      scope: 'Namespaced',
      versions: versions.map((v) => ({
        name: v,
        served: true,
        storage: v === storage,
        subresources: { status: {} },
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      })),
    },
  };
}

/** Istio's networking and security CRDs as a current install registers them. */
export function istioCrds(): JsonObject[] {
  const net = 'networking.istio.io';
  const sec = 'security.istio.io';
  const all = ['v1', 'v1beta1', 'v1alpha3'];
  return [
    istioCrd(net, 'VirtualService', 'virtualservices', all, 'v1', ['vs']),
    istioCrd(net, 'DestinationRule', 'destinationrules', all, 'v1', ['dr']),
    istioCrd(net, 'Gateway', 'gateways', all, 'v1', ['gw']),
    istioCrd(net, 'ServiceEntry', 'serviceentries', all, 'v1', ['se']),
    istioCrd(net, 'Sidecar', 'sidecars', all, 'v1'),
    istioCrd(net, 'WorkloadEntry', 'workloadentries', all, 'v1', ['we']),
    istioCrd(net, 'EnvoyFilter', 'envoyfilters', ['v1alpha3'], 'v1alpha3'),
    istioCrd(sec, 'PeerAuthentication', 'peerauthentications', ['v1', 'v1beta1'], 'v1', ['pa']),
    istioCrd(sec, 'AuthorizationPolicy', 'authorizationpolicies', ['v1', 'v1beta1'], 'v1', ['ap']),
    istioCrd(sec, 'RequestAuthentication', 'requestauthentications', ['v1', 'v1beta1'], 'v1', ['ra']),
  ];
}

/** A minimal injection template and values, shaped as istiod's ConfigMap holds them (`config` YAML, `values` JSON). */
export const INJECTOR_CONFIG = 'defaultTemplates: [sidecar]\npolicy: enabled\ntemplates:\n  sidecar: |\n    spec:\n      containers:\n      - name: istio-proxy\n        image: {{ .ProxyImage }}\n';

export interface InjectorConfigMapOptions {
  readonly revision?: string;
  /** Default: the labels Istio's istiod chart sets, version 1.28.2. */
  readonly labels?: Record<string, string>;
  readonly config?: string;
  /** null: no `values` key. */
  readonly values?: string | null;
}

/** istiod's `istio-sidecar-injector` ConfigMap (`istio-sidecar-injector-<rev>` for a revision) in istio-system. */
export function injectorConfigMap(opts: InjectorConfigMapOptions = {}): JsonObject {
  const rev = opts.revision;
  const labels = opts.labels ?? {
    app: 'sidecar-injector',
    'app.kubernetes.io/name': 'istiod',
    'app.kubernetes.io/version': '1.28.2',
    'helm.sh/chart': 'istiod-1.28.2',
    'install.operator.istio.io/owning-resource': 'unknown',
    'istio.io/rev': rev ?? 'default',
    'operator.istio.io/component': 'Pilot',
    release: 'istiod',
  };
  const values = opts.values === undefined ? JSON.stringify({ global: { hub: 'docker.io/istio', tag: '1.28.2' }, revision: rev ?? '' }) : opts.values;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: rev ? `istio-sidecar-injector-${rev}` : 'istio-sidecar-injector', namespace: 'istio-system', labels },
    data: { config: opts.config ?? INJECTOR_CONFIG, ...(values !== null ? { values } : {}) },
  };
}
