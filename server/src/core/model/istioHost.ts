/**
 * Istio's host names as its config and analyzers read them: short names and FQDNs resolved against a namespace,
 * wildcards (`*.example.com`, `*`), `namespace/host` scoping of Gateway and Sidecar hosts, and `exportTo` scopes.
 */

/** The cluster's DNS domain when the mesh config names none. */
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';
/** `exportTo` value: every namespace. */
export const EXPORT_TO_ALL = '*';
/** `exportTo` value: the object's own namespace. */
export const EXPORT_TO_LOCAL = '.';
/** A VirtualService's `gateways` entry meaning the sidecars of the mesh. */
export const MESH_GATEWAY = 'mesh';

/**
 * True when two hosts overlap as Istio's `host.Name.Matches` says: equal names, or a wildcard whose suffix the other
 * ends with (two wildcards: the longer one ends with the shorter's suffix).
 */
export function hostMatches(a: string, b: string): boolean {
  const aWild = a.startsWith('*');
  const bWild = b.startsWith('*');
  if (aWild && bWild) {
    return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  }
  if (aWild) {
    return b.endsWith(a.slice(1));
  }
  if (bWild) {
    return a.endsWith(b.slice(1));
  }
  return a === b;
}

/** True for a name without a dot that is not a wildcard: a Kubernetes Service name of the reader's namespace. */
export function isShortName(host: string): boolean {
  return !host.startsWith('*') && !host.includes('.');
}

/** A host as an FQDN: a short name becomes `<name>.<namespace>.svc.<domain>`; wildcards and dotted names stay. */
export function toFqdn(host: string, namespace: string, domain: string = DEFAULT_CLUSTER_DOMAIN): string {
  return isShortName(host) ? `${host}.${namespace}.svc.${domain}` : host;
}

/** A namespace and a name. */
export interface FullName {
  readonly namespace: string;
  readonly name: string;
}

/** The Service a cluster FQDN (`<name>.<namespace>.svc.<domain>`) names, or undefined for any other host. */
export function serviceOfFqdn(fqdn: string, domain: string = DEFAULT_CLUSTER_DOMAIN): FullName | undefined {
  const suffix = `.svc.${domain}`;
  if (!fqdn.endsWith(suffix)) {
    return undefined;
  }
  const rest = fqdn.slice(0, -suffix.length);
  const dot = rest.lastIndexOf('.');
  return dot > 0 && dot < rest.length - 1 ? { namespace: rest.slice(dot + 1), name: rest.slice(0, dot) } : undefined;
}

/** A reference written `name` or `namespace/name` (a VirtualService's gateway): the namespace defaults to the reader's. */
export function shortOrFullName(defaultNamespace: string, ref: string): FullName {
  const slash = ref.indexOf('/');
  return slash < 0
    ? { namespace: defaultNamespace, name: ref }
    : { namespace: ref.slice(0, slash), name: ref.slice(slash + 1) };
}

/**
 * The hosts of a list of `[namespace/]host` entries that the given namespace may use: unscoped ones, `*\/host`
 * and `<namespace>/host`, with the scope removed.
 */
export function hostsForNamespace(hosts: readonly string[], namespace: string): string[] {
  const out: string[] = [];
  for (const h of hosts) {
    const slash = h.indexOf('/');
    if (slash < 0) {
      out.push(h);
      continue;
    }
    const scope = h.slice(0, slash);
    if (scope === namespace || scope === '*') {
      out.push(h.slice(slash + 1));
    }
  }
  return out;
}

/**
 * A Gateway server's hosts with their scopes made explicit as Istio's gateway analyzer does: `./host` becomes
 * `<gateway namespace>/host`, `*\/host` becomes `host`, and `*\/*` anywhere makes the whole list `*`.
 */
export function gatewayServerHosts(hosts: readonly string[], gatewayNamespace: string): string[] {
  const out: string[] = [];
  for (const h of hosts) {
    const slash = h.indexOf('/');
    if (slash < 0) {
      out.push(h);
      continue;
    }
    const scope = h.slice(0, slash);
    const name = h.slice(slash + 1);
    if (scope === '.') {
      out.push(`${gatewayNamespace}/${name}`);
    } else if (scope === '*') {
      if (name === '*') {
        return ['*'];
      }
      out.push(name);
    } else {
      out.push(h);
    }
  }
  return out;
}

/**
 * The namespaces an `exportTo` list makes an object visible in: `*` for all, `.` for its own; none written means all.
 */
export function exportScopes(exportTo: readonly string[], ownNamespace: string): string[] {
  if (exportTo.length === 0 || exportTo.includes(EXPORT_TO_ALL)) {
    return [EXPORT_TO_ALL];
  }
  return [...new Set(exportTo.map((e) => (e === EXPORT_TO_LOCAL ? ownNamespace : e)))];
}
