import { randomUUID } from 'node:crypto';
import {
  changedPaths,
  differingPaths,
  fieldSetOf,
  fromFieldsV1,
  jsonPatch,
  mergeInto,
  mergePatch,
  removePaths,
  renderPath,
  toFieldsV1,
  type FieldSet,
  type ListContext,
} from './fields';
import { arr, at, child, clone, deepEqual, isObject, obj, str, type Json, type JsonObject } from './json';
import { applyDefaults, decodeProblem, initialStatus, intToIp, parseCidr, validate, type Allocators } from './kinds';
import { apiVersionOf, builtinResources, resourceFromCrd, splitApiVersion, type ResourceType } from './resources';
import { ApiError, errors, type StatusCause } from './status';

/** How a write was asked for. */
export interface WriteOptions {
  readonly dryRun: boolean;
  readonly fieldManager: string;
  readonly force?: boolean;
}

/** The outcome of a write: the object as the response shows it, whether it was created, whether anything changed. */
export interface WriteResult {
  readonly object: JsonObject;
  readonly created: boolean;
  readonly changed: boolean;
}

interface ManagedEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fields: FieldSet;
  touched?: boolean;
}

export interface StoreOptions {
  readonly serviceCidr: string;
  readonly serviceCidrApi: boolean;
  /** Serve the APIs Kubernetes removed in 1.16 (extensions/v1beta1 Deployments, rbac v1beta1): a pre-1.16 cluster. */
  readonly legacyApis?: boolean;
  /** 'stuck': a deleted namespace stays Terminating (a finalizer that never completes) until finalized by hand. */
  readonly namespaceDeletion?: 'finalize' | 'stuck';
}

/** A change a watch reports. */
export interface StoreEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly resource: ResourceType;
  readonly object: JsonObject;
}

const PROTECTED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** Kubernetes version priority: v1 > v1beta2 > v1beta1 > v1alpha1, GA before beta before alpha. */
function versionRank(v: string): [number, number, number] {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (!m) {
    return [3, 0, 0];
  }
  const level = m[2] === undefined ? 0 : m[2] === 'beta' ? 1 : 2;
  return [level, -Number(m[1]), -Number(m[3] ?? 0)];
}
export function sortVersions(versions: Iterable<string>): string[] {
  return [...new Set(versions)].sort((a, b) => {
    const ra = versionRank(a);
    const rb = versionRank(b);
    return ra[0] - rb[0] || ra[1] - rb[1] || ra[2] - rb[2] || a.localeCompare(b);
  });
}

/** The emulated etcd + registry: typed objects by resource, namespace and name, with the apiserver's write rules. */
export class Store {
  private readonly builtins: ResourceType[];
  private readonly crdTypes = new Map<string, ResourceType>(); // by CRD name
  private readonly objects = new Map<string, Map<string, JsonObject>>(); // group/plural -> ns/name -> object
  private rv = 1000;
  private readonly cidr: { base: number; size: number };
  private nextIp = 10;
  private nextNodePort = 30080;

  /** Called on every persisted change (watches). */
  readonly listeners = new Set<(e: StoreEvent) => void>();

  constructor(readonly options: StoreOptions) {
    this.builtins = builtinResources({ serviceCidrApi: options.serviceCidrApi, legacyApis: options.legacyApis === true });
    this.cidr = parseCidr(options.serviceCidr);
  }

  private emit(type: StoreEvent['type'], t: ResourceType, o: JsonObject): void {
    for (const l of this.listeners) {
      l({ type, resource: t, object: clone(o) });
    }
  }

  /** True while a namespace is being deleted: no new objects may be created in it. */
  namespaceTerminating(ns: string): boolean {
    const t = this.builtins.find((x) => x.kind === 'Namespace')!;
    return at(this.get(t, undefined, ns), 'status', 'phase') === 'Terminating';
  }

  /** Every resource type currently served (built-ins plus established CRDs). */
  types(): ResourceType[] {
    return [...this.builtins, ...this.crdTypes.values()];
  }

  /** Served groups with their versions, preferred first (for /apis). */
  groups(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const t of this.types()) {
      if (t.group !== '') {
        out.set(t.group, sortVersions([...(out.get(t.group) ?? []), ...t.versions]));
      }
    }
    return out;
  }

  resolve(group: string, version: string, plural: string): ResourceType | undefined {
    return this.types().find((t) => t.group === group && t.plural === plural && t.versions.includes(version));
  }

  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    const { group, version } = splitApiVersion(apiVersion);
    return this.types().find((t) => t.group === group && t.kind === kind && t.versions.includes(version));
  }

  private bucket(t: ResourceType): Map<string, JsonObject> {
    const key = `${t.group}/${t.plural}`;
    let b = this.objects.get(key);
    if (!b) {
      b = new Map();
      this.objects.set(key, b);
    }
    return b;
  }

  private static id(t: ResourceType, ns: string | undefined, name: string): string {
    return t.namespaced ? `${ns}/${name}` : name;
  }

  get(t: ResourceType, ns: string | undefined, name: string): JsonObject | undefined {
    return this.bucket(t).get(Store.id(t, ns, name));
  }

  list(t: ResourceType, ns?: string): JsonObject[] {
    const all = [...this.bucket(t).values()];
    const filtered = t.namespaced && ns !== undefined ? all.filter((o) => at(o, 'metadata', 'namespace') === ns) : all;
    return filtered.sort((a, b) =>
      `${at(a, 'metadata', 'namespace') ?? ''}/${at(a, 'metadata', 'name')}`.localeCompare(
        `${at(b, 'metadata', 'namespace') ?? ''}/${at(b, 'metadata', 'name')}`,
      ),
    );
  }

  namespaceExists(ns: string): boolean {
    const t = this.builtins.find((x) => x.kind === 'Namespace')!;
    return this.get(t, undefined, ns) !== undefined;
  }

  currentResourceVersion(): string {
    return String(this.rv);
  }

  /** The object as a response shows it: a copy, apiVersion in the requested version. */
  present(t: ResourceType, version: string, o: JsonObject): JsonObject {
    const copy = clone(o);
    copy.apiVersion = apiVersionOf(t.group, version);
    copy.kind = t.kind;
    return copy;
  }

  private allocators(dryRun: boolean): Allocators {
    let ip = this.nextIp;
    let np = this.nextNodePort;
    const usedIps = new Set<string>();
    const usedPorts = new Set<number>();
    const services = this.builtins.find((x) => x.kind === 'Service')!;
    for (const s of this.bucket(services).values()) {
      usedIps.add(String(at(s, 'spec', 'clusterIP')));
      for (const p of arr(at(s, 'spec', 'ports'))) {
        const n = at(p, 'nodePort');
        if (typeof n === 'number') {
          usedPorts.add(n);
        }
      }
    }
    return {
      clusterIP: () => {
        let candidate = intToIp(this.cidr.base + ip);
        while (usedIps.has(candidate)) {
          candidate = intToIp(this.cidr.base + ++ip);
        }
        ip++;
        if (!dryRun) {
          this.nextIp = ip;
        }
        return candidate;
      },
      nodePort: () => {
        while (usedPorts.has(np)) {
          np++;
        }
        const port = np++;
        usedPorts.add(port);
        if (!dryRun) {
          this.nextNodePort = np;
        }
        return port;
      },
    };
  }

  // ---- reads of managedFields ----

  private static managers(o: JsonObject | undefined): ManagedEntry[] {
    return arr(at(o, 'metadata', 'managedFields'))
      .filter(isObject)
      .map((m) => ({
        manager: String(m.manager ?? ''),
        operation: m.operation === 'Apply' ? ('Apply' as const) : ('Update' as const),
        apiVersion: String(m.apiVersion ?? ''),
        time: str(m.time),
        fields: fromFieldsV1(m.fieldsV1),
      }));
  }

  private static renderManagers(entries: ManagedEntry[], time: string): JsonObject[] {
    return entries
      .filter((e) => e.fields.size > 0)
      .map((e) => ({
        manager: e.manager,
        operation: e.operation,
        apiVersion: e.apiVersion,
        time: e.touched || !e.time ? time : e.time,
        fieldsType: 'FieldsV1',
        fieldsV1: toFieldsV1(e.fields),
      }));
  }

  /** Drops what changes on every write anyway (resourceVersion, managedFields times) before a no-op check. */
  private static comparable(o: JsonObject): JsonObject {
    const c = clone(o);
    const meta = child(c, 'metadata');
    delete meta.resourceVersion;
    for (const m of arr(meta.managedFields)) {
      if (isObject(m)) {
        delete m.time;
      }
    }
    return c;
  }

  // ---- the write pipeline ----

  private commit(
    t: ResourceType,
    version: string,
    ns: string | undefined,
    name: string,
    old: JsonObject | undefined,
    next: JsonObject,
    managersFor: (defaulted: JsonObject) => ManagedEntry[],
    dryRun: boolean,
    keepStatus = false,
  ): WriteResult {
    next.apiVersion = apiVersionOf(t.group, version);
    next.kind = t.kind;
    const meta = child(next, 'metadata');
    meta.name = name;
    if (t.namespaced) {
      meta.namespace = ns ?? null;
    } else {
      delete meta.namespace;
    }
    for (const k of ['uid', 'creationTimestamp', 'resourceVersion', 'generation', 'managedFields', 'selfLink', 'deletionTimestamp']) {
      delete meta[k];
    }
    const oldMeta = obj(old?.metadata);
    meta.uid = str(oldMeta?.uid) ?? randomUUID();
    meta.creationTimestamp = str(oldMeta?.creationTimestamp) ?? now();
    if (t.hasStatus && !(keepStatus && isObject(next.status))) {
      next.status = old ? clone(old.status ?? {}) : initialStatus(t);
    }
    applyDefaults(t, next, old, this.allocators(dryRun));
    const causes: StatusCause[] = validate(t, next, old);
    if (causes.length > 0) {
      throw errors.invalid(t.kind, t.group, name, causes);
    }
    if ('spec' in next || !t.builtin) {
      const specOf = (o: JsonObject): JsonObject => {
        const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
        return rest;
      };
      const oldGen = typeof oldMeta?.generation === 'number' ? oldMeta.generation : 0;
      meta.generation = old && oldGen > 0 ? (deepEqual(specOf(old), specOf(next)) ? oldGen : oldGen + 1) : 1;
    }
    const managed = Store.renderManagers(managersFor(next), now());
    if (managed.length > 0) {
      meta.managedFields = managed;
    }
    if (old) {
      meta.resourceVersion = oldMeta?.resourceVersion ?? null;
      if (deepEqual(Store.comparable(old), Store.comparable(next))) {
        return { object: old, created: false, changed: false };
      }
    }
    if (dryRun) {
      if (!old) {
        delete meta.resourceVersion;
      }
      return { object: next, created: !old, changed: true };
    }
    meta.resourceVersion = String(++this.rv);
    this.bucket(t).set(Store.id(t, ns, name), next);
    this.afterStore(t, next);
    this.emit(old ? 'MODIFIED' : 'ADDED', t, next);
    return { object: next, created: !old, changed: true };
  }

  private afterStore(t: ResourceType, o: JsonObject): void {
    if (t.builtin && t.kind === 'CustomResourceDefinition') {
      const defined = resourceFromCrd(o);
      const crdName = String(at(o, 'metadata', 'name'));
      if (defined) {
        this.crdTypes.set(crdName, defined);
      } else {
        this.crdTypes.delete(crdName);
      }
    }
  }

  private static updateManagers(
    entries: ManagedEntry[],
    prev: JsonObject | undefined,
    next: JsonObject,
    manager: string,
    apiVersion: string,
    ctx: ListContext,
    skipStatus: boolean,
  ): ManagedEntry[] {
    const changed = changedPaths(prev, next, ctx, skipStatus);
    const present = fieldSetOf(next, ctx, skipStatus);
    const out = entries.map((e) => ({ ...e, fields: new Set([...e.fields].filter((p) => present.has(p) && !changed.has(p))) }));
    if (changed.size > 0) {
      let mine = out.find((e) => e.manager === manager && e.operation === 'Update');
      if (!mine) {
        mine = { manager, operation: 'Update', apiVersion, fields: new Set() };
        out.push(mine);
      }
      for (const p of changed) {
        mine.fields.add(p);
      }
      mine.touched = true;
      mine.apiVersion = apiVersion;
    }
    return out;
  }

  /** Checks body identity against the URL (apiVersion/kind, name, namespace) and decode-level types. */
  private checkBody(t: ResourceType, version: string, ns: string | undefined, name: string | undefined, body: Json): JsonObject {
    if (!isObject(body)) {
      throw errors.badRequest('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml');
    }
    const apiVersion = body.apiVersion;
    const kind = body.kind;
    if ((apiVersion !== undefined || !t.builtin) && apiVersion !== apiVersionOf(t.group, version)) {
      const { group } = splitApiVersion(String(apiVersion ?? ''));
      if (!t.builtin || group !== t.group || !t.versions.includes(splitApiVersion(String(apiVersion)).version)) {
        throw errors.badRequest(
          `the API version in the data (${String(apiVersion ?? '')}) does not match the expected API version (${apiVersionOf(t.group, version)})`,
        );
      }
    }
    if ((kind !== undefined || !t.builtin) && kind !== t.kind) {
      throw errors.badRequest(`the kind in the data (${String(kind ?? '')}) does not match the expected kind (${t.kind})`);
    }
    const bodyName = at(body, 'metadata', 'name');
    if (name !== undefined && bodyName !== undefined && bodyName !== name) {
      throw errors.badRequest(`the name of the object (${String(bodyName)}) does not match the name on the URL (${name})`);
    }
    const bodyNs = at(body, 'metadata', 'namespace');
    if (t.namespaced && typeof bodyNs === 'string' && bodyNs !== '' && bodyNs !== ns) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    const problem = decodeProblem(t, body);
    if (problem) {
      throw problem;
    }
    return clone(body);
  }

  private requireNamespace(t: ResourceType, ns: string | undefined): void {
    if (t.namespaced && (ns === undefined || !this.namespaceExists(ns))) {
      throw errors.namespaceNotFound(ns ?? '');
    }
  }

  /** The namespace lifecycle admission plugin: nothing new in a namespace being deleted. */
  private requireLiveNamespace(t: ResourceType, ns: string | undefined, name: string): void {
    if (t.namespaced && ns !== undefined && this.namespaceTerminating(ns)) {
      throw new ApiError(403, 'Forbidden', `${t.group ? `${t.plural}.${t.group}` : t.plural} "${name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`, {
        name,
        kind: t.plural,
        ...(t.group ? { group: t.group } : {}),
        causes: [{ reason: 'NamespaceTerminating', message: `namespace ${ns} is being terminated`, field: 'metadata.namespace' }],
      });
    }
  }

  // ---- API operations ----

  create(t: ResourceType, version: string, ns: string | undefined, body: Json, opts: WriteOptions): WriteResult {
    const o = this.checkBody(t, version, ns, undefined, body);
    const name = str(at(o, 'metadata', 'name')) ?? '';
    if (name === '') {
      throw errors.invalid(t.kind, t.group, '', validate(t, o, undefined));
    }
    this.requireNamespace(t, ns);
    if (this.get(t, ns, name)) {
      throw errors.alreadyExists(t, name);
    }
    this.requireLiveNamespace(t, ns, name);
    const ctx = { kind: t.kind, builtin: t.builtin };
    const apiVersion = apiVersionOf(t.group, version);
    return this.commit(t, version, ns, name, undefined, o, (d) => Store.updateManagers([], undefined, d, opts.fieldManager, apiVersion, ctx, t.hasStatus), opts.dryRun);
  }

  replace(t: ResourceType, version: string, ns: string | undefined, name: string, body: Json, opts: WriteOptions): WriteResult {
    const o = this.checkBody(t, version, ns, name, body);
    this.requireNamespace(t, ns);
    const old = this.get(t, ns, name);
    if (!old) {
      throw errors.notFound(t, name);
    }
    const rv = at(o, 'metadata', 'resourceVersion');
    if (rv !== undefined && rv !== '' && rv !== at(old, 'metadata', 'resourceVersion')) {
      throw errors.staleResourceVersion(t, name);
    }
    return this.update(t, version, ns, name, old, o, opts);
  }

  private update(t: ResourceType, version: string, ns: string | undefined, name: string, old: JsonObject, next: JsonObject, opts: WriteOptions): WriteResult {
    const ctx = { kind: t.kind, builtin: t.builtin };
    const apiVersion = apiVersionOf(t.group, version);
    const entries = Store.managers(old);
    return this.commit(t, version, ns, name, old, next, (d) => Store.updateManagers(entries, old, d, opts.fieldManager, apiVersion, ctx, t.hasStatus), opts.dryRun);
  }

  patch(t: ResourceType, version: string, ns: string | undefined, name: string, body: Json, contentType: string, opts: WriteOptions): WriteResult {
    if (contentType === 'application/apply-patch+yaml') {
      return this.apply(t, version, ns, name, body, opts);
    }
    if (opts.force !== undefined) {
      throw errors.invalid('PatchOptions', 'meta.k8s.io', '', [
        { reason: 'FieldValueForbidden', message: 'Forbidden: may not be specified for non-apply patch', field: 'force' },
      ]);
    }
    this.requireNamespace(t, ns);
    const old = this.get(t, ns, name);
    if (!old) {
      throw errors.notFound(t, name);
    }
    let next: Json;
    const ctx = { kind: t.kind, builtin: t.builtin };
    if (contentType === 'application/merge-patch+json') {
      next = mergePatch(old, body);
    } else if (contentType === 'application/strategic-merge-patch+json') {
      if (!t.builtin) {
        throw new ApiError(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - strategic merge patch is not supported for custom resources');
      }
      next = mergeInto(old, body, [], ctx);
    } else if (contentType === 'application/json-patch+json') {
      try {
        next = jsonPatch(old, body);
      } catch (e) {
        throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${(e as Error).message}`);
      }
    } else {
      throw errors.unsupportedMediaType(contentType);
    }
    const o = this.checkBody(t, version, ns, name, next);
    const rv = at(body, 'metadata', 'resourceVersion');
    if (typeof rv === 'string' && rv !== at(old, 'metadata', 'resourceVersion')) {
      throw errors.staleResourceVersion(t, name);
    }
    return this.update(t, version, ns, name, old, o, opts);
  }

  /** Server-side apply: field ownership, conflicts with other managers, removal of fields this manager dropped. */
  private apply(t: ResourceType, version: string, ns: string | undefined, name: string, body: Json, opts: WriteOptions): WriteResult {
    if (!opts.fieldManager) {
      throw errors.invalid('PatchOptions', 'meta.k8s.io', '', [
        { reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' },
      ]);
    }
    const applied = this.checkBody(t, version, ns, name, body);
    if (!isObject(applied.metadata) || applied.metadata.name === undefined) {
      throw errors.badRequest('the name of the object () does not match the name on the URL (' + name + ')');
    }
    const meta = child(applied, 'metadata');
    const rvPrecondition = meta.resourceVersion;
    for (const k of ['uid', 'creationTimestamp', 'resourceVersion', 'generation', 'managedFields', 'selfLink']) {
      delete meta[k];
    }
    if (t.hasStatus) {
      delete applied.status;
    }
    const ctx = { kind: t.kind, builtin: t.builtin };
    const apiVersion = apiVersionOf(t.group, version);
    const newSet = fieldSetOf(applied, ctx, t.hasStatus);
    this.requireNamespace(t, ns);
    const old = this.get(t, ns, name);
    if (!old) {
      this.requireLiveNamespace(t, ns, name);
      const next = mergeInto({}, applied, [], ctx) as JsonObject;
      return this.commit(t, version, ns, name, undefined, next, () => [
        { manager: opts.fieldManager, operation: 'Apply', apiVersion, fields: newSet, touched: true },
      ], opts.dryRun);
    }
    if (typeof rvPrecondition === 'string' && rvPrecondition !== '' && rvPrecondition !== at(old, 'metadata', 'resourceVersion')) {
      throw errors.staleResourceVersion(t, name);
    }
    const entries = Store.managers(old);
    let mine = entries.find((e) => e.manager === opts.fieldManager && e.operation === 'Apply');
    const others = entries.filter((e) => e !== mine);
    const conflicts: { manager: string; apiVersion: string; path: string }[] = [];
    for (const other of others) {
      const shared = [...newSet].filter((p) => other.fields.has(p));
      for (const p of differingPaths(shared, applied, old, ctx)) {
        conflicts.push({ manager: other.manager, apiVersion: other.apiVersion, path: p });
      }
    }
    if (conflicts.length > 0) {
      if (!opts.force) {
        throw conflictError(conflicts);
      }
      for (const c of conflicts) {
        for (const e of others) {
          if (e.manager === c.manager) {
            e.fields.delete(c.path);
          }
        }
      }
    }
    const othersUnion = new Set(others.flatMap((e) => [...e.fields]));
    const dropped = [...(mine?.fields ?? [])].filter((p) => !newSet.has(p) && !othersUnion.has(p));
    const base = clone(old);
    const stillOwned = [...newSet, ...othersUnion];
    removePaths(base, dropped, ctx, (prefix) => stillOwned.some((p) => p.startsWith(prefix)));
    const next = mergeInto(base, applied, [], ctx) as JsonObject;
    const changedOwnership = !mine || mine.fields.size !== newSet.size || [...newSet].some((p) => !mine!.fields.has(p));
    if (!mine) {
      mine = { manager: opts.fieldManager, operation: 'Apply', apiVersion, fields: newSet };
    }
    mine.fields = newSet;
    mine.apiVersion = apiVersion;
    const finalMine = mine;
    return this.commit(t, version, ns, name, old, next, (defaulted) => {
      // The object changes only if content or ownership does; then this manager's entry gets a new time.
      finalMine.touched = changedOwnership || !deepEqual(Store.comparableContent(old), Store.comparableContent(defaulted));
      return [...others, finalMine];
    }, opts.dryRun);
  }

  private static comparableContent(o: JsonObject): JsonObject {
    const c = clone(o);
    const meta = child(c, 'metadata');
    delete meta.resourceVersion;
    delete meta.managedFields;
    delete meta.generation;
    return c;
  }

  delete(t: ResourceType, ns: string | undefined, name: string, opts: { dryRun: boolean; preconditions?: JsonObject }): JsonObject {
    const old = this.get(t, ns, name);
    if (!old) {
      throw errors.notFound(t, name);
    }
    if (t.builtin && t.kind === 'Namespace' && PROTECTED_NAMESPACES.has(name)) {
      throw new ApiError(403, 'Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, kind: 'namespaces' });
    }
    const pre = opts.preconditions;
    if (pre && typeof pre.uid === 'string' && pre.uid !== at(old, 'metadata', 'uid')) {
      throw new ApiError(409, 'Conflict', `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${String(at(old, 'metadata', 'uid'))}`);
    }
    if (pre && typeof pre.resourceVersion === 'string' && pre.resourceVersion !== at(old, 'metadata', 'resourceVersion')) {
      throw new ApiError(409, 'Conflict', `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${String(at(old, 'metadata', 'resourceVersion'))}`);
    }
    if (t.builtin && t.kind === 'Namespace') {
      // Deleting a namespace marks it Terminating (what the response shows); its controller then empties and removes it.
      const terminating = clone(old);
      child(terminating, 'metadata').deletionTimestamp = str(at(old, 'metadata', 'deletionTimestamp')) ?? now();
      child(terminating, 'status').phase = 'Terminating';
      if (opts.dryRun) {
        return terminating;
      }
      child(terminating, 'metadata').resourceVersion = String(++this.rv);
      this.bucket(t).set(Store.id(t, ns, name), terminating);
      this.emit('MODIFIED', t, terminating);
      if (this.options.namespaceDeletion !== 'stuck') {
        this.remove(t, ns, name);
      }
      return terminating;
    }
    if (!opts.dryRun) {
      this.remove(t, ns, name);
    }
    return old;
  }

  /** The namespace controller finishing a deletion (for namespaces left Terminating). */
  finalizeNamespace(name: string): boolean {
    const t = this.builtins.find((x) => x.kind === 'Namespace')!;
    if (!this.namespaceTerminating(name)) {
      return false;
    }
    this.remove(t, undefined, name);
    return true;
  }

  private remove(t: ResourceType, ns: string | undefined, name: string): void {
    const gone = this.get(t, ns, name);
    this.bucket(t).delete(Store.id(t, ns, name));
    this.rv++;
    if (t.builtin && t.kind === 'Namespace') {
      // The namespace controller finalizes at once here: everything inside goes with it.
      for (const type of this.types().filter((x) => x.namespaced)) {
        for (const o of this.list(type, name)) {
          this.bucket(type).delete(Store.id(type, name, String(at(o, 'metadata', 'name'))));
          this.emit('DELETED', type, o);
        }
      }
    }
    if (gone) {
      this.emit('DELETED', t, gone);
    }
    if (t.builtin && t.kind === 'CustomResourceDefinition') {
      const defined = this.crdTypes.get(name);
      this.crdTypes.delete(name);
      if (defined) {
        this.objects.delete(`${defined.group}/${defined.plural}`);
      }
    }
  }

  // ---- seeding (tests) ----

  /**
   * Stores an object as a controller or an earlier client would have left it: defaulted and validated, status kept
   * as given, optionally owned by `manager` (Update, or Apply when `operation` says so). Throws on unknown kinds and
   * missing namespaces so fixtures stay honest.
   */
  put(o: JsonObject, owner?: { manager: string; operation?: 'Apply' | 'Update' }): JsonObject {
    const t = this.byKind(String(o.apiVersion), String(o.kind));
    if (!t) {
      throw new Error(`emulator seed: no served type for ${String(o.apiVersion)} ${String(o.kind)}`);
    }
    const name = String(at(o, 'metadata', 'name'));
    const ns = t.namespaced ? str(at(o, 'metadata', 'namespace')) ?? 'default' : undefined;
    if (t.namespaced && !this.namespaceExists(ns!)) {
      throw new Error(`emulator seed: namespace ${ns} does not exist (seed the Namespace first)`);
    }
    const { version } = splitApiVersion(String(o.apiVersion));
    const old = this.get(t, ns, name);
    const next = clone(o);
    const ctx = { kind: t.kind, builtin: t.builtin };
    const fields = fieldSetOf(next, ctx, t.hasStatus);
    const result = this.commit(
      t,
      version,
      ns,
      name,
      old,
      next,
      () => (owner ? [{ manager: owner.manager, operation: owner.operation ?? 'Update', apiVersion: String(o.apiVersion), fields, touched: true }] : []),
      false,
      true,
    );
    return result.object;
  }

  /** Replaces an object's status in place (a controller's status update); bumps resourceVersion. */
  setStatus(t: ResourceType, ns: string | undefined, name: string, status: JsonObject): JsonObject {
    const o = this.get(t, ns, name);
    if (!o) {
      throw new Error(`emulator: ${t.plural} ${ns ?? ''}/${name} does not exist`);
    }
    o.status = clone(status);
    child(o, 'metadata').resourceVersion = String(++this.rv);
    this.emit('MODIFIED', t, o);
    return o;
  }

  /** Removes an object without API checks (tests). */
  drop(t: ResourceType, ns: string | undefined, name: string): boolean {
    const existed = this.get(t, ns, name) !== undefined;
    if (existed) {
      this.remove(t, ns, name);
    }
    return existed;
  }
}

function conflictError(conflicts: { manager: string; apiVersion: string; path: string }[]): ApiError {
  const byManager = new Map<string, { apiVersion: string; paths: string[] }>();
  for (const c of conflicts) {
    const entry = byManager.get(c.manager) ?? { apiVersion: c.apiVersion, paths: [] };
    entry.paths.push(renderPath(c.path));
    byManager.set(c.manager, entry);
  }
  const n = conflicts.length;
  let message = `Apply failed with ${n} conflict${n === 1 ? '' : 's'}: `;
  if (n === 1) {
    const c = conflicts[0]!;
    message += `conflict with "${c.manager}" using ${c.apiVersion}: ${renderPath(c.path)}`;
  } else {
    message += [...byManager.entries()]
      .map(([m, e]) => `conflicts with "${m}" using ${e.apiVersion}:\n${e.paths.map((p) => `- ${p}`).join('\n')}`)
      .join('\n');
  }
  return new ApiError(409, 'Conflict', message, {
    causes: conflicts.map((c) => ({
      reason: 'FieldManagerConflict',
      message: `conflict with "${c.manager}" using ${c.apiVersion}`,
      field: renderPath(c.path),
    })),
  });
}
