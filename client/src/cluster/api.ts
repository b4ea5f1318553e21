import { createConfiguration, HttpMethod, ServerConfiguration, type KubeConfig, type RequestContext } from '@kubernetes/client-node';
import { ClusterError, credentialsProblem, problemFromResponse, problemFromTransport, type AuthInfo, type TargetInfo } from './errors';
import type { Redactor } from './redact';
import type { KubeList } from './types';

/** One request to the API server; `body` is sent as is (we serialize ourselves, unknown fields included). */
export interface ApiRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly contentType?: string;
  readonly signal?: AbortSignal;
}

/** A response of any status; `body` is parsed JSON when it was JSON. */
export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
}

/** What discovery says about a kind: its REST name and scope. */
export interface ApiResourceInfo {
  readonly apiVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

interface ApiResourceList {
  resources?: { name: string; kind: string; namespaced: boolean }[];
}

/** How a KubeApi talks: its timeout, where credentials it meets are recorded, how its user authenticates. */
export interface KubeApiOptions {
  readonly timeoutMs: number;
  readonly redactor: Redactor;
  readonly auth?: AuthInfo;
}

/** The credential in an Authorization header, and any key an auth plugin handed to the TLS agent. */
function credentialsIn(ctx: RequestContext): string[] {
  const out: string[] = [];
  const header = ctx.getHeaders()['Authorization'];
  if (typeof header === 'string') {
    const value = header.replace(/^\s*\S+\s+/, '');
    out.push(value, ...(header.startsWith('Basic ') ? [Buffer.from(value, 'base64').toString('utf8')] : []));
  }
  const options = (ctx.getAgent() as { options?: { key?: unknown } } | undefined)?.options;
  if (typeof options?.key === 'string' || Buffer.isBuffer(options?.key)) {
    out.push(options.key.toString());
  }
  return out;
}

/**
 * The transport: client-node's KubeConfig supplies TLS (CA, client certs), auth (tokens, exec plugins, auth providers)
 * and its fetch; we build the requests, so manifests reach the server byte for byte (client-node's typed serializer
 * would drop unknown fields) and every request can be cancelled. The KubeConfig is built on the first request, when
 * credential files are read: loading a connection (the status bar, a picker) reads nothing but the kubeconfig.
 */
export class KubeApi {
  private readonly discovery = new Map<string, ApiResourceList>();
  private readonly config: ReturnType<typeof createConfiguration>;
  private kc: KubeConfig | undefined;
  private readonly timeoutMs: number;

  constructor(
    private readonly credentials: () => { kc: KubeConfig; secrets: readonly string[] },
    readonly target: TargetInfo,
    private readonly opts: KubeApiOptions,
  ) {
    this.timeoutMs = opts.timeoutMs;
    this.config = createConfiguration({ baseServer: new ServerConfiguration(target.server, {}) });
  }

  private kubeConfig(): KubeConfig {
    if (!this.kc) {
      const c = this.credentials();
      this.opts.redactor.add(c.secrets);
      this.kc = c.kc;
    }
    return this.kc;
  }

  /** Sends a request; resolves with any HTTP status, throws ClusterError only when no response came. */
  async send(req: ApiRequest): Promise<ApiResponse> {
    if (req.signal?.aborted) {
      throw new ClusterError(problemFromTransport(undefined, this.target, { cancelled: true, timedOut: false, timeoutMs: this.timeoutMs }));
    }
    const ctx = this.config.baseServer.makeRequestContext(req.path, HttpMethod[req.method]);
    for (const [k, v] of Object.entries(req.query ?? {})) {
      if (v !== undefined) {
        ctx.setQueryParam(k, v);
      }
    }
    ctx.setHeaderParam('Accept', 'application/json');
    if (req.body !== undefined) {
      ctx.setHeaderParam('Content-Type', req.contentType ?? 'application/json');
      ctx.setBody(req.body);
    }
    const timeout = AbortSignal.timeout(this.timeoutMs);
    ctx.setSignal(req.signal ? AbortSignal.any([req.signal, timeout]) : timeout);
    try {
      await this.kubeConfig().applySecurityAuthentication(ctx);
    } catch (e) {
      throw new ClusterError(credentialsProblem(e, this.target, this.opts.auth ?? {}, this.opts.redactor));
    }
    this.opts.redactor.add(credentialsIn(ctx));
    try {
      const response = await this.config.httpApi.send(ctx).toPromise();
      const text = await response.body.text();
      let body: unknown = text;
      try {
        body = text ? (JSON.parse(text) as unknown) : undefined;
      } catch {
        // Not JSON (a proxy's HTML error page, plain "ok"): keep the text for the message.
      }
      return { status: response.httpStatusCode, body };
    } catch (e) {
      throw new ClusterError(
        problemFromTransport(e, this.target, { cancelled: req.signal?.aborted === true, timedOut: timeout.aborted, timeoutMs: this.timeoutMs }),
      );
    }
  }

  /** Sends a request and returns the body of a 2xx response; throws ClusterError otherwise. */
  async request<T>(req: ApiRequest): Promise<T> {
    const res = await this.send(req);
    if (res.status < 200 || res.status > 299) {
      throw new ClusterError(problemFromResponse(res.status, res.body, this.target));
    }
    return res.body as T;
  }

  /** GET that maps 404 to undefined. */
  async getOptional<T>(path: string, signal?: AbortSignal): Promise<T | undefined> {
    const res = await this.send({ method: 'GET', path, signal });
    if (res.status === 404) {
      return undefined;
    }
    if (res.status < 200 || res.status > 299) {
      throw new ClusterError(problemFromResponse(res.status, res.body, this.target));
    }
    return res.body as T;
  }

  /** Lists every item, following `continue` tokens. */
  async list<T>(path: string, opts: { labelSelector?: string; fieldSelector?: string; signal?: AbortSignal } = {}): Promise<T[]> {
    const items: T[] = [];
    let token: string | undefined;
    do {
      const page = await this.request<KubeList<T>>({
        method: 'GET',
        path,
        query: { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector, limit: '500', continue: token },
        signal: opts.signal,
      });
      items.push(...(page.items ?? []));
      token = page.metadata?.continue || undefined;
    } while (token);
    return items;
  }

  /**
   * Discovery: the resource serving `kind` in `apiVersion`, or undefined when the server does not serve it.
   * `refresh` re-reads the group version (after a CRD was applied).
   */
  async resource(apiVersion: string, kind: string, opts: { refresh?: boolean; signal?: AbortSignal } = {}): Promise<ApiResourceInfo | undefined> {
    let list = this.discovery.get(apiVersion);
    // Only what the server serves is cached: a kind missing now (CRD not installed yet) is asked again next time.
    if (!list || opts.refresh || !list.resources?.some((r) => r.kind === kind)) {
      const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      list = await this.getOptional<ApiResourceList>(path, opts.signal);
      if (list) {
        this.discovery.set(apiVersion, list);
      } else {
        this.discovery.delete(apiVersion);
      }
    }
    const r = list?.resources?.find((x) => x.kind === kind && !x.name.includes('/'));
    return r ? { apiVersion, kind, plural: r.name, namespaced: r.namespaced } : undefined;
  }

  /** The REST path of a collection (no name) or an object. */
  static path(info: ApiResourceInfo, namespace: string | undefined, name?: string): string {
    const root = info.apiVersion.includes('/') ? `/apis/${info.apiVersion}` : `/api/${info.apiVersion}`;
    const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    return `${root}${ns}/${info.plural}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
  }
}

/** Core-group (v1) REST path, e.g. corePath('istio-system', 'services', 'istio-pilot'). */
export function corePath(namespace: string | undefined, plural: string, name?: string): string {
  const ns = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `/api/v1${ns}/${plural}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
}
