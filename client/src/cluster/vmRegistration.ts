// Mesh expansion as the Istio 0.2 guide does it ("拓展 Istio Mesh"), part one: register a VM's service like
// `istioctl register`. The files the VM needs are in ./meshFiles.
import { corePath } from './api';
import { ClusterError, problemFromResponse, type ClusterProblem } from './errors';
import type { ClusterConnection } from './kubeconfig';
import { FIELD_MANAGER } from './apply';
import type { Endpoints, EndpointSubset, KubeObject, Service } from './types';

/** A Service/Endpoints port: name and number. */
export interface NamedPort {
  readonly name: string;
  readonly port: number;
}

// istioctl register's guesses for bare port numbers (pkg/kube/registry.go in Istio 0.2).
const PORT_NAMES: Readonly<Record<number, string>> = { 80: 'http', 443: 'https', 3306: 'mysql', 8080: 'http' };

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Pilot 0.2 reads the service accounts of a VM's service from this annotation, for mutual TLS. */
export const VM_SERVICE_ACCOUNTS = 'alpha.istio.io/kubernetes-serviceaccounts';

/** Kubernetes' rule for Service (and Endpoints) port names: a DNS-1123 label; the 15-character rule is for container ports. */
function portNameProblem(name: string): string | undefined {
  if (name.length > 63) {
    return 'must be at most 63 characters';
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    return 'must be lowercase letters, digits and hyphens, starting and ending with a letter or digit';
  }
  return undefined;
}

/**
 * Parses `istioctl register` port arguments: `name:port` or a bare port, named as istioctl 0.2 names it (80/8080 →
 * http, 443 → https, 3306 → mysql, any other port its number).
 */
export function parsePortSpecs(specs: readonly string[]): { ok: true; ports: NamedPort[] } | { ok: false; error: string } {
  const ports: NamedPort[] = [];
  for (const spec of specs) {
    const i = spec.indexOf(':');
    const portText = i >= 0 ? spec.slice(i + 1) : spec;
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
      return { ok: false, error: `"${spec}": the port must be a number from 1 to 65535` };
    }
    const name = i >= 0 ? spec.slice(0, i) : PORT_NAMES[port] ?? String(port);
    const problem = portNameProblem(name);
    if (problem) {
      return { ok: false, error: `"${spec}": port name "${name}" ${problem}` };
    }
    const clash = ports.find((p) => p.name === name || p.port === port);
    if (clash) {
      return {
        ok: false,
        error: clash.port === port ? `port ${port} is given twice` : `ports ${clash.port} and ${port} would both be named "${name}"; name them explicitly (e.g. ${name}:${clash.port} ${name}-alt:${port})`,
      };
    }
    ports.push({ name, port });
  }
  if (ports.length === 0) {
    return { ok: false, error: 'give at least one port (name:port)' };
  }
  return { ok: true, ports };
}

export interface RegisterVmOptions {
  /** The Service name (selector-less: no pods back it). */
  readonly name: string;
  /** The machine's IP, reachable from the pods. */
  readonly ip: string;
  /** `name:port` or bare ports, as `istioctl register` takes them. */
  readonly ports: readonly string[];
  /** Default: the connection's namespace (istioctl's -n). */
  readonly namespace?: string;
  /** Added when the Service/Endpoints are created. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** The VM's service account (istioctl register -s), written to alpha.istio.io/kubernetes-serviceaccounts. Default "default". */
  readonly serviceAccount?: string;
  readonly dryRun?: boolean;
  readonly signal?: AbortSignal;
}

/** The result of registering a VM workload. */
export type RegisterResult =
  | {
      readonly kind: 'registered';
      readonly dryRun: boolean;
      readonly namespace: string;
      readonly service: 'created' | 'existing';
      readonly endpoints: 'created' | 'updated' | 'unchanged';
      readonly ports: readonly NamedPort[];
      readonly warnings: readonly string[];
    }
  | { readonly kind: 'invalid-input'; readonly message: string }
  | { readonly kind: 'failed'; readonly problem: ClusterProblem };

/** The service accounts a Service lists for its VMs. */
function accountsOf(o: KubeObject): string[] {
  const v = o.metadata?.annotations?.[VM_SERVICE_ACCOUNTS];
  return typeof v === 'string' ? v.split(',').map((x) => x.trim()).filter(Boolean) : [];
}

function sameNumbers(subset: EndpointSubset, ports: readonly NamedPort[]): boolean {
  const have = (subset.ports ?? []).map((p) => p.port).sort((a, b) => a - b);
  const want = ports.map((p) => p.port).sort((a, b) => a - b);
  return have.length === want.length && have.every((p, i) => p === want[i]);
}

/**
 * Registers a VM like `istioctl register <name> <ip> <ports>`: creates the selector-less Service when missing, and adds
 * the IP to the Endpoints subset with the same ports (or a new subset), keeping other machines' addresses.
 */
export async function registerVm(conn: ClusterConnection, opts: RegisterVmOptions): Promise<RegisterResult> {
  if (!DNS1035.test(opts.name) || opts.name.length > 63) {
    return { kind: 'invalid-input', message: `"${opts.name}" is not a valid Service name (lowercase letters, digits and '-', starting with a letter, at most 63 characters).` };
  }
  if (!IPV4.test(opts.ip) || opts.ip.startsWith('127.')) {
    return { kind: 'invalid-input', message: `"${opts.ip}" is not a usable IPv4 address for an endpoint (loopback addresses are not allowed).` };
  }
  const parsed = parsePortSpecs(opts.ports);
  if (!parsed.ok) {
    return { kind: 'invalid-input', message: parsed.error };
  }
  const ports = parsed.ports;
  const serviceAccount = opts.serviceAccount?.trim() || 'default';
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(serviceAccount) || serviceAccount.length > 253) {
    return { kind: 'invalid-input', message: `"${serviceAccount}" is not a valid service account name (lowercase letters, digits, '-' and '.').` };
  }
  const ns = opts.namespace ?? conn.namespace;
  const dryRun = opts.dryRun === true;
  const query = { fieldManager: FIELD_MANAGER, dryRun: dryRun ? 'All' : undefined };
  // As istioctl register 0.2: the service account annotation on both objects, beside the user's annotations.
  const meta = (): KubeObject['metadata'] => ({
    name: opts.name,
    namespace: ns,
    ...(opts.labels ? { labels: { ...opts.labels } } : {}),
    annotations: { ...(opts.annotations ?? {}), [VM_SERVICE_ACCOUNTS]: serviceAccount },
  });
  const warnings: string[] = [];
  try {
    let serviceState: 'created' | 'existing' = 'existing';
    const svc = await conn.api.getOptional<Service>(corePath(ns, 'services', opts.name), opts.signal);
    if (!svc) {
      await conn.api.request({
        method: 'POST',
        path: corePath(ns, 'services'),
        query,
        body: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: meta(), spec: { ports: ports.map((p) => ({ name: p.name, port: p.port })) } }),
        signal: opts.signal,
      });
      serviceState = 'created';
    } else {
      if (svc.spec?.selector && Object.keys(svc.spec.selector).length > 0) {
        warnings.push(`Service ${ns}/${opts.name} has a selector, so Kubernetes manages its Endpoints and will drop the VM's address; use a Service without a selector.`);
      }
      const missing = ports.filter((p) => !(svc.spec?.ports ?? []).some((q) => q.port === p.port));
      if (missing.length > 0) {
        warnings.push(`Service ${ns}/${opts.name} does not expose port ${missing.map((p) => p.port).join(', ')}; it was left as it is.`);
      }
      const accounts = accountsOf(svc);
      if (!accounts.includes(serviceAccount)) {
        // Pilot 0.2 gives the VM's sidecar mutual TLS identities from this list: without it the VM's calls fail.
        await conn.api.request({
          method: 'PATCH',
          path: corePath(ns, 'services', opts.name),
          query,
          body: JSON.stringify({ metadata: { annotations: { [VM_SERVICE_ACCOUNTS]: [...accounts, serviceAccount].join(',') } } }),
          contentType: 'application/merge-patch+json',
          signal: opts.signal,
        });
        warnings.push(`Service ${ns}/${opts.name} now lists service account "${serviceAccount}" in ${VM_SERVICE_ACCOUNTS}.`);
      }
    }
    const endpoints = await addAddress(conn, ns, opts, ports, query, meta, serviceAccount);
    return { kind: 'registered', dryRun, namespace: ns, service: serviceState, endpoints, ports, warnings };
  } catch (e) {
    if (e instanceof ClusterError) {
      return { kind: 'failed', problem: e.problem };
    }
    throw e;
  }
}

async function addAddress(
  conn: ClusterConnection,
  ns: string,
  opts: RegisterVmOptions,
  ports: readonly NamedPort[],
  query: Readonly<Record<string, string | undefined>>,
  meta: () => KubeObject['metadata'],
  serviceAccount: string,
): Promise<'created' | 'updated' | 'unchanged'> {
  const path = corePath(ns, 'endpoints', opts.name);
  // Optimistic concurrency: another machine may register at the same time; retry on a stale resourceVersion.
  for (let attempt = 0; ; attempt++) {
    const eps = await conn.api.getOptional<Endpoints>(path, opts.signal);
    if (!eps) {
      await conn.api.request({
        method: 'POST',
        path: corePath(ns, 'endpoints'),
        query,
        body: JSON.stringify({ apiVersion: 'v1', kind: 'Endpoints', metadata: meta(), subsets: [{ addresses: [{ ip: opts.ip }], ports: ports.map((p) => ({ name: p.name, port: p.port })) }] }),
        signal: opts.signal,
      });
      return 'created';
    }
    const subsets = structuredClone(eps.subsets ?? []);
    const match = subsets.find((s) => sameNumbers(s, ports));
    const accounts = accountsOf(eps);
    const hasAccount = accounts.includes(serviceAccount);
    const hasAddress = match !== undefined && (match.addresses ?? []).some((a) => a.ip === opts.ip);
    if (hasAddress && hasAccount) {
      return 'unchanged';
    }
    if (match && !hasAddress) {
      match.addresses = [...(match.addresses ?? []), { ip: opts.ip }];
    } else if (!match) {
      subsets.push({ addresses: [{ ip: opts.ip }], ports: ports.map((p) => ({ name: p.name, port: p.port })) });
    }
    const metadata = { ...eps.metadata, annotations: { ...(eps.metadata?.annotations ?? {}), [VM_SERVICE_ACCOUNTS]: hasAccount ? accounts.join(',') : [...accounts, serviceAccount].join(',') } };
    const res = await conn.api.send({
      method: 'PUT',
      path,
      query,
      body: JSON.stringify({ ...eps, apiVersion: 'v1', kind: 'Endpoints', metadata, subsets }),
      signal: opts.signal,
    });
    if (res.status === 409 && attempt < 3) {
      continue;
    }
    if (res.status < 200 || res.status > 299) {
      throw new ClusterError(problemFromResponse(res.status, res.body, conn.api.target));
    }
    return 'updated';
  }
}
