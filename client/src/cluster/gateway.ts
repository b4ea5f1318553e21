import type { ProfileSetting } from '../../../server/src/protocol';
import { corePath } from './api';
import { ClusterError, type ClusterProblem } from './errors';
import type { ClusterConnection } from './kubeconfig';
import type { Node, Pod, Service, ServicePort } from './types';

/** How the ingress is reached: the cloud load balancer, or a node address plus the NodePort. */
export type GatewayHow = 'load-balancer' | 'node-port';

/** The ingress address, as the guide's `GATEWAY_URL` (host:port) and as a URL. */
export interface GatewayAddress {
  readonly url: string;
  /** `host:port`, what `export GATEWAY_URL=...` holds in the install guide. */
  readonly gatewayUrl: string;
  readonly how: GatewayHow;
  readonly host: string;
  readonly port: number;
  /** `istio-system/istio-ingress` */
  readonly service: string;
  /** How it was found, and any caveat (firewall rule for NodePorts on GKE). */
  readonly message: string;
}

/** The result of looking up the ingress address. */
export type GatewayResult =
  | { readonly kind: 'found'; readonly address: GatewayAddress }
  | { readonly kind: 'not-found'; readonly message: string; readonly nextStep: string }
  | { readonly kind: 'failed'; readonly problem: ClusterProblem };

export interface GatewayOptions {
  readonly profile?: ProfileSetting;
  readonly namespace?: string;
  readonly signal?: AbortSignal;
}

/** The port that carries plain HTTP: named http/http2 (or http-*), else 80, else the first (the guide's ports[0]). */
function httpPort(s: Service): ServicePort | undefined {
  const ports = s.spec?.ports ?? [];
  return (
    ports.find((p) => p.name === 'http' || p.name === 'http2') ??
    ports.find((p) => p.name?.startsWith('http-') === true) ??
    ports.find((p) => p.port === 80) ??
    ports[0]
  );
}

const isReady = (n: Node): boolean => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
const addressOf = (n: Node, type: string): string | undefined => n.status?.addresses?.find((a) => a.type === type)?.address;
const hostPort = (host: string, port: number): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/**
 * Finds the ingress URL the guide's "determine the ingress IP and port" step computes: the LoadBalancer IP/hostname
 * of istio-ingress (0.2) or istio-ingressgateway; otherwise a node address with the HTTP NodePort (a Ready node's
 * ExternalIP, else the ingress pod's hostIP as the guide does on minikube, else a node's InternalIP).
 */
export async function findGatewayUrl(conn: ClusterConnection, opts: GatewayOptions = {}): Promise<GatewayResult> {
  const ns = opts.namespace ?? 'istio-system';
  const names =
    opts.profile === 'legacy-0.2' ? ['istio-ingress'] : opts.profile === 'classic' || opts.profile === 'native' ? ['istio-ingressgateway'] : ['istio-ingressgateway', 'istio-ingress'];
  try {
    let svc: Service | undefined;
    for (const name of names) {
      svc = await conn.api.getOptional<Service>(corePath(ns, 'services', name), opts.signal);
      if (svc) {
        break;
      }
    }
    if (!svc) {
      return {
        kind: 'not-found',
        message: `No ingress Service (${names.join(' or ')}) in ${ns}.`,
        nextStep: 'Install Istio first (Verify Istio Install shows what is missing).',
      };
    }
    const service = `${ns}/${svc.metadata?.name}`;
    const port = httpPort(svc);
    if (!port) {
      return { kind: 'not-found', message: `${service} has no ports.`, nextStep: 'Check the ingress Service of your Istio install.' };
    }
    const lb = svc.status?.loadBalancer?.ingress?.find((i) => i.ip || i.hostname);
    const lbHost = lb?.ip ?? lb?.hostname;
    if (svc.spec?.type === 'LoadBalancer' && lbHost) {
      const gatewayUrl = hostPort(lbHost, port.port);
      return {
        kind: 'found',
        address: { url: `http://${gatewayUrl}`, gatewayUrl, how: 'load-balancer', host: lbHost, port: port.port, service, message: `LoadBalancer ${lb?.ip ? 'IP' : 'hostname'} of ${service}, port ${port.port}.` },
      };
    }
    if (!port.nodePort) {
      return {
        kind: 'not-found',
        message: `${service} is ${svc.spec?.type ?? 'ClusterIP'} with no NodePort, so it is not reachable from outside the cluster.`,
        nextStep: `Port-forward to it, or change the Service type to NodePort or LoadBalancer.`,
      };
    }
    const node = await pickNode(conn, ns, svc, opts.signal);
    if (!node) {
      return {
        kind: 'not-found',
        message: `${service} has NodePort ${port.nodePort}, but no node address could be found.`,
        nextStep: "Use any worker node's address with that port (for example from your provider's console, or `minikube ip`).",
      };
    }
    const gatewayUrl = hostPort(node.address, port.nodePort);
    const pending = svc.spec?.type === 'LoadBalancer' ? 'its LoadBalancer EXTERNAL-IP is <pending> (no external load balancer, e.g. minikube); ' : '';
    return {
      kind: 'found',
      address: {
        url: `http://${gatewayUrl}`,
        gatewayUrl,
        how: 'node-port',
        host: node.address,
        port: port.nodePort,
        service,
        message:
          `${service}: ${pending}using NodePort ${port.nodePort} on ${node.description}. If the cluster has a firewall (GKE), allow it: ` +
          `gcloud compute firewall-rules create allow-book --allow tcp:${port.nodePort}`,
      },
    };
  } catch (e) {
    if (e instanceof ClusterError) {
      return { kind: 'failed', problem: e.problem };
    }
    throw e;
  }
}

async function pickNode(conn: ClusterConnection, ns: string, svc: Service, signal?: AbortSignal): Promise<{ address: string; description: string } | undefined> {
  const selector = Object.entries(svc.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  const pods = selector ? await conn.api.list<Pod>(corePath(ns, 'pods'), { labelSelector: selector, signal }) : [];
  const running = pods.find((p) => p.status?.phase === 'Running' && p.status.hostIP) ?? pods.find((p) => p.status?.hostIP);
  let nodes: Node[] = [];
  try {
    nodes = await conn.api.list<Node>(corePath(undefined, 'nodes'), { signal });
  } catch (e) {
    // Listing nodes is cluster-scoped and often not allowed; the ingress pod's hostIP still works.
    if (!(e instanceof ClusterError) || e.problem.kind !== 'forbidden') {
      throw e;
    }
  }
  const ready = nodes.filter(isReady);
  const podNode = ready.find((n) => n.metadata?.name === running?.spec?.nodeName);
  const ordered = podNode ? [podNode, ...ready.filter((n) => n !== podNode)] : ready;
  for (const n of ordered) {
    const ip = addressOf(n, 'ExternalIP');
    if (ip) {
      return { address: ip, description: `node ${n.metadata?.name} (ExternalIP ${ip})` };
    }
  }
  if (running?.status?.hostIP) {
    return { address: running.status.hostIP, description: `the node of pod ${running.metadata?.name} (hostIP ${running.status.hostIP})` };
  }
  for (const n of ordered) {
    const ip = addressOf(n, 'InternalIP');
    if (ip) {
      return { address: ip, description: `node ${n.metadata?.name} (InternalIP ${ip})` };
    }
  }
  return undefined;
}
