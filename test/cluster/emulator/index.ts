import { stringify } from 'yaml';
import { istioCrds, namespace } from './fixtures';
import { clone, type JsonObject } from './json';
import { ApiServer, type EmulatorTokens, type Fault, type LoggedRequest } from './server';
import { Store } from './store';
import { intToIp, parseCidr } from './kinds';
import { splitApiVersion, type ResourceType } from './resources';

export type { EmulatorTokens, Fault, LoggedRequest } from './server';
export type { Json, JsonObject } from './json';
export * as fixtures from './fixtures';

/** How to start an emulated cluster. */
export interface EmulatorOptions {
  /** The service IP range (what `--service-cluster-ip-range` would say). Default 10.96.0.0/12. */
  readonly serviceCidr?: string;
  /** Serve networking.k8s.io/v1 ServiceCIDR (Kubernetes 1.33+). Default true. */
  readonly serviceCidrApi?: boolean;
  /** Register Istio's networking/security CRDs at start. Default true. */
  readonly istioCrds?: boolean;
  /** Objects to store at start (Namespaces and CRDs are stored first, whatever their position). */
  readonly seed?: readonly JsonObject[];
  /** Serve HTTPS with a CA generated at start (default) or plain HTTP. */
  readonly tls?: boolean;
  readonly version?: { major: string; minor: string };
  /**
   * A cluster before Kubernetes 1.16 (the guide's 1.7 to 1.15): serves extensions/v1beta1 and rbac v1beta1, and has
   * no server-side apply (415 to the apply patch type). Reports version 1.15 unless `version` says otherwise.
   */
  readonly legacy?: boolean;
  /** Answer 415 to application/apply-patch+yaml (server-side apply off). Default: on unless `legacy`. */
  readonly serverSideApply?: boolean;
  /** 'stuck': deleted namespaces stay Terminating until `state.finalizeNamespace`. Default 'finalize'. */
  readonly namespaceDeletion?: 'finalize' | 'stuck';
}

/** Direct access to the emulated cluster's state (bypasses the API, authn and the request log). */
export interface EmulatorState {
  /** Stores objects as controllers/other clients left them; Namespaces and CRDs first. Optionally owned by a manager. */
  seed(objects: readonly JsonObject[], owner?: { manager: string; operation?: 'Apply' | 'Update' }): void;
  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): JsonObject | undefined;
  list(apiVersion: string, kind: string, namespace?: string): JsonObject[];
  /** A controller's status write (e.g. the cloud assigning a LoadBalancer IP). */
  setStatus(apiVersion: string, kind: string, namespace: string | undefined, name: string, status: JsonObject): void;
  remove(apiVersion: string, kind: string, namespace: string | undefined, name: string): boolean;
  /** The store's current resourceVersion (changes on every persisted write). */
  resourceVersion(): string;
  /** The namespace controller finishing a deletion left Terminating (`namespaceDeletion: 'stuck'`). */
  finalizeNamespace(name: string): boolean;
}

/** A running emulated Kubernetes API server. */
export interface Emulator {
  readonly url: string;
  /** PEM of the CA that signed the server certificate (undefined with `tls: false`). */
  readonly caPem: string | undefined;
  readonly tokens: EmulatorTokens;
  /** A kubeconfig with one cluster/user/context named after `contextName`, current-context set to it. */
  kubeconfigYaml(contextName?: string, token?: string, opts?: { namespace?: string; server?: string }): string;
  readonly state: EmulatorState;
  /** Every request received, in order (live array). */
  readonly requests: readonly LoggedRequest[];
  clearRequests(): void;
  /** The requests that changed state. */
  writes(): LoggedRequest[];
  injectFault(fault: Fault): void;
  close(): Promise<void>;
}

function seedOrder(o: JsonObject): number {
  return o.kind === 'Namespace' ? 0 : o.kind === 'CustomResourceDefinition' ? 1 : 2;
}

/** Starts an emulated Kubernetes API server on 127.0.0.1 (random port). */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const serviceCidr = opts.serviceCidr ?? '10.96.0.0/12';
  const legacy = opts.legacy === true;
  const store = new Store({ serviceCidr, serviceCidrApi: opts.serviceCidrApi ?? !legacy, legacyApis: legacy, namespaceDeletion: opts.namespaceDeletion });
  const api = new ApiServer(store, opts.version ?? (legacy ? { major: '1', minor: '15' } : { major: '1', minor: '34' }), opts.serverSideApply ?? !legacy);

  const typeOf = (apiVersion: string, kind: string): ResourceType => {
    const t = store.byKind(apiVersion, kind);
    if (!t) {
      throw new Error(`emulator: no served type for ${apiVersion} ${kind}`);
    }
    return t;
  };
  const state: EmulatorState = {
    seed(objects, owner) {
      for (const o of [...objects].sort((a, b) => seedOrder(a) - seedOrder(b))) {
        store.put(clone(o), owner);
      }
    },
    get(apiVersion, kind, ns, name) {
      const t = typeOf(apiVersion, kind);
      const o = store.get(t, t.namespaced ? ns : undefined, name);
      return o ? store.present(t, splitApiVersion(apiVersion).version, o) : undefined;
    },
    list(apiVersion, kind, ns) {
      const t = typeOf(apiVersion, kind);
      return store.list(t, ns).map((o) => store.present(t, splitApiVersion(apiVersion).version, o));
    },
    setStatus(apiVersion, kind, ns, name, status) {
      const t = typeOf(apiVersion, kind);
      store.setStatus(t, t.namespaced ? ns : undefined, name, status);
    },
    remove(apiVersion, kind, ns, name) {
      const t = typeOf(apiVersion, kind);
      return store.drop(t, t.namespaced ? ns : undefined, name);
    },
    resourceVersion: () => store.currentResourceVersion(),
    finalizeNamespace: (name) => store.finalizeNamespace(name),
  };

  // What every cluster has: the system namespaces, the `kubernetes` Service, the default ServiceCIDR.
  state.seed(['default', 'kube-system', 'kube-public', 'kube-node-lease'].map((n) => namespace(n)));
  const { base } = parseCidr(serviceCidr);
  state.seed([
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { clusterIP: intToIp(base + 1), ports: [{ name: 'https', port: 443, targetPort: 6443 }] },
    },
  ]);
  if (opts.serviceCidrApi ?? !legacy) {
    state.seed([
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'ServiceCIDR',
        metadata: { name: 'kubernetes' },
        spec: { cidrs: [serviceCidr] },
        status: { conditions: [{ type: 'Ready', status: 'True', reason: '', message: 'Kubernetes Service CIDR is ready' }] },
      },
    ]);
  }
  if (opts.istioCrds ?? true) {
    state.seed(istioCrds());
  }
  if (opts.seed) {
    state.seed(opts.seed);
  }

  await api.listen(opts.tls ?? true);

  return {
    url: api.url,
    caPem: api.caPem,
    tokens: api.tokens,
    kubeconfigYaml(contextName = 'emulator', token = api.tokens.admin, o = {}) {
      const cluster: JsonObject = { server: o.server ?? api.url };
      if (api.caPem) {
        cluster['certificate-authority-data'] = Buffer.from(api.caPem).toString('base64');
      }
      const context: JsonObject = { cluster: `${contextName}-cluster`, user: `${contextName}-user` };
      if (o.namespace) {
        context.namespace = o.namespace;
      }
      return stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: `${contextName}-cluster`, cluster }],
        users: [{ name: `${contextName}-user`, user: { token } }],
        contexts: [{ name: contextName, context }],
        'current-context': contextName,
      });
    },
    state,
    requests: api.requests,
    clearRequests() {
      api.requests.length = 0;
    },
    writes() {
      return api.requests.filter((r) => r.persisted);
    },
    injectFault(fault) {
      api.faults.push({ ...fault });
    },
    close: () => api.close(),
  };
}
