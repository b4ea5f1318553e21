import type { YAMLMap } from 'yaml';
import { isNode } from 'yaml';
import type { K8sObject } from '../model/k8sObject';
import { mapAt, stringRecord } from '../model/k8sObject';
import { podTemplate, WORKLOAD_KINDS } from '../model/workload';
import type { Span } from '../yaml/spans';
import type { Dependencies, Topic } from './dependencies';
import { ALL_TOPIC, DependencyTracker, fileTopic, inputTopic, kindTopic, placeTopic, podLabelTopic, selectorTopic } from './dependencies';
import type { FileEntry, Refragmented } from './fileStore';
import { FileStore } from './fileStore';
import { isKustomization, patchFiles } from './kustomize';
import type { AnchoredSpan } from './spanAnchors';
import { SpanAnchors } from './spanAnchors';

export type { Dependencies, Topic } from './dependencies';
export { fileTopic, kindTopic, NO_DEPENDENCIES, placeTopic, podLabelTopic, selectorTopic } from './dependencies';
export type { FileEntry } from './fileStore';
export type { AnchoredSpan } from './spanAnchors';

/**
 * The workspace as rules, lookups and editor help read it: files, objects by kind, and lookups and memos built from
 * them. Read-only: files are set and removed by the service. Every read is recorded as a dependency of the
 * computation being recorded (see `MutableWorkspaceIndex.record`), so that its result is kept while what it read holds.
 */
export interface WorkspaceIndex {
  /** A file's entry (its text, parse and objects). */
  get(uri: string): FileEntry | undefined;
  uris(): IterableIterator<string>;
  /** All objects of a kind across the workspace, in file order; kustomize patches left out. */
  ofKind(kind: string): readonly K8sObject[];
  /** All objects across the workspace; kustomize patches left out. */
  allObjects(): IterableIterator<K8sObject>;
  /**
   * A lookup built from the whole workspace (e.g. Services by namespace), kept until what it read changes. `key` names
   * the lookup and everything it was built from besides the files, such as the default namespace.
   */
  derived<T>(key: string, build: (index: WorkspaceIndex) => T): T;
  /**
   * A value computed from one object (`owner`: a K8sObject when the value holds spans, since an object that moved is a
   * new object on the same, shifted node; else its YAML node) and the index, kept while what it read of the index is
   * unchanged (one owned by an object, at most until the next validation starts); a computation using it depends on
   * what it read. `key` names the value and its other inputs.
   */
  memo<T>(owner: object, key: string, compute: () => T): T;
  /**
   * A value the editor gives the core from outside the files (e.g. the connected cluster's CRDs), by key; undefined
   * when none was given. A computation reading it is recomputed when it is set again.
   */
  input(key: string): unknown;
  /** Declares what a computation read when the lookups it used know better than the index (see `untracked`). */
  dependOn(topic: Topic): void;
  /**
   * Runs `compute` without recording the topics it reads: for a lookup whose answer the caller then narrows and
   * declares precisely with `dependOn` (e.g. the Services selecting one workload's labels, not all Services).
   */
  untracked<T>(compute: () => T): T;
}

/** A kept result and the dependencies it was computed with. */
interface Kept {
  readonly value: unknown;
  readonly deps: Dependencies;
}

/**
 * The service's index: a file store (files, parses, objects), a dependency tracker (which topics computations read,
 * and what each change touched), span anchors (cached positions that follow edits), and, on top, the lists by kind,
 * derived lookups and per-object memos that the `WorkspaceIndex` view serves.
 */
export class MutableWorkspaceIndex implements WorkspaceIndex {
  private readonly files = new FileStore();
  private readonly tracker = new DependencyTracker();
  private readonly anchors = new SpanAnchors();
  /** Lists by kind, dropped when an object of the kind is added, removed, edited or moved (the others stay right). */
  private readonly byKind = new Map<string, K8sObject[]>();
  private readonly derivedCache = new Map<string, Kept>();
  /**
   * Memos owned by YAML nodes, by key, then node: a handful of keys, and a node (one per object of the workspace)
   * needs no map of its own. Kept while the node lives.
   */
  private readonly memos = new Map<string, WeakMap<object, Kept>>();
  /**
   * Memos owned by objects (values holding spans, such as an object's metadata places, which the rules checking the
   * object share), by key, then object: kept until the next validation starts (`startValidation`). Once the rules ran,
   * their results are cached by the service and these are read again only by rules that run again; kept for every
   * object of a 10,000-file workspace they held ≈ 1 KB per object.
   */
  private objectMemos = new Map<string, WeakMap<object, Kept>>();
  private readonly inputs = new Map<string, unknown>();

  /** Adds or replaces a file; returns its entry (reused when the text did not change). */
  set(uri: string, text: string, version?: number): FileEntry {
    const { before, entry, parsed } = this.files.set(uri, text, version);
    if (!parsed) {
      return entry;
    }
    this.anchors.replaced(before?.parsed, entry.parsed);
    this.changed(uri, before?.objects ?? [], entry.objects);
    if (isKustomization(uri)) {
      this.files.setPatches(uri, patchFiles(uri, entry.parsed)).forEach((r) => this.refragmented(r));
    }
    return this.files.get(uri) ?? entry;
  }

  remove(uri: string): boolean {
    const before = this.files.remove(uri);
    if (!before) {
      return false;
    }
    this.anchors.replaced(before.parsed, undefined);
    this.changed(uri, before.objects, []);
    if (isKustomization(uri)) {
      this.files.setPatches(uri, []).forEach((r) => this.refragmented(r));
    }
    return true;
  }

  get(uri: string): FileEntry | undefined {
    this.tracker.read(fileTopic(uri));
    return this.files.get(uri);
  }

  uris(): IterableIterator<string> {
    this.tracker.read(ALL_TOPIC);
    return this.files.uris();
  }

  ofKind(kind: string): readonly K8sObject[] {
    this.tracker.read(kindTopic(kind));
    this.tracker.read(placeTopic(kind));
    let list = this.byKind.get(kind);
    if (!list) {
      list = [];
      for (const f of this.files.entries()) {
        for (const o of f.objects) {
          if (o.kind === kind && !f.fragments.has(o.node)) {
            list.push(o);
          }
        }
      }
      this.byKind.set(kind, list);
    }
    return list;
  }

  *allObjects(): IterableIterator<K8sObject> {
    this.tracker.read(ALL_TOPIC);
    for (const f of this.files.entries()) {
      for (const o of f.objects) {
        if (!f.fragments.has(o.node)) {
          yield o;
        }
      }
    }
  }

  derived<T>(key: string, build: (index: WorkspaceIndex) => T): T {
    const hit = this.derivedCache.get(key);
    if (hit && this.tracker.isCurrent(hit.deps)) {
      this.tracker.readAll(hit.deps);
      return hit.value as T;
    }
    const { value, deps } = this.tracker.record(() => build(this));
    this.derivedCache.set(key, { value, deps });
    this.tracker.readAll(deps);
    return value;
  }

  memo<T>(owner: object, key: string, compute: () => T): T {
    const memos = isNode(owner) ? this.memos : this.objectMemos;
    let byOwner = memos.get(key);
    const hit = byOwner?.get(owner);
    if (hit && this.tracker.isCurrent(hit.deps)) {
      this.tracker.readAll(hit.deps);
      return hit.value as T;
    }
    const { value, deps } = this.tracker.record(compute);
    if (!byOwner) {
      byOwner = new WeakMap();
      memos.set(key, byOwner);
    }
    byOwner.set(owner, { value, deps });
    this.tracker.readAll(deps);
    return value;
  }

  /** A validation starts: the memos owned by objects are dropped (see `objectMemos`). */
  startValidation(): void {
    if (this.objectMemos.size > 0) {
      this.objectMemos = new Map();
    }
  }

  dependOn(topic: Topic): void {
    this.tracker.read(topic);
  }

  input(key: string): unknown {
    this.tracker.read(inputTopic(key));
    return this.inputs.get(key);
  }

  /** Sets (undefined: removes) a value from outside the files; what read it is stale. */
  setInput(key: string, value: unknown): void {
    if (value === undefined) {
      this.inputs.delete(key);
    } else {
      this.inputs.set(key, value);
    }
    this.tracker.bump(inputTopic(key));
  }

  untracked<T>(compute: () => T): T {
    return this.tracker.untracked(compute);
  }

  /**
   * Runs `compute` and returns what it read of the index: the lookups above and `dependOn` record their topics.
   * Recordings nest: an inner one's topics count for the outer one too.
   */
  record<T>(compute: () => T): { value: T; deps: Dependencies } {
    return this.tracker.record(compute);
  }

  /** True while no topic of `deps` changed since they were recorded. */
  isCurrent(deps: Dependencies): boolean {
    return this.tracker.isCurrent(deps);
  }

  /** True while no topic of `deps` changed except where objects are (see `DependencyTracker.isCurrentApartFromMoves`). */
  isCurrentApartFromMoves(deps: Dependencies): boolean {
    return this.tracker.isCurrentApartFromMoves(deps);
  }

  /** Dependency lists current apart from moves, as one (see `DependencyTracker.merge`). */
  merge(lists: readonly Dependencies[]): Dependencies {
    return this.tracker.merge(lists);
  }

  /** Pins a span of a file to the chunk or List item holding it (see `SpanAnchors.anchor`). */
  anchor(uri: string, span: Span): AnchoredSpan | undefined {
    return this.anchors.anchor(this.files.get(uri)?.parsed, span);
  }

  /** The span an anchored span stands for now, or undefined when its chunk was edited or its file removed. */
  resolve(a: AnchoredSpan): Span | undefined {
    return this.anchors.resolve(a);
  }

  /** A file became, or stopped being, a patch: its objects leave or join the workspace's lookups. */
  private refragmented({ before, after }: Refragmented): void {
    this.tracker.bump(fileTopic(after.uri));
    this.tracker.bump(ALL_TOPIC);
    const kinds = new Set<string>();
    for (const o of before.objects) {
      if (before.fragments.has(o.node) !== after.fragments.has(o.node)) {
        this.touchContent(o);
        kinds.add(o.kind);
      }
    }
    kinds.forEach((k) => {
      this.tracker.bump(kindTopic(k));
      this.byKind.delete(k);
    });
  }

  /**
   * Moves the versions of what a file's change touched: the kinds of objects that are new, gone or in another order
   * (an unchanged document keeps its node), and, apart, the kinds of those that only moved.
   */
  private changed(uri: string, before: readonly K8sObject[], after: readonly K8sObject[]): void {
    this.tracker.bump(fileTopic(uri));
    this.tracker.bump(ALL_TOPIC);
    const content = new Set<string>();
    const moved = new Set<string>();
    // The objects kept at both ends, compared pairwise (an edit keeps all but a few, in order): only those between
    // are matched by node. A kept object (same node) that is another object is a copy with new positions: lists and
    // lookups holding the old are stale.
    const keptPair = (b: K8sObject | undefined, a: K8sObject | undefined): boolean => {
      if (!b || !a || b.node !== a.node) {
        return false;
      }
      if (b !== a) {
        moved.add(a.kind);
      }
      return true;
    };
    let head = 0;
    while (keptPair(before[head], after[head])) {
      head++;
    }
    let tail = 0;
    while (head + tail < before.length && head + tail < after.length && keptPair(before[before.length - 1 - tail], after[after.length - 1 - tail])) {
      tail++;
    }
    const beforeMiddle = before.slice(head, before.length - tail);
    const afterMiddle = after.slice(head, after.length - tail);
    const was = new Map<YAMLMap, { readonly object: K8sObject; readonly at: number }>(
      beforeMiddle.map((object, at) => [object.node, { object, at }]),
    );
    const is = new Set<YAMLMap>(afterMiddle.map((o) => o.node));
    // Per kind, where the last object kept from before was: one found earlier than that means a new order, which
    // rules read ("the one defined first counts"). The objects kept at the ends keep their order around the middle.
    const lastKept = new Map<string, number>();
    for (const o of afterMiddle) {
      const prev = was.get(o.node);
      if (!prev) {
        this.touchContent(o);
        content.add(o.kind);
        continue;
      }
      if (prev.object !== o) {
        moved.add(o.kind);
      }
      if (prev.at < (lastKept.get(o.kind) ?? -1)) {
        content.add(o.kind);
      }
      lastKept.set(o.kind, prev.at);
    }
    for (const o of beforeMiddle) {
      if (!is.has(o.node)) {
        this.touchContent(o);
        content.add(o.kind);
      }
    }
    content.forEach((k) => {
      this.tracker.bump(kindTopic(k));
      this.byKind.delete(k);
    });
    moved.forEach((k) => {
      if (!content.has(k)) {
        this.tracker.bump(placeTopic(k));
        this.byKind.delete(k);
      }
    });
  }

  /** The fine topics of an object whose content is new or gone. */
  private touchContent(o: K8sObject): void {
    if (o.kind === 'Service') {
      for (const [k, v] of Object.entries(stringRecord(mapAt(o.node, ['spec', 'selector'])) ?? {})) {
        this.tracker.bump(selectorTopic(k, v));
      }
    } else if (WORKLOAD_KINDS.includes(o.kind)) {
      for (const [k, v] of Object.entries(podTemplate(o)?.labels ?? {})) {
        this.tracker.bump(podLabelTopic(k, v));
      }
    }
  }
}

/** The namespace an object lives in: as written, else the configured default. */
export function effectiveNamespace(obj: K8sObject, defaultNamespace: string): string {
  return obj.namespace ?? defaultNamespace;
}

/** True when every key of a selector has the same value in the labels (an empty selector selects nothing). */
export function selectorMatches(
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}
