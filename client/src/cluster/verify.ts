import type { Profile, ProfileSetting } from '../../../server/src/protocol';
import { corePath } from './api';
import { ClusterError, type ClusterProblem } from './errors';
import type { ClusterConnection } from './kubeconfig';
import type { KubeObject, Pod, Service } from './types';

/** ok / warn / error, as a tree view colours it. */
export type CheckStatus = 'ok' | 'warn' | 'error';

/** One node of the verification tree: a component, its Service, or one of its pods. */
export interface VerifyItem {
  readonly id: string;
  readonly label: string;
  readonly status: CheckStatus;
  readonly message: string;
  readonly children: readonly VerifyItem[];
}

/** What was found in the Istio namespace compared with what the profile expects. */
export interface VerifyReport {
  /** The profile checked against (`auto` resolved from what is installed). */
  readonly profile: Profile;
  readonly namespace: string;
  readonly status: CheckStatus;
  readonly summary: string;
  readonly items: readonly VerifyItem[];
}

/** The result of verifying an install. */
export type VerifyResult = { readonly kind: 'verified'; readonly report: VerifyReport } | { readonly kind: 'failed'; readonly problem: ClusterProblem };

export interface VerifyOptions {
  readonly profile?: ProfileSetting;
  /** Default istio-system, where every install guide puts Istio. */
  readonly namespace?: string;
  readonly signal?: AbortSignal;
}

interface Component {
  readonly name: string;
  /** `none`: the component has no Service (Istio 0.2's CA and initializer). */
  readonly service: 'required' | 'optional' | 'none';
  readonly required: boolean;
  readonly ingress?: boolean;
  readonly role: string;
}

/** The install guide's verify step: Services pilot, mixer, ingress, egress; pods of those plus the CA, initializer optional. */
const LEGACY_02: readonly Component[] = [
  { name: 'istio-pilot', service: 'required', required: true, role: 'Pilot (traffic management)' },
  { name: 'istio-mixer', service: 'required', required: true, role: 'Mixer (policy and telemetry)' },
  { name: 'istio-ingress', service: 'required', required: true, ingress: true, role: 'Ingress' },
  { name: 'istio-egress', service: 'required', required: true, role: 'Egress' },
  { name: 'istio-ca', service: 'none', required: true, role: 'CA (certificates)' },
  { name: 'istio-initializer', service: 'none', required: false, role: 'Initializer (automatic sidecar injection)' },
];

const CURRENT: readonly Component[] = [
  { name: 'istiod', service: 'required', required: true, role: 'istiod (control plane)' },
  { name: 'istio-ingressgateway', service: 'required', required: true, ingress: true, role: 'Ingress gateway' },
  { name: 'istio-egressgateway', service: 'optional', required: false, role: 'Egress gateway' },
];

const BAD_WAITING = new Set(['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError', 'InvalidImageName', 'RunContainerError', 'CreateContainerError']);

const worst = (statuses: readonly CheckStatus[]): CheckStatus =>
  statuses.includes('error') ? 'error' : statuses.includes('warn') ? 'warn' : 'ok';

/** Pods of a component: named `<component>-<replicaset hash>-<suffix>` (or `<component>-<suffix>`), or labelled app=<component>. */
function podsOf(component: string, pods: readonly Pod[]): Pod[] {
  const escaped = component.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^${escaped}-([a-z0-9]{1,10}-)?[a-z0-9]{5}$`);
  return pods.filter((p) => re.test(p.metadata?.name ?? '') || p.metadata?.labels?.app === component);
}

/** A pod's line as `kubectl get pods` shows it (READY, STATUS, RESTARTS), and what it means. */
export function podCheck(p: Pod): { status: CheckStatus; message: string } {
  const statuses = p.status?.containerStatuses ?? [];
  const total = p.spec?.containers?.length ?? statuses.length;
  const ready = statuses.filter((c) => c.ready).length;
  const restarts = statuses.reduce((n, c) => n + (c.restartCount ?? 0), 0);
  const waiting = statuses.map((c) => c.state?.waiting?.reason).find((r) => r !== undefined);
  const terminated = statuses.map((c) => c.state?.terminated?.reason).find((r) => r !== undefined);
  const phase = p.status?.phase ?? 'Unknown';
  const shown = p.metadata?.deletionTimestamp ? 'Terminating' : (waiting ?? terminated ?? phase);
  const line = `${ready}/${total} ${shown}${restarts > 0 ? ` (${restarts} restarts)` : ''}`;
  if (p.metadata?.deletionTimestamp) {
    return { status: 'warn', message: `${line}: being deleted` };
  }
  if (phase === 'Failed' || (waiting !== undefined && BAD_WAITING.has(waiting))) {
    return { status: 'error', message: `${line}: ${p.status?.containerStatuses?.find((c) => c.state?.waiting?.message)?.state?.waiting?.message ?? 'not running'}` };
  }
  if (phase === 'Running' && ready === total) {
    return { status: 'ok', message: line };
  }
  if (phase === 'Running') {
    return { status: 'warn', message: `${line}: not all containers are ready yet` };
  }
  return { status: 'warn', message: `${line}: not running yet` };
}

/** `80:32730/TCP,443:30574/TCP`, as the PORT(S) column shows Service ports. */
export function portsColumn(s: Service): string {
  return (s.spec?.ports ?? []).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}

function serviceCheck(c: Component, s: Service | undefined, profile: Profile): { status: CheckStatus; message: string } {
  if (!s) {
    return c.service === 'required'
      ? { status: 'error', message: `Service ${c.name} not found` }
      : { status: 'ok', message: 'no Service (optional)' };
  }
  const type = s.spec?.type ?? 'ClusterIP';
  const ports = portsColumn(s);
  if (c.ingress) {
    const lb = s.status?.loadBalancer?.ingress?.[0];
    const http = (s.spec?.ports ?? []).find((p) => /^http2?$/.test(p.name ?? '') || p.port === 80);
    if (type === 'LoadBalancer' && !lb) {
      const nodePort = http?.nodePort ? ` (NodePort ${http.nodePort})` : '';
      return {
        status: 'warn',
        message:
          `LoadBalancer, EXTERNAL-IP <pending> (${ports}): this cluster did not assign an external load balancer (minikube and ` +
          `bare-metal clusters have none). Reach ${profile === 'legacy-0.2' ? 'the ingress' : 'the gateway'} through a node address and its NodePort${nodePort} instead, or port-forward.`,
      };
    }
    if (type === 'LoadBalancer') {
      return { status: 'ok', message: `LoadBalancer ${lb?.ip ?? lb?.hostname} (${ports})` };
    }
    if (type === 'NodePort') {
      return { status: 'ok', message: `NodePort (${ports}): reach it on a node address` };
    }
    return { status: 'warn', message: `${type} ${s.spec?.clusterIP ?? ''} (${ports}): not reachable from outside the cluster; port-forward to use it` };
  }
  return { status: 'ok', message: `${type} ${s.spec?.clusterIP ?? ''} (${ports})` };
}

function componentItem(ns: string, c: Component, services: readonly Service[], pods: readonly Pod[], profile: Profile): VerifyItem {
  const svc = services.find((s) => s.metadata?.name === c.name);
  const mine = podsOf(c.name, pods);
  if (!c.required && !svc && mine.length === 0) {
    return { id: `${ns}/${c.name}`, label: c.name, status: 'ok', message: `${c.role}: not installed (optional)`, children: [] };
  }
  const children: VerifyItem[] = [];
  if (c.service !== 'none' || svc) {
    const check = serviceCheck(c, svc, profile);
    children.push({ id: `${ns}/service/${c.name}`, label: `Service ${c.name}`, ...check, children: [] });
  }
  for (const p of mine) {
    const name = p.metadata?.name ?? '';
    children.push({ id: `${ns}/pod/${name}`, label: `Pod ${name}`, ...podCheck(p), children: [] });
  }
  if (mine.length === 0) {
    children.push({ id: `${ns}/pods/${c.name}`, label: `Pods ${c.name}-*`, status: 'error', message: `no ${c.name} pods`, children: [] });
  }
  const status = worst(children.map((x) => x.status));
  const readyPods = mine.filter((p) => podCheck(p).status === 'ok').length;
  const message =
    status === 'ok'
      ? `${c.role}: running (${readyPods}/${mine.length} pods ready)`
      : `${c.role}: ${children.filter((x) => x.status !== 'ok').map((x) => `${x.label}: ${x.message}`).join('; ')}`;
  return { id: `${ns}/${c.name}`, label: c.name, status, message, children };
}

/** Picks the profile from what is installed: Istio 0.2's istio-pilot without istiod means legacy-0.2. */
function detectProfile(services: readonly Service[]): Profile {
  const names = new Set(services.map((s) => s.metadata?.name));
  return names.has('istio-pilot') && !names.has('istiod') ? 'legacy-0.2' : 'native';
}

/**
 * Compares the Services and pods in the Istio namespace with what the profile expects (legacy-0.2: the install guide's
 * pilot, mixer, ingress, egress and CA, initializer optional; classic/native: istiod and the ingress gateway, egress
 * gateway optional), including pod readiness and a LoadBalancer left `<pending>`.
 */
export async function verifyInstall(conn: ClusterConnection, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const ns = opts.namespace ?? 'istio-system';
  try {
    const namespace = await conn.api.getOptional<KubeObject>(corePath(undefined, 'namespaces', ns), opts.signal);
    const requested = opts.profile ?? 'auto';
    if (!namespace) {
      const profile = requested === 'auto' ? 'native' : requested;
      const how =
        profile === 'legacy-0.2'
          ? 'install it with `kubectl apply -f install/kubernetes/istio.yaml` (or istio-auth.yaml for mutual TLS)'
          : 'install Istio (for example `istioctl install`)';
      const item: VerifyItem = { id: ns, label: `Namespace ${ns}`, status: 'error', message: `namespace ${ns} not found: Istio is not installed; ${how}`, children: [] };
      return { kind: 'verified', report: { profile, namespace: ns, status: 'error', summary: `Istio is not installed (no namespace ${ns}).`, items: [item] } };
    }
    const services = await conn.api.list<Service>(corePath(ns, 'services'), { signal: opts.signal });
    const pods = await conn.api.list<Pod>(corePath(ns, 'pods'), { signal: opts.signal });
    const profile = requested === 'auto' ? detectProfile(services) : requested;
    const components = profile === 'legacy-0.2' ? LEGACY_02 : CURRENT;
    const items = components.map((c) => componentItem(ns, c, services, pods, profile));
    const status = worst(items.map((i) => i.status));
    const count = (s: CheckStatus): number => items.filter((i) => i.status === s).length;
    const summary =
      status === 'ok'
        ? `Istio (${profile}) in ${ns}: all ${items.length} components ok.`
        : `Istio (${profile}) in ${ns}: ${count('error')} error(s), ${count('warn')} warning(s), ${count('ok')} ok.`;
    return { kind: 'verified', report: { profile, namespace: ns, status, summary, items } };
  } catch (e) {
    if (e instanceof ClusterError) {
      return { kind: 'failed', problem: e.problem };
    }
    throw e;
  }
}
