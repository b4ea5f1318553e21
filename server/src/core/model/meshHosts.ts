import type { K8sObject } from './k8sObject';
import { EXPORT_TO_ALL, EXPORT_TO_LOCAL, exportScopes, toFqdn } from './istioHost';

/**
 * The hosts the mesh knows — Kubernetes Services and ServiceEntry hosts — each visible in the namespaces its
 * `exportTo` names, looked up as Istio's analyzers resolve a destination host: exact FQDN in scope, then wildcards.
 */

/** One port a host serves. */
export interface HostPort {
  readonly number: number;
  readonly name: string | undefined;
}

/** What declares a host: a Service (as Istio converts it to a ServiceEntry) or a ServiceEntry host. */
export interface MeshHost {
  readonly object: K8sObject;
  /** The host as an FQDN (resolved in the declaring object's namespace). */
  readonly fqdn: string;
  readonly ports: readonly HostPort[];
  /** A ServiceEntry's `workloadSelector.labels`; none for a Service. */
  readonly workloadLabels: Readonly<Record<string, string>> | undefined;
}

/** A host declaration before scoping: the input of `MeshHostTable`. */
export interface HostDeclaration {
  readonly host: string;
  readonly namespace: string;
  readonly exportTo: readonly string[];
  readonly entry: Omit<MeshHost, 'fqdn'>;
}

const key = (scope: string, fqdn: string): string => `${scope}/${fqdn}`;

/** The hosts of a workspace by scope; build once per workspace state, look up per reference. */
export class MeshHostTable {
  private readonly byKey = new Map<string, MeshHost>();
  private readonly wildcards: { readonly scope: string; readonly suffix: string; readonly host: MeshHost }[] = [];

  constructor(
    declarations: readonly HostDeclaration[],
    private readonly domain: string,
  ) {
    for (const d of declarations) {
      const fqdn = toFqdn(d.host, d.namespace, domain);
      const host: MeshHost = { ...d.entry, fqdn };
      for (const scope of exportScopes(d.exportTo, d.namespace)) {
        // Later declarations of one scoped host win, as in Istio's map.
        this.byKey.set(key(scope, fqdn), host);
        if (fqdn.startsWith('*')) {
          this.wildcards.push({ scope, suffix: fqdn.slice(1), host });
        }
      }
    }
  }

  /**
   * The declaration a host written in `sourceNamespace` (by an object exported to `exportTo`) resolves to, as
   * Istio's `GetDestinationHost`: exported to all, then the reader's scopes, then wildcard hosts visible there.
   */
  resolve(sourceNamespace: string, exportTo: readonly string[], host: string): MeshHost | undefined {
    const fqdn = toFqdn(host, sourceNamespace, this.domain);
    const all = this.byKey.get(key(EXPORT_TO_ALL, fqdn));
    if (all) {
      return all;
    }
    const scopes = exportTo.length === 0 ? [sourceNamespace] : exportTo.map((e) => (e === EXPORT_TO_LOCAL ? sourceNamespace : e));
    for (const s of scopes) {
      const hit = this.byKey.get(key(s, fqdn));
      if (hit) {
        return hit;
      }
    }
    const bare = host.startsWith('*') ? host.slice(1) : host;
    for (const w of this.wildcards) {
      if ((w.scope === EXPORT_TO_ALL || w.scope === sourceNamespace) && bare.endsWith(w.suffix)) {
        return w.host;
      }
    }
    return undefined;
  }
}
