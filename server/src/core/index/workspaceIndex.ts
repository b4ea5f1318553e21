import type { YAMLMap } from 'yaml';
import type { K8sObject } from '../model/k8sObject';
import { mapAt, objectsOfDocument, scalarString, nodeAt, stringAt, stringRecord } from '../model/k8sObject';
import { podTemplate, WORKLOAD_KINDS } from '../model/workload';
import type { ListItem } from '../yaml/listItems';
import type { Chunk, ParsedFile } from '../yaml/parse';
import { parseFile } from '../yaml/parse';
import type { Span } from '../yaml/spans';
import { hasPatchDirective, isKustomization, patchFiles } from './kustomize';

/** What the index holds for one file. */
export interface FileEntry {
  readonly uri: string;
  readonly text: string;
  readonly version: number | undefined;
  readonly parsed: ParsedFile;
  readonly objects: readonly K8sObject[];
  /**
   * The objects (by node) that are kustomize patches, not objects of their own: every object of a file a
   * kustomization lists as a patch, and documents carrying `$patch`. They stay in `objects` for the file's own
   * features and the rules that make sense on a fragment; lookups across the workspace leave them out.
   */
  readonly fragments: ReadonlySet<YAMLMap>;
}

const NO_FRAGMENTS: ReadonlySet<YAMLMap> = new Set();

/**
 * A part of the workspace that a computation read: all objects of a kind, the Services selecting a label, one file.
 * Each topic has a version that moves when that part changes; a result computed from topics at some versions is
 * still right while those versions hold (see `record` and `isCurrent`).
 */
export type Topic = string;

/** The versions of the topics a computation read. */
export type Dependencies = readonly (readonly [Topic, number])[];

/** Every object of a kind: added, removed, edited or put in another order (what they say, not where they are). */
export const kindTopic = (kind: string): Topic => `kind\u0000${kind}`;
/**
 * Where the objects of a kind are: moved by an edit above them. Lookups built from the workspace keep spans, so they
 * depend on it; a result whose positions are anchored to chunks (see `isCurrentApartFromMoves`) does not.
 */
export const placeTopic = (kind: string): Topic => `${PLACE}${kind}`;
const PLACE = 'place\u0000';
/** The Services having `key: value` in their selector (their content, not their position). */
export const selectorTopic = (key: string, value: string): Topic => `selector\u0000${key}\u0000${value}`;
/** The workloads whose pod template has the label `key: value` (their content, not their position). */
export const podLabelTopic = (key: string, value: string): Topic => `pod-label\u0000${key}\u0000${value}`;
/** One file's text. */
export const fileTopic = (uri: string): Topic => `file\u0000${uri}`;
const NO_DEPENDENCIES: Dependencies = [];

/** Everything: what reads all objects or all files depends on it. */
const ALL: Topic = 'all';

/**
 * A span pinned to the chunk (stretch between `---` lines) holding it, or to the List item holding it, valid while
 * that chunk or item is in its file.
 */
export interface AnchoredSpan {
  readonly chunk: Chunk | ListItem;
  readonly start: number;
  readonly end: number;
}

/** The objects read from one chunk, where the chunk and its first document were at the time. */
interface ChunkObjects {
  readonly start: number;
  readonly docIndex: number;
  readonly objects: K8sObject[];
}

/** Every Kubernetes object of the workspace, by file, with lookups by kind and namespace. */
export class WorkspaceIndex {
  private readonly files = new Map<string, FileEntry>();
  /** Lists by kind, dropped when an object of the kind is added, removed, edited or moved (the others stay right). */
  private readonly byKind = new Map<string, K8sObject[]>();
  private readonly derivedCache = new Map<string, { readonly value: unknown; readonly deps: Dependencies }>();
  private readonly memos = new WeakMap<object, Map<string, { readonly value: unknown; readonly deps: Dependencies }>>();
  private readonly versions = new Map<Topic, number>();
  private clock = 0;
  /** The topics read by the computations being recorded, innermost last (undefined until one is read). */
  private readonly recorders: (Set<Topic> | undefined)[] = [];
  private untrackedDepth = 0;
  /** The chunks (and List items) of the files' current parses: an anchored span is valid while its chunk is here. */
  private readonly liveChunks = new WeakSet<Chunk | ListItem>();
  /** The object read from each List item, and where the item was then: a reused item's object is reused too. */
  private readonly objectsByItem = new WeakMap<ListItem, ItemObject>();
  /** Each file's objects by the chunk they were read from, so that a reused chunk's objects are reused too. */
  private readonly objectsByChunk = new Map<string, Map<Chunk, ChunkObjects>>();
  /** The patch files each kustomization lists, and how many kustomizations list each file. */
  private readonly patchesOf = new Map<string, readonly string[]>();
  private readonly listedAsPatch = new Map<string, number>();

  /** Adds or replaces a file; returns its entry (reused when the text did not change). */
  set(uri: string, text: string, version?: number): FileEntry {
    const old = this.files.get(uri);
    if (old && old.text === text) {
      if (old.version !== version) {
        const same = { ...old, version };
        this.files.set(uri, same);
        return same;
      }
      return old;
    }
    const parsed = parseFile(text, old?.parsed);
    const objects = this.objectsOf(uri, parsed);
    const entry: FileEntry = { uri, text, version, parsed, objects, fragments: this.fragmentsOf(uri, text, objects) };
    this.files.set(uri, entry);
    // The old chunks first: a List's items live on in the chunk of its next parse.
    if (old) {
      const kept = new Set(parsed.chunks ?? []);
      for (const c of old.parsed.chunks ?? []) {
        if (!kept.has(c)) {
          this.liveChunks.delete(c);
          c.items?.forEach((i) => this.liveChunks.delete(i));
        }
      }
    }
    for (const c of parsed.chunks ?? []) {
      if (!this.liveChunks.has(c)) {
        this.liveChunks.add(c);
        c.items?.forEach((i) => this.liveChunks.add(i));
      }
    }
    this.changed(uri, old?.objects ?? [], objects);
    if (isKustomization(uri)) {
      this.setPatches(uri, patchFiles(uri, parsed));
    }
    return this.files.get(uri) ?? entry;
  }

  remove(uri: string): boolean {
    const old = this.files.get(uri);
    if (!old) {
      return false;
    }
    this.files.delete(uri);
    this.objectsByChunk.delete(uri);
    for (const c of old.parsed.chunks ?? []) {
      this.liveChunks.delete(c);
      c.items?.forEach((i) => this.liveChunks.delete(i));
    }
    this.changed(uri, old.objects, []);
    if (isKustomization(uri)) {
      this.setPatches(uri, []);
    }
    return true;
  }

  get(uri: string): FileEntry | undefined {
    this.read(fileTopic(uri));
    return this.files.get(uri);
  }

  uris(): IterableIterator<string> {
    this.read(ALL);
    return this.files.keys();
  }

  /** All objects of a kind across the workspace, in file order. */
  ofKind(kind: string): readonly K8sObject[] {
    this.read(kindTopic(kind));
    this.read(placeTopic(kind));
    let list = this.byKind.get(kind);
    if (!list) {
      list = [];
      for (const f of this.files.values()) {
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

  /**
   * A lookup built from the whole workspace (e.g. Services by namespace), kept until what it read changes. `key` names
   * the lookup and everything it was built from besides the files, such as the default namespace.
   */
  derived<T>(key: string, build: (index: WorkspaceIndex) => T): T {
    const hit = this.derivedCache.get(key);
    if (hit && this.isCurrent(hit.deps)) {
      hit.deps.forEach(([t]) => this.read(t));
      return hit.value as T;
    }
    const { value, deps } = this.record(() => build(this));
    this.derivedCache.set(key, { value, deps });
    deps.forEach(([t]) => this.read(t));
    return value;
  }

  /**
   * A value computed from one object (`owner`, e.g. its YAML node) and the index, kept while what it read of the index
   * is unchanged; a computation using it depends on what it read. `key` names the value and its other inputs.
   */
  memo<T>(owner: object, key: string, compute: () => T): T {
    let byKey = this.memos.get(owner);
    const hit = byKey?.get(key);
    if (hit && this.isCurrent(hit.deps)) {
      hit.deps.forEach(([t]) => this.read(t));
      return hit.value as T;
    }
    const { value, deps } = this.record(compute);
    if (!byKey) {
      byKey = new Map();
      this.memos.set(owner, byKey);
    }
    byKey.set(key, { value, deps });
    deps.forEach(([t]) => this.read(t));
    return value;
  }

  /** All objects across the workspace. */
  *allObjects(): IterableIterator<K8sObject> {
    this.read(ALL);
    for (const f of this.files.values()) {
      for (const o of f.objects) {
        if (!f.fragments.has(o.node)) {
          yield o;
        }
      }
    }
  }

  /**
   * Runs `compute` and returns what it read of the index: the lookups above and `dependOn` record their topics.
   * Recordings nest: an inner one's topics count for the outer one too.
   */
  record<T>(compute: () => T): { value: T; deps: Dependencies } {
    const depth = this.recorders.length;
    this.recorders.push(undefined);
    const outerUntracked = this.untrackedDepth;
    this.untrackedDepth = 0;
    try {
      const value = compute();
      const topics = this.recorders[depth];
      return { value, deps: topics ? [...topics].map((t) => [t, this.versions.get(t) ?? 0] as const) : NO_DEPENDENCIES };
    } finally {
      this.untrackedDepth = outerUntracked;
      this.recorders.pop();
    }
  }

  /** True while no topic of `deps` changed since they were recorded. */
  isCurrent(deps: Dependencies): boolean {
    for (const [t, v] of deps) {
      if ((this.versions.get(t) ?? 0) !== v) {
        return false;
      }
    }
    return true;
  }

  /**
   * True while no topic of `deps` changed except where objects are (`placeTopic`): for results whose positions are
   * pinned to chunks or follow the files they point into, which a move leaves right. Without this, an edit near the
   * top of a big file would count as a change of every kind below it.
   */
  isCurrentApartFromMoves(deps: Dependencies): boolean {
    for (const [t, v] of deps) {
      if ((this.versions.get(t) ?? 0) !== v && !t.startsWith(PLACE)) {
        return false;
      }
    }
    return true;
  }

  /** Declares what a computation read when the lookups it used know better than the index (see `untracked`). */
  dependOn(topic: Topic): void {
    this.read(topic);
  }

  /**
   * Runs `compute` without recording the topics it reads: for a lookup whose answer the caller then narrows and
   * declares precisely with `dependOn` (e.g. the Services selecting one workload's labels, not all Services).
   */
  untracked<T>(compute: () => T): T {
    this.untrackedDepth++;
    try {
      return compute();
    } finally {
      this.untrackedDepth--;
    }
  }

  /** Pins a span of a file to the chunk holding it; undefined when the file has no chunks or the span crosses two. */
  anchor(uri: string, span: Span): AnchoredSpan | undefined {
    const chunks = this.files.get(uri)?.parsed.chunks;
    if (!chunks || chunks.length === 0) {
      return undefined;
    }
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((chunks[mid]?.start ?? 0) <= span.start) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    const chunk = chunks[lo];
    if (!chunk || span.start < chunk.start || span.end > chunk.start + chunk.text.length || span.end < span.start) {
      return undefined;
    }
    const item = chunk.items ? itemHolding(chunk.items, span) : undefined;
    const at = item ?? chunk;
    return { chunk: at, start: span.start - at.start, end: span.end - at.start };
  }

  /** The span an anchored span stands for now, or undefined when its chunk was edited or its file removed. */
  resolve(a: AnchoredSpan): Span | undefined {
    return this.liveChunks.has(a.chunk) ? { start: a.chunk.start + a.start, end: a.chunk.start + a.end } : undefined;
  }

  /** The objects of a file that are kustomize patches (see `FileEntry.fragments`). */
  private fragmentsOf(uri: string, text: string, objects: readonly K8sObject[]): ReadonlySet<YAMLMap> {
    const listed = (this.listedAsPatch.get(uri) ?? 0) > 0;
    if (!listed && !text.includes('$patch')) {
      return NO_FRAGMENTS;
    }
    const out = new Set<YAMLMap>();
    for (const o of objects) {
      if (listed || hasPatchDirective(o.node)) {
        out.add(o.node);
      }
    }
    return out.size > 0 ? out : NO_FRAGMENTS;
  }

  /** Records the patch files a kustomization lists; files that become or stop being patches are read again as such. */
  private setPatches(kustomization: string, patches: readonly string[]): void {
    const before = this.patchesOf.get(kustomization) ?? [];
    if (before.length === patches.length && before.every((p, i) => p === patches[i])) {
      return;
    }
    const listed = (u: string): boolean => (this.listedAsPatch.get(u) ?? 0) > 0;
    const touched = new Set([...before, ...patches]);
    const was = new Map([...touched].map((u) => [u, listed(u)] as const));
    for (const u of before) {
      this.listedAsPatch.set(u, (this.listedAsPatch.get(u) ?? 1) - 1);
    }
    for (const u of patches) {
      this.listedAsPatch.set(u, (this.listedAsPatch.get(u) ?? 0) + 1);
    }
    if (patches.length > 0) {
      this.patchesOf.set(kustomization, patches);
    } else {
      this.patchesOf.delete(kustomization);
    }
    for (const u of touched) {
      if (!listed(u)) {
        this.listedAsPatch.delete(u);
      }
      if (was.get(u) !== listed(u)) {
        this.refragment(u);
      }
    }
  }

  /** A file became, or stopped being, a patch: its objects leave or join the workspace's lookups. */
  private refragment(uri: string): void {
    const old = this.files.get(uri);
    if (!old) {
      return;
    }
    const fragments = this.fragmentsOf(uri, old.text, old.objects);
    this.files.set(uri, { ...old, fragments });
    this.bump(fileTopic(uri));
    this.bump(ALL);
    const kinds = new Set<string>();
    for (const o of old.objects) {
      if (old.fragments.has(o.node) !== fragments.has(o.node)) {
        this.touchContent(o);
        kinds.add(o.kind);
      }
    }
    kinds.forEach((k) => {
      this.bump(kindTopic(k));
      this.byKind.delete(k);
    });
  }

  /** The objects of a parse; those of chunks the parse reused are carried over (moved) instead of read again. */
  private objectsOf(uri: string, parsed: ParsedFile): K8sObject[] {
    const objects: K8sObject[] = [];
    const before = this.objectsByChunk.get(uri);
    const byChunk = new Map<Chunk, ChunkObjects>();
    let docIndex = 0;
    for (const chunk of parsed.chunks ?? []) {
      const prev = before?.get(chunk);
      let list: K8sObject[];
      if (prev && prev.start === chunk.start && prev.docIndex === docIndex) {
        list = prev.objects;
      } else if (prev) {
        const delta = chunk.start - prev.start;
        const docDelta = docIndex - prev.docIndex;
        list = prev.objects.map((o) => ({
          ...o,
          docIndex: o.docIndex + docDelta,
          anchor: { start: o.anchor.start + delta, end: o.anchor.end + delta },
        }));
      } else {
        list = (chunk.items && this.objectsOfItems(uri, docIndex, chunk, chunk.items)) ?? [];
        if (!chunk.items || list.length === 0) {
          list = [];
          chunk.docs.forEach((d, i) => list.push(...objectsOfDocument(uri, docIndex + i, d.contents)));
        }
      }
      byChunk.set(chunk, { start: chunk.start, docIndex, objects: list });
      objects.push(...list);
      docIndex += chunk.docs.length;
    }
    if (!parsed.chunks) {
      parsed.docs.forEach((d, i) => objects.push(...objectsOfDocument(uri, i, d.contents)));
    }
    this.objectsByChunk.set(uri, byChunk);
    return objects;
  }

  /**
   * The objects of a List document read item by item: those of items the parse reused are carried over (moved when
   * the item or the document moved). Undefined when the document is not a List of objects (read it whole then).
   */
  private objectsOfItems(uri: string, docIndex: number, chunk: Chunk, items: readonly ListItem[]): K8sObject[] | undefined {
    const root = chunk.docs[0]?.contents;
    const kind = scalarString(nodeAt(root, ['kind']));
    if (chunk.docs.length !== 1 || !stringAt(root, ['apiVersion']) || !kind || !(kind === 'List' || kind.endsWith('List'))) {
      return undefined;
    }
    const out: K8sObject[] = [];
    for (const [itemIndex, item] of items.entries()) {
      const known = this.objectsByItem.get(item);
      let object: K8sObject | undefined;
      if (known && known.start === item.start && known.docIndex === docIndex && known.itemIndex === itemIndex) {
        object = known.object;
      } else if (known) {
        const delta = item.start - known.start;
        object = known.object && {
          ...known.object,
          docIndex,
          itemIndex,
          anchor: { start: known.object.anchor.start + delta, end: known.object.anchor.end + delta },
        };
      } else {
        const itemKind = scalarString(nodeAt(item.node, ['kind']));
        if (itemKind !== undefined && itemKind.endsWith('List')) {
          return undefined; // a List in a List is an object of its own, which objectsOfDocument reads as such
        }
        const read = objectsOfDocument(uri, docIndex, item.node)[0];
        object = read && { ...read, itemIndex };
      }
      this.objectsByItem.set(item, { start: item.start, docIndex, itemIndex, object });
      if (object) {
        out.push(object);
      }
    }
    return out;
  }

  private read(topic: Topic): void {
    const top = this.recorders.length - 1;
    if (this.untrackedDepth === 0 && top >= 0) {
      let topics = this.recorders[top];
      if (!topics) {
        topics = new Set();
        this.recorders[top] = topics;
      }
      topics.add(topic);
    }
  }

  private bump(topic: Topic): void {
    this.versions.set(topic, ++this.clock);
  }

  /**
   * Moves the versions of what a file's change touched: the kinds of objects that are new, gone or in another order
   * (an unchanged document keeps its node), and, apart, the kinds of those that only moved.
   */
  private changed(uri: string, before: readonly K8sObject[], after: readonly K8sObject[]): void {
    this.bump(fileTopic(uri));
    this.bump(ALL);
    const was = new Map<YAMLMap, { readonly object: K8sObject; readonly at: number }>(
      before.map((object, at) => [object.node, { object, at }]),
    );
    const is = new Set<YAMLMap>(after.map((o) => o.node));
    const content = new Set<string>();
    const moved = new Set<string>();
    // Per kind, where the last object kept from before was: one found earlier than that means a new order, which
    // rules read ("the one defined first counts").
    const lastKept = new Map<string, number>();
    for (const o of after) {
      const prev = was.get(o.node);
      if (!prev) {
        this.touchContent(o);
        content.add(o.kind);
        continue;
      }
      if (prev.object !== o) {
        moved.add(o.kind); // a copy with new positions: lists and lookups holding the old are stale
      }
      if (prev.at < (lastKept.get(o.kind) ?? -1)) {
        content.add(o.kind);
      }
      lastKept.set(o.kind, prev.at);
    }
    for (const o of before) {
      if (!is.has(o.node)) {
        this.touchContent(o);
        content.add(o.kind);
      }
    }
    content.forEach((k) => {
      this.bump(kindTopic(k));
      this.byKind.delete(k);
    });
    moved.forEach((k) => {
      if (!content.has(k)) {
        this.bump(placeTopic(k));
        this.byKind.delete(k);
      }
    });
  }

  /** The fine topics of an object whose content is new or gone. */
  private touchContent(o: K8sObject): void {
    if (o.kind === 'Service') {
      for (const [k, v] of Object.entries(stringRecord(mapAt(o.node, ['spec', 'selector'])) ?? {})) {
        this.bump(selectorTopic(k, v));
      }
    } else if (WORKLOAD_KINDS.includes(o.kind)) {
      for (const [k, v] of Object.entries(podTemplate(o)?.labels ?? {})) {
        this.bump(podLabelTopic(k, v));
      }
    }
  }
}

/** The object read from a List item (none when it is not one), and where the item and its document were then. */
interface ItemObject {
  readonly start: number;
  readonly docIndex: number;
  readonly itemIndex: number;
  readonly object: K8sObject | undefined;
}

/** The item holding a span, if one does. */
function itemHolding(items: readonly ListItem[], span: Span): ListItem | undefined {
  let lo = 0;
  let hi = items.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((items[mid]?.start ?? 0) <= span.start) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  const item = items[lo];
  return item && span.start >= item.start && span.end <= item.start + item.text.length ? item : undefined;
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
