import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { discoveryDocument, type ServedVersion } from './discovery';
import { arr, at, isObject, obj, type Json, type JsonObject } from './json';
import { openApiV3 } from './openapi';
import { openApiV2 } from './openapiV2';
import { decodeProtobuf, ProtobufError } from './protobuf';
import { table, wantsTable } from './tables';
import type { ResourceType } from './resources';
import { list, watch } from './collections';
import { ApiError, errors } from './status';
import type { Store, WriteOptions } from './store';
import { generateTls } from './tls';

/** Bearer tokens the emulator knows: one with full rights, one read-only, one forbidden everything, one refused. */
export interface EmulatorTokens {
  /** User "admin" (system:masters): everything allowed. */
  readonly admin: string;
  /** User "viewer": get/list/watch only; writes get 403. */
  readonly viewer: string;
  /** User "jane": authenticated but no RBAC rights (discovery and /version only); resource requests get 403. */
  readonly forbidden: string;
  /** User "dev": reads namespaced resources only (a RoleBinding, no ClusterRole): cluster-scoped reads get 403. */
  readonly namespaceReader: string;
  /** Not a known token (e.g. expired): every request gets 401. */
  readonly invalid: string;
}

/** One request as the emulator saw it, for tests to assert on (what was sent, what was persisted). */
export interface LoggedRequest {
  readonly seq: number;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly contentType?: string;
  readonly user?: string;
  readonly bodyText?: string;
  /** The RBAC verb for resource requests (get, list, create, update, patch, delete). */
  verb?: string;
  resource?: { group: string; version: string; plural: string; namespace?: string; name?: string };
  status: number;
  readonly dryRun: boolean;
  /** True when the request changed stored state (a successful, non-dry-run write that was not a no-op). */
  persisted: boolean;
}

/** A fault to inject: matched requests get this status (or are delayed, or have their connection dropped). */
export interface Fault {
  readonly method?: string;
  readonly path?: string | RegExp;
  readonly status?: number;
  readonly reason?: string;
  readonly message?: string;
  readonly delayMs?: number;
  readonly drop?: boolean;
  /** How many matching requests this applies to (default 1). */
  times?: number;
}

interface User {
  readonly name: string;
  readonly allow: (verb: string, type: ResourceType, namespace: string | undefined) => boolean;
}

export interface Route {
  readonly type: ResourceType;
  readonly version: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: string;
}

const READ_VERBS = new Set(['get', 'list', 'watch']);

/** The HTTP(S) face of the Store: Kubernetes REST conventions, discovery, authn/authz, request log, faults. */
export class ApiServer {
  readonly tokens: EmulatorTokens;
  readonly requests: LoggedRequest[] = [];
  readonly faults: Fault[] = [];
  private readonly users: Map<string, User>;
  private server?: http.Server;
  private seq = 0;
  url = '';
  caPem?: string;

  constructor(
    readonly store: Store,
    private readonly version: ServedVersion,
    private readonly serverSideApply = true,
  ) {
    const token = (who: string): string => `${who}-${randomBytes(12).toString('hex')}`;
    this.tokens = { admin: token('admin'), viewer: token('viewer'), forbidden: token('jane'), namespaceReader: token('dev'), invalid: token('expired') };
    this.users = new Map<string, User>([
      [this.tokens.admin, { name: 'admin', allow: () => true }],
      [this.tokens.viewer, { name: 'viewer', allow: (v) => READ_VERBS.has(v) }],
      [this.tokens.forbidden, { name: 'jane', allow: () => false }],
      [this.tokens.namespaceReader, { name: 'dev', allow: (v, t, ns) => READ_VERBS.has(v) && t.namespaced && ns !== undefined }],
    ]);
  }

  async listen(useTls: boolean): Promise<void> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
      void this.handle(req, res);
    };
    if (useTls) {
      const tls = generateTls();
      this.caPem = tls.caPem;
      this.server = https.createServer({ key: tls.keyPem, cert: tls.certPem }, handler);
    } else {
      this.server = http.createServer(handler);
    }
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    this.url = `${useTls ? 'https' : 'http'}://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) {
      return;
    }
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const query: Record<string, string> = {};
    url.searchParams.forEach((v, k) => {
      query[k] = v;
    });
    const rawBody = await readBody(req);
    let bodyText = rawBody.toString('utf8');
    let contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim() || undefined;
    const sentType = contentType;
    const auth = req.headers.authorization ?? '';
    const user = auth.startsWith('Bearer ') ? this.users.get(auth.slice(7)) : undefined;
    const entry: LoggedRequest = {
      seq: ++this.seq,
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      contentType: sentType,
      user: user?.name,
      bodyText: bodyText || undefined,
      status: 0,
      dryRun: query.dryRun !== undefined,
      persisted: false,
    };
    this.requests.push(entry);
    const send = (status: number, body: Json | string): void => {
      entry.status = status;
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json' });
      res.end(text);
    };
    try {
      const fault = this.takeFault(entry);
      if (fault?.delayMs) {
        await new Promise((r) => setTimeout(r, fault.delayMs));
      }
      if (fault?.drop) {
        entry.status = -1;
        req.socket.destroy();
        return;
      }
      if (fault?.status) {
        throw new ApiError(fault.status, fault.reason ?? 'InternalError', fault.message ?? 'injected fault');
      }
      if (!user) {
        throw errors.unauthorized();
      }
      if (contentType === PROTOBUF) {
        // The apiserver reads protobuf for built-in kinds (kubectl's typed clients send it).
        try {
          bodyText = JSON.stringify(decodeProtobuf(rawBody));
          contentType = 'application/json';
        } catch (e) {
          if (e instanceof ProtobufError) {
            throw e.unsupported ? new ApiError(415, 'UnsupportedMediaType', e.message) : errors.badRequest(e.message);
          }
          throw e;
        }
      }
      if (contentType === 'application/apply-patch+yaml' && !this.serverSideApply) {
        // Before Kubernetes 1.16 (or with ServerSideApply off) the apply patch type is not registered.
        throw errors.unsupportedMediaType(contentType);
      }
      if (url.pathname === '/openapi/v2' && entry.method === 'GET') {
        // Protobuf only, what kubectl asks for; the apiserver labels it application/octet-stream, which Go's mime reads.
        const doc = openApiV2(this.store);
        entry.status = 200;
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        res.end(doc);
        return;
      }
      const table = wantsTable(req.headers.accept);
      const result = this.dispatch(entry, url.pathname, query, bodyText, contentType, user, req.headers['user-agent'], table);
      if ('watch' in result) {
        watch(this.store, entry, result.watch, query, table, req, res);
        return;
      }
      send(result.status, result.body);
    } catch (e) {
      if (e instanceof ApiError) {
        send(e.code, e.toStatus());
      } else {
        send(500, new ApiError(500, 'InternalError', `emulator bug: ${(e as Error).stack ?? String(e)}`).toStatus());
      }
    }
  }

  private takeFault(entry: LoggedRequest): Fault | undefined {
    const i = this.faults.findIndex(
      (f) =>
        (f.method === undefined || f.method === entry.method) &&
        (f.path === undefined || (typeof f.path === 'string' ? entry.path.includes(f.path) : f.path.test(entry.path))),
    );
    if (i < 0) {
      return undefined;
    }
    const f = this.faults[i]!;
    f.times = (f.times ?? 1) - 1;
    if (f.times <= 0) {
      this.faults.splice(i, 1);
    }
    return f;
  }

  private dispatch(
    entry: LoggedRequest,
    path: string,
    query: Record<string, string>,
    bodyText: string,
    contentType: string | undefined,
    user: User,
    userAgent: string | undefined,
    table = false,
  ): { status: number; body: Json | string } | { watch: Route } {
    const segs = path.split('/').filter(Boolean).map(decodeURIComponent);
    const method = entry.method;
    if (segs[0] === 'openapi' && segs[1] === 'v3') {
      const doc = method === 'GET' ? openApiV3(this.store, segs) : undefined;
      if (!doc) {
        throw errors.noResource();
      }
      return { status: 200, body: doc };
    }
    const discovery = discoveryDocument(this.store, this.version, this.url, segs);
    if (discovery !== undefined) {
      if (method !== 'GET') {
        throw errors.methodNotAllowed();
      }
      return { status: 200, body: discovery };
    }
    const route = this.route(segs);
    if (!route) {
      throw errors.noResource();
    }
    const t = route.type;
    const verb = verbOf(method, route.name === undefined, query.watch === 'true' || query.watch === '1');
    entry.verb = verb;
    entry.resource = { group: t.group, version: route.version, plural: t.plural, namespace: route.namespace, name: route.name };
    if (!user.allow(verb, t, route.namespace)) {
      throw forbidden(user, verb, route);
    }
    const write = writeOptions(entry, query, bodyText, contentType, userAgent);
    if (route.subresource !== undefined) {
      return this.subresource(entry, route, method, bodyText);
    }
    return this.serve(verb, entry, route, query, bodyText, contentType, write, table);
  }

  /** A verb on a resource or collection. */
  private serve(
    verb: string,
    entry: LoggedRequest,
    route: Route,
    query: Record<string, string>,
    bodyText: string,
    contentType: string | undefined,
    write: WriteRequest,
    table: boolean,
  ): { status: number; body: Json | string } | { watch: Route } {
    const t = route.type;
    const { dryRun, opts, deleteOptions } = write;
    const ns = route.namespace;
    const store = this.store;
    switch (verb) {
      case 'get': {
        const o = store.get(t, ns, route.name!);
        if (!o) {
          throw errors.notFound(t, route.name!);
        }
        const shown = store.present(t, route.version, o);
        return { status: 200, body: table ? this.table(t, [shown], { headers: true }) : shown };
      }
      case 'list': {
        const listed = list(store, route, query);
        return { status: 200, body: table ? this.table(t, arr(listed.items).filter(isObject), { headers: true, listMeta: obj(listed.metadata) }) : listed };
      }
      case 'watch':
        return { watch: route };
      case 'create': {
        const r = store.create(t, route.version, ns, parseBody(bodyText, contentType), opts);
        entry.persisted = !dryRun && r.changed;
        return { status: 201, body: store.present(t, route.version, r.object) };
      }
      case 'update': {
        const r = store.replace(t, route.version, ns, route.name!, parseBody(bodyText, contentType), opts);
        entry.persisted = !dryRun && r.changed;
        return { status: 200, body: store.present(t, route.version, r.object) };
      }
      case 'patch': {
        const type = contentType ?? '';
        const body = type === 'application/apply-patch+yaml' ? parseBody(bodyText, 'application/yaml') : parseBody(bodyText, 'application/json');
        const r = store.patch(t, route.version, ns, route.name!, body, type, opts);
        entry.persisted = !dryRun && r.changed;
        return { status: r.created ? 201 : 200, body: store.present(t, route.version, r.object) };
      }
      case 'delete': {
        const preconditions = isObject(deleteOptions) && isObject(deleteOptions.preconditions) ? deleteOptions.preconditions : undefined;
        const old = store.delete(t, ns, route.name!, { dryRun, preconditions });
        entry.persisted = !dryRun;
        if (t.builtin && t.kind === 'Namespace') {
          // A namespace has finalizers: the apiserver answers with the object, now Terminating.
          return { status: 200, body: store.present(t, route.version, old) };
        }
        return {
          status: 200,
          body: {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Success',
            details: { name: route.name!, ...(t.group ? { group: t.group } : {}), kind: t.plural, uid: String(at(old, 'metadata', 'uid')) },
          },
        };
      }
      default:
        throw errors.methodNotAllowed();
    }
  }

  private subresource(entry: LoggedRequest, route: Route, method: string, bodyText: string): { status: number; body: Json } {
    const t = route.type;
    if (route.subresource !== 'status' || !t.hasStatus) {
      throw errors.noResource();
    }
    const o = this.store.get(t, route.namespace, route.name!);
    if (!o) {
      throw errors.notFound(t, route.name!);
    }
    if (method === 'GET') {
      return { status: 200, body: this.store.present(t, route.version, o) };
    }
    if (method !== 'PUT' && method !== 'PATCH') {
      throw errors.methodNotAllowed();
    }
    const body = parseBody(bodyText, 'application/json');
    const status = at(body, 'status');
    const updated = this.store.setStatus(t, route.namespace, route.name!, isObject(status) ? status : {});
    entry.persisted = true;
    return { status: 200, body: this.store.present(t, route.version, updated) };
  }

  private table(t: ResourceType, objects: JsonObject[], opts: { headers: boolean; listMeta?: JsonObject }): JsonObject {
    return table(t, objects, this.store.currentResourceVersion(), opts);
  }

  private route(segs: string[]): Route | undefined {
    let group: string;
    let version: string;
    let rest: string[];
    if (segs[0] === 'api' && segs[1] === 'v1') {
      group = '';
      version = 'v1';
      rest = segs.slice(2);
    } else if (segs[0] === 'apis' && segs.length >= 4) {
      group = segs[1]!;
      version = segs[2]!;
      rest = segs.slice(3);
    } else {
      return undefined;
    }
    const find = (plural: string): ResourceType | undefined => this.store.resolve(group, version, plural);
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      const namespaced = find(rest[2]!);
      if (namespaced && namespaced.namespaced && rest.length <= 5) {
        return { type: namespaced, version, namespace: rest[1], name: rest[3], subresource: rest[4] };
      }
    }
    const t = find(rest[0]!);
    if (!t || rest.length > 3) {
      return undefined;
    }
    if (t.namespaced && rest.length > 1) {
      return undefined;
    }
    return { type: t, version, name: rest[1], subresource: rest[2] };
  }
}

/** The RBAC verb of a request. */
function verbOf(method: string, collection: boolean, watching: boolean): string {
  return method === 'GET' ? (collection ? (watching ? 'watch' : 'list') : 'get')
    : method === 'POST' ? 'create'
    : method === 'PUT' ? 'update'
    : method === 'PATCH' ? 'patch'
    : method === 'DELETE' ? (collection ? 'deletecollection' : 'delete')
    : method.toLowerCase();
}

/** RBAC's refusal, worded as the apiserver words it. */
function forbidden(user: User, verb: string, route: Route): ApiError {
  const t = route.type;
  const what = t.group ? `${t.plural}.${t.group}` : t.plural;
  const subject = route.name ? `${what} "${route.name}"` : what;
  const scope = t.namespaced && route.namespace !== undefined ? `in the namespace "${route.namespace}"` : 'at the cluster scope';
  const res = route.subresource ? `${t.plural}/${route.subresource}` : t.plural;
  return new ApiError(
    403,
    'Forbidden',
    `${subject} is forbidden: User "${user.name}" cannot ${verb} resource "${res}" in API group "${t.group}" ${scope}`,
    { ...(route.name ? { name: route.name } : {}), ...(t.group ? { group: t.group } : {}), kind: t.plural },
  );
}

/** How a write was asked for: dry run, field manager and force from the query (and DeleteOptions from the body). */
interface WriteRequest {
  readonly dryRun: boolean;
  readonly opts: WriteOptions;
  readonly deleteOptions: Json | undefined;
}

function writeOptions(
  entry: LoggedRequest,
  query: Record<string, string>,
  bodyText: string,
  contentType: string | undefined,
  userAgent: string | undefined,
): WriteRequest {
  const method = entry.method;
  // DELETE carries its options in the body too (kubectl delete --dry-run=server sends DeleteOptions.dryRun there).
  const deleteOptions = method === 'DELETE' && bodyText ? parseBody(bodyText, 'application/json') : undefined;
  const bodyDryRun = isObject(deleteOptions) ? arr(deleteOptions.dryRun).map(String) : [];
  const dryRun = query.dryRun !== undefined || bodyDryRun.length > 0;
  if (query.dryRun !== undefined && query.dryRun !== 'All') {
    throw errors.badRequest(`dryRun: Unsupported value: "${query.dryRun}": supported values: "All"`);
  }
  if (bodyDryRun.some((v) => v !== 'All')) {
    throw errors.badRequest(`dryRun: Unsupported value: "${bodyDryRun.find((v) => v !== 'All')}": supported values: "All"`);
  }
  (entry as { dryRun: boolean }).dryRun = dryRun;
  if (query.fieldValidation !== undefined && !['Ignore', 'Warn', 'Strict'].includes(query.fieldValidation)) {
    throw errors.badRequest(`fieldValidation: Unsupported value: "${query.fieldValidation}"`);
  }
  // Apply needs an explicit fieldManager; other writes default it from the User-Agent, as the apiserver does.
  const isApply = method === 'PATCH' && contentType === 'application/apply-patch+yaml';
  const fieldManager = query.fieldManager ?? (isApply ? '' : userAgent ? userAgent.split('/')[0]! : 'unknown');
  const force = query.force === undefined ? undefined : query.force === 'true';
  const opts = { dryRun, fieldManager, force };
  return { dryRun, opts, deleteOptions };
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const PROTOBUF = 'application/vnd.kubernetes.protobuf';

function parseBody(text: string, contentType: string | undefined): Json {
  try {
    if (contentType === 'application/yaml' || contentType === 'application/apply-patch+yaml') {
      return parseYaml(text) as Json;
    }
    return JSON.parse(text) as Json;
  } catch (e) {
    throw errors.badRequest(`the object provided is unrecognized (${(e as Error).message.split('\n')[0]})`);
  }
}
