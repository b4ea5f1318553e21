import { randomUUID } from 'node:crypto';
import { ServiceAllocation } from './allocation';
import { checkBody } from './bodyChecks';
import { fieldSetOf, mergeInto } from './fields';
import { arr, at, child, clone, deepEqual, isObject, obj, str, type Json, type JsonObject } from './json';
import { applyDefaults, initialStatus, validate } from './kinds';
import { applyOwnership, managers, renderManagers, updateManagers, type ManagedEntry } from './managedFields';
import { patched } from './patches';
import { apiVersionOf, builtinResources, resourceFromCrd, sortVersions, splitApiVersion, type ResourceType } from './resources';
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

/** The emulated etcd + registry: typed objects by resource, namespace and name, with the apiserver's write rules. */
export class Store {
  private readonly builtins: ResourceType[];
  private readonly crdTypes = new Map<string, ResourceType>(); // by CRD name
  private readonly objects = new Map<string, Map<string, JsonObject>>(); // group/plural -> ns/name -> object
  private rv = 1000;
  private readonly allocation: ServiceAllocation;

  /** Called on every persisted change (watches). */
  readonly listeners = new Set<(e: StoreEvent) => void>();

  constructor(readonly options: StoreOptions) {
    this.builtins = builtinResources({ serviceCidrApi: options.serviceCidrApi, legacyApis: options.legacyApis === true });
    this.allocation = new ServiceAllocation(options.serviceCidr);
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
    const services = this.builtins.find((x) => x.kind === 'Service')!;
    const asked = t.builtin && t.kind === 'Service' && !old ? str(at(next, 'spec', 'clusterIP')) : undefined;
    applyDefaults(t, next, old, this.allocation.allocators(this.bucket(services).values(), dryRun));
    const causes: StatusCause[] = validate(t, next, old);
    if (asked && asked !== 'None' && causes.length === 0) {
      const refused = this.allocation.refusal(asked, this.bucket(services).values());
      if (refused) {
        causes.push(refused);
      }
    }
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
    const managed = renderManagers(managersFor(next), now());
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

  private requireNamespace(t: ResourceType, ns: string | undefined): void {
    if (t.namespaced && (ns === undefined || !this.namespaceExists(ns))) {
      throw errors.namespaceNotFound(ns ?? '');
    }
  }

  /** The namespace lifecycle admission plugin: nothing new in a namespace being deleted. */
  private requireLiveNamespace(t: ResourceType, ns: string | undefined, name: string): void {
    if (t.namespaced && ns !== undefined && this.namespaceTerminating(ns)) {
      throw errors.namespaceTerminating(t, name, ns);
    }
  }

  // ---- API operations ----

  create(t: ResourceType, version: string, ns: string | undefined, body: Json, opts: WriteOptions): WriteResult {
    const o = checkBody(t, version, ns, undefined, body);
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
    return this.commit(t, version, ns, name, undefined, o, (d) => updateManagers([], undefined, d, opts.fieldManager, apiVersion, ctx, t.hasStatus), opts.dryRun);
  }

  replace(t: ResourceType, version: string, ns: string | undefined, name: string, body: Json, opts: WriteOptions): WriteResult {
    const o = checkBody(t, version, ns, name, body);
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
    const entries = managers(old);
    return this.commit(t, version, ns, name, old, next, (d) => updateManagers(entries, old, d, opts.fieldManager, apiVersion, ctx, t.hasStatus), opts.dryRun);
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
    const o = checkBody(t, version, ns, name, patched(t, old, body, contentType));
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
    const applied = checkBody(t, version, ns, name, body);
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
    const { next, others, mine: finalMine, changedOwnership } = applyOwnership(
      old,
      applied,
      newSet,
      { manager: opts.fieldManager, apiVersion, force: opts.force },
      ctx,
    );
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
