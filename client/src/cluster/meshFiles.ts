// Mesh expansion as the Istio 0.2 guide does it ("拓展 Istio Mesh"), part two: the files a VM needs — cluster.env,
// the dnsmasq `kubedns` file, sidecar.env, and the istio.<sa> certs. Registering its service is ./vmRegistration.
import { corePath } from './api';
import { ClusterError, type ClusterProblem } from './errors';
import type { ClusterConnection } from './kubeconfig';
import { Sensitive } from './redact';
import type { Pod, Secret, Service, ServiceCIDR } from './types';

const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\/(3[0-2]|[12]?\d)$/;

// ---- cluster.env ----

/** Where the service CIDR came from. */
export type ServiceCidrSource = 'servicecidr-api' | 'kube-apiserver-flag';

/** The cluster's service IP range(s), or why we must ask the user. */
export type ServiceCidrResult =
  | { readonly kind: 'found'; readonly cidrs: readonly string[]; readonly source: ServiceCidrSource; readonly notes: readonly string[] }
  | { readonly kind: 'ask-user'; readonly message: string; readonly hint: string; readonly notes: readonly string[] }
  | { readonly kind: 'failed'; readonly problem: ClusterProblem };

/** `cluster.env` text, or why we must ask the user for the range. */
export type ClusterEnvResult =
  | { readonly kind: 'ok'; readonly text: string; readonly cidrs: readonly string[]; readonly source: ServiceCidrSource; readonly notes: readonly string[] }
  | { readonly kind: 'ask-user'; readonly message: string; readonly hint: string; readonly notes: readonly string[] }
  | { readonly kind: 'failed'; readonly problem: ClusterProblem };

const FLAG = '--service-cluster-ip-range';

function flagValue(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith(`${FLAG}=`)) {
      return a.slice(FLAG.length + 1);
    }
    if (a === FLAG) {
      return args[i + 1];
    }
  }
  return undefined;
}

/**
 * Finds the service CIDR for ISTIO_SERVICE_CIDR: the ServiceCIDR API (networking.k8s.io/v1) when served, else the
 * `--service-cluster-ip-range` flag of the kube-apiserver pod in kube-system, else "ask the user" (managed control
 * planes show neither; the guide's setupMeshEx.sh asked gcloud).
 */
export async function discoverServiceCidr(conn: ClusterConnection, opts: { signal?: AbortSignal } = {}): Promise<ServiceCidrResult> {
  const notes: string[] = [];
  const ipv4 = (cidrs: readonly string[]): string[] => {
    const v4 = cidrs.filter((c) => IPV4_CIDR.test(c));
    const other = cidrs.filter((c) => !IPV4_CIDR.test(c));
    if (other.length > 0) {
      notes.push(`Left out ${other.join(', ')}: ISTIO_SERVICE_CIDR takes IPv4 ranges.`);
    }
    return v4;
  };
  const tolerate = (e: unknown, what: string): void => {
    if (e instanceof ClusterError && (e.problem.kind === 'forbidden' || e.problem.kind === 'not-found')) {
      notes.push(`${what}: ${e.problem.message}`);
      return;
    }
    throw e;
  };
  try {
    const info = await conn.api.resource('networking.k8s.io/v1', 'ServiceCIDR', { signal: opts.signal });
    if (info) {
      try {
        const items = await conn.api.list<ServiceCIDR>('/apis/networking.k8s.io/v1/servicecidrs', { signal: opts.signal });
        // The `kubernetes` ServiceCIDR is the one from the apiserver flags; others extend the range.
        items.sort((a, b) => (a.metadata?.name === 'kubernetes' ? -1 : b.metadata?.name === 'kubernetes' ? 1 : 0));
        const cidrs = ipv4(items.flatMap((s) => s.spec?.cidrs ?? []));
        if (cidrs.length > 0) {
          return { kind: 'found', cidrs, source: 'servicecidr-api', notes };
        }
      } catch (e) {
        tolerate(e, 'ServiceCIDR API');
      }
    } else {
      notes.push('The cluster does not serve the ServiceCIDR API (networking.k8s.io/v1, Kubernetes 1.33+).');
    }
    try {
      let pods = await conn.api.list<Pod>(corePath('kube-system', 'pods'), { labelSelector: 'component=kube-apiserver', signal: opts.signal });
      if (pods.length === 0) {
        pods = (await conn.api.list<Pod>(corePath('kube-system', 'pods'), { signal: opts.signal })).filter((p) => p.metadata?.name?.startsWith('kube-apiserver'));
      }
      for (const p of pods) {
        for (const c of p.spec?.containers ?? []) {
          const value = flagValue([...(c.command ?? []), ...(c.args ?? [])]);
          if (value) {
            const cidrs = ipv4(value.split(',').map((s) => s.trim()));
            if (cidrs.length > 0) {
              return { kind: 'found', cidrs, source: 'kube-apiserver-flag', notes };
            }
          }
        }
      }
      notes.push('No kube-apiserver pod with --service-cluster-ip-range in kube-system (managed control planes run it elsewhere).');
    } catch (e) {
      tolerate(e, 'kube-apiserver pod');
    }
    const kubernetesSvc = await conn.api.getOptional<Service>(corePath('default', 'services', 'kubernetes'), opts.signal).catch((e: unknown) => {
      tolerate(e, 'Service default/kubernetes');
      return undefined;
    });
    const ip = kubernetesSvc?.spec?.clusterIP;
    return {
      kind: 'ask-user',
      message: 'The service IP range could not be read from the cluster; enter it (for example 10.63.240.0/20).',
      hint:
        (ip ? `The range contains ${ip}, the ClusterIP of the \`kubernetes\` Service. ` : '') +
        'On GKE: `gcloud container clusters describe <cluster> --zone <zone> --format "value(servicesIpv4Cidr)"` (what setupMeshEx.sh generateClusterEnv runs).',
      notes,
    };
  } catch (e) {
    if (e instanceof ClusterError) {
      return { kind: 'failed', problem: e.problem };
    }
    throw e;
  }
}

/** `cluster.env` for /var/lib/istio/envoy/cluster.env: `ISTIO_SERVICE_CIDR=<cidr>[,<cidr>...]`. Throws on a malformed CIDR. */
export function renderClusterEnv(cidrs: readonly string[]): string {
  const bad = cidrs.find((c) => !IPV4_CIDR.test(c));
  if (bad !== undefined || cidrs.length === 0) {
    throw new Error(bad === undefined ? 'no service CIDR given' : `"${bad}" is not an IPv4 CIDR like 10.63.240.0/20`);
  }
  return `ISTIO_SERVICE_CIDR=${cidrs.join(',')}\n`;
}

/** Discovers the service CIDR and renders cluster.env, or says why the user must give the range. */
export async function clusterEnv(conn: ClusterConnection, opts: { signal?: AbortSignal } = {}): Promise<ClusterEnvResult> {
  const r = await discoverServiceCidr(conn, opts);
  return r.kind === 'found' ? { kind: 'ok', text: renderClusterEnv(r.cidrs), cidrs: r.cidrs, source: r.source, notes: r.notes } : r;
}

// ---- dnsmasq kubedns ----

/** Why one internal load balancer gives no address. */
export interface IlbProblem {
  readonly service: string;
  readonly problem: 'not-found' | 'pending' | 'hostname';
  readonly detail: string;
}

/** The dnsmasq `kubedns` file, or which internal load balancers are missing. */
export type DnsmasqResult =
  | { readonly kind: 'ok'; readonly text: string; readonly addresses: Readonly<Record<'dns' | 'pilot' | 'mixer' | 'ca', string>>; readonly notes: readonly string[] }
  | { readonly kind: 'incomplete'; readonly missing: readonly IlbProblem[]; readonly message: string; readonly nextStep: string }
  | { readonly kind: 'failed'; readonly problem: ClusterProblem };

async function ilbAddress(conn: ClusterConnection, ns: string, name: string, signal?: AbortSignal): Promise<{ ip: string } | IlbProblem> {
  const svc = await conn.api.getOptional<Service>(corePath(ns, 'services', name), signal);
  const service = `${ns}/${name}`;
  if (!svc) {
    return { service, problem: 'not-found', detail: `Service ${service} not found` };
  }
  const ingress = svc.status?.loadBalancer?.ingress?.[0];
  if (ingress?.ip) {
    return { ip: ingress.ip };
  }
  if (ingress?.hostname) {
    return { service, problem: 'hostname', detail: `${service} has hostname ${ingress.hostname}; dnsmasq address= entries need an IP` };
  }
  return { service, problem: 'pending', detail: `${service} has no load balancer IP yet (EXTERNAL-IP <pending>)` };
}

/**
 * The dnsmasq file the guide's `setupMeshEx.sh generateDnsmasq` writes, from the internal load balancers of
 * install/kubernetes/mesh-expansion.yaml: istio-pilot-ilb, mixer-ilb, istio-ca-ilb and dns-ilb (kube-system; 0.2.7's
 * YAML put it in the Istio namespace by mistake, so that is looked at too).
 */
export async function dnsmasqConfig(conn: ClusterConnection, opts: { istioNamespace?: string; signal?: AbortSignal } = {}): Promise<DnsmasqResult> {
  const ns = opts.istioNamespace ?? 'istio-system';
  try {
    const notes: string[] = [];
    let dns = await ilbAddress(conn, 'kube-system', 'dns-ilb', opts.signal);
    if (!('ip' in dns) && dns.problem === 'not-found') {
      const fallback = await ilbAddress(conn, ns, 'dns-ilb', opts.signal);
      if ('ip' in fallback || fallback.problem !== 'not-found') {
        notes.push(`dns-ilb was found in ${ns} rather than kube-system (the namespace bug of the 0.2.7 mesh-expansion.yaml).`);
        dns = fallback;
      }
    }
    const pilot = await ilbAddress(conn, ns, 'istio-pilot-ilb', opts.signal);
    const mixer = await ilbAddress(conn, ns, 'mixer-ilb', opts.signal);
    const ca = await ilbAddress(conn, ns, 'istio-ca-ilb', opts.signal);
    const all = { dns, pilot, mixer, ca };
    const missing = Object.values(all).filter((x): x is IlbProblem => !('ip' in x));
    if (!('ip' in dns) || !('ip' in pilot) || !('ip' in mixer) || !('ip' in ca)) {
      const onlyPending = missing.every((m) => m.problem === 'pending');
      return {
        kind: 'incomplete',
        missing,
        message: missing.map((m) => m.detail).join('; '),
        nextStep: onlyPending
          ? 'The cloud is still creating the internal load balancers; try again in a minute.'
          : 'Install the internal load balancers first: `kubectl apply -f install/kubernetes/mesh-expansion.yaml` (adjust the annotations for your cloud).',
      };
    }
    const text = [
      `server=/svc.cluster.local/${dns.ip}`,
      `address=/istio-mixer/${mixer.ip}`,
      `address=/istio-pilot/${pilot.ip}`,
      `address=/istio-ca/${ca.ip}`,
      `address=/istio-mixer.${ns}/${mixer.ip}`,
      `address=/istio-pilot.${ns}/${pilot.ip}`,
      `address=/istio-ca.${ns}/${ca.ip}`,
      '',
    ].join('\n');
    return { kind: 'ok', text, addresses: { dns: dns.ip, pilot: pilot.ip, mixer: mixer.ip, ca: ca.ip }, notes };
  } catch (e) {
    if (e instanceof ClusterError) {
      return { kind: 'failed', problem: e.problem };
    }
    throw e;
  }
}

// ---- sidecar.env ----

/** `sidecar.env` for /var/lib/istio/envoy/sidecar.env: the ports the VM's sidecar intercepts. */
export function renderSidecarEnv(ports: readonly (number | string)[]): { ok: true; text: string } | { ok: false; error: string } {
  const out: number[] = [];
  for (const p of ports) {
    const n = typeof p === 'number' ? p : Number(String(p).trim());
    if (!Number.isInteger(n) || n < 1 || n > 65535) {
      return { ok: false, error: `"${p}" is not a port (1-65535)` };
    }
    if (!out.includes(n)) {
      out.push(n);
    }
  }
  if (out.length === 0) {
    return { ok: false, error: 'give at least one port the VM serves' };
  }
  return { ok: true, text: `ISTIO_INBOUND_PORTS=${out.join(',')}\n` };
}

// ---- istio.<sa> certificates ----

/** The files the guide copies to /etc/certs on the VM. */
export type IstioCertFile = 'key.pem' | 'root-cert.pem' | 'cert-chain.pem';
const CERT_FILES: readonly IstioCertFile[] = ['key.pem', 'root-cert.pem', 'cert-chain.pem'];

/** The decoded certificates (Sensitive: they print as [redacted]; write them with mode 0600), or why not. */
export type IstioSecretResult =
  | { readonly kind: 'ok'; readonly secret: string; readonly files: Readonly<Record<IstioCertFile, Sensitive>> }
  | { readonly kind: 'not-found'; readonly secret: string; readonly message: string; readonly nextStep: string }
  | { readonly kind: 'incomplete'; readonly secret: string; readonly missing: readonly IstioCertFile[]; readonly message: string }
  | { readonly kind: 'failed'; readonly problem: ClusterProblem };

/**
 * Reads secret `istio.<serviceAccount>` (what `setupMeshEx.sh machineCerts ACCOUNT NAMESPACE` exports) and decodes
 * key.pem, root-cert.pem and cert-chain.pem. Nothing here logs or returns them as plain strings.
 */
export async function exportIstioSecret(
  conn: ClusterConnection,
  opts: { serviceAccount?: string; namespace?: string; signal?: AbortSignal } = {},
): Promise<IstioSecretResult> {
  const sa = opts.serviceAccount ?? 'default';
  const ns = opts.namespace ?? conn.namespace;
  const secret = `${ns}/istio.${sa}`;
  try {
    const s = await conn.api.getOptional<Secret>(corePath(ns, 'secrets', `istio.${sa}`), opts.signal);
    if (!s) {
      return {
        kind: 'not-found',
        secret,
        message: `Secret ${secret} not found.`,
        nextStep: `Istio's CA writes istio.<serviceaccount> secrets: check that istio-ca is running (Verify Istio Install) and that service account "${sa}" exists in ${ns}.`,
      };
    }
    const missing = CERT_FILES.filter((f) => typeof s.data?.[f] !== 'string' || s.data[f] === '');
    if (missing.length > 0) {
      return { kind: 'incomplete', secret, missing, message: `Secret ${secret} has no ${missing.join(', ')}.` };
    }
    const decode = (f: IstioCertFile): Sensitive => new Sensitive(Buffer.from(s.data![f]!, 'base64').toString('utf8'));
    return { kind: 'ok', secret, files: { 'key.pem': decode('key.pem'), 'root-cert.pem': decode('root-cert.pem'), 'cert-chain.pem': decode('cert-chain.pem') } };
  } catch (e) {
    if (e instanceof ClusterError) {
      return { kind: 'failed', problem: e.problem };
    }
    throw e;
  }
}
