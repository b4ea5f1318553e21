import type { YAMLMap } from 'yaml';
import type { K8sObject } from '../model/k8sObject';
import { nodeAt, objectsOfDocument, scalarString, stringAt } from '../model/k8sObject';
import type { ListItem } from '../yaml/listItems';
import type { Chunk, ParsedFile } from '../yaml/parse';
import { parseFile } from '../yaml/parse';
import { hasPatchDirective } from './kustomize';

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

/** A file's entry before and after a change that kept its text (it became, or stopped being, a kustomize patch). */
export interface Refragmented {
  readonly before: FileEntry;
  readonly after: FileEntry;
}

const NO_FRAGMENTS: ReadonlySet<YAMLMap> = new Set();

/** The objects read from one chunk, where the chunk and its first document were at the time. */
interface ChunkObjects {
  readonly start: number;
  readonly docIndex: number;
  readonly objects: K8sObject[];
}

/**
 * The object read from a List item (none when it is not one), and where the item and its document were then; updated
 * in place when the item moves (one per item of a big List: a new record per edit would be 70,000).
 */
interface ItemObject {
  start: number;
  docIndex: number;
  itemIndex: number;
  object: K8sObject | undefined;
}

/**
 * The workspace's files: text, parse and objects by URI. A file set again is parsed reusing its previous parse, and
 * the objects of the chunks and List items that parse reused are carried over (moved) instead of read again, so an
 * object that neither changed nor moved stays the same object. Knows nothing of who reads the files (the index).
 */
export class FileStore {
  private readonly files = new Map<string, FileEntry>();
  /** The object read from each List item, and where the item was then: a reused item's object is reused too. */
  private readonly objectsByItem = new WeakMap<ListItem, ItemObject>();
  /**
   * The objects read from each chunk, so that a reused chunk's objects are reused too. By the chunk alone (a parse
   * reuses only chunks of the same file's previous parse), not in a map per file: a chunk's record goes with it.
   */
  private readonly objectsByChunk = new WeakMap<Chunk, ChunkObjects>();
  /** The patch files each kustomization lists, and how many kustomizations list each file. */
  private readonly patchesOf = new Map<string, readonly string[]>();
  private readonly listedAsPatch = new Map<string, number>();

  get(uri: string): FileEntry | undefined {
    return this.files.get(uri);
  }

  uris(): IterableIterator<string> {
    return this.files.keys();
  }

  entries(): IterableIterator<FileEntry> {
    return this.files.values();
  }

  /**
   * Stores a file's text, parsed; `parsed` is false when the text is the one stored (the entry is reused, with the new
   * version).
   */
  set(uri: string, text: string, version?: number): { readonly before: FileEntry | undefined; readonly entry: FileEntry; readonly parsed: boolean } {
    const before = this.files.get(uri);
    if (before && before.text === text) {
      const entry = before.version === version ? before : { ...before, version };
      this.files.set(uri, entry);
      return { before, entry, parsed: false };
    }
    const parsed = parseFile(text, before?.parsed);
    const objects = this.objectsOf(uri, parsed);
    const entry: FileEntry = { uri, text, version, parsed, objects, fragments: this.fragmentsOf(uri, text, objects) };
    this.files.set(uri, entry);
    return { before, entry, parsed: true };
  }

  /** Forgets a file; returns what it held. */
  remove(uri: string): FileEntry | undefined {
    const before = this.files.get(uri);
    this.files.delete(uri);
    return before;
  }

  /**
   * Records the patch files a kustomization lists (none when it is gone); returns the stored files that became or
   * stopped being patches, read again as such.
   */
  setPatches(kustomization: string, patches: readonly string[]): readonly Refragmented[] {
    const before = this.patchesOf.get(kustomization) ?? [];
    if (before.length === patches.length && before.every((p, i) => p === patches[i])) {
      return [];
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
    const out: Refragmented[] = [];
    for (const u of touched) {
      if (!listed(u)) {
        this.listedAsPatch.delete(u);
      }
      const old = this.files.get(u);
      if (was.get(u) !== listed(u) && old) {
        const after = { ...old, fragments: this.fragmentsOf(u, old.text, old.objects) };
        this.files.set(u, after);
        out.push({ before: old, after });
      }
    }
    return out;
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

  /** The objects of a parse; those of chunks the parse reused are carried over (moved) instead of read again. */
  private objectsOf(uri: string, parsed: ParsedFile): readonly K8sObject[] {
    const objects: K8sObject[] = [];
    let docIndex = 0;
    for (const chunk of parsed.chunks ?? []) {
      const prev = this.objectsByChunk.get(chunk);
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
      if (!prev || prev.start !== chunk.start || prev.docIndex !== docIndex) {
        this.objectsByChunk.set(chunk, { start: chunk.start, docIndex, objects: list });
      }
      if (parsed.chunks?.length === 1) {
        return list; // most files: one chunk, whose list is the file's (neither is changed once made)
      }
      objects.push(...list);
      docIndex += chunk.docs.length;
    }
    if (!parsed.chunks) {
      parsed.docs.forEach((d, i) => objects.push(...objectsOfDocument(uri, i, d.contents)));
    }
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
      if (known) {
        if (known.start !== item.start || known.docIndex !== docIndex || known.itemIndex !== itemIndex) {
          const delta = item.start - known.start;
          known.object = known.object && movedObject(known.object, docIndex, itemIndex, delta);
          known.start = item.start;
          known.docIndex = docIndex;
          known.itemIndex = itemIndex;
        }
        if (known.object) {
          out.push(known.object);
        }
        continue;
      }
      const itemKind = scalarString(nodeAt(item.node, ['kind']));
      if (itemKind !== undefined && itemKind.endsWith('List')) {
        return undefined; // a List in a List is an object of its own, which objectsOfDocument reads as such
      }
      const read = objectsOfDocument(uri, docIndex, item.node)[0];
      const object = read && { ...read, itemIndex };
      this.objectsByItem.set(item, { start: item.start, docIndex, itemIndex, object });
      if (object) {
        out.push(object);
      }
    }
    return out;
  }
}

/**
 * A copy of an object at a new place, written out field by field (every field of `K8sObject`: one added there is
 * added here; test/unit/core/parseListItems.test.ts compares the copies with a fresh read). A spread, made for each
 * of the 35,000 items below an edit halfway down a 10 MB List, measured ≈ 10 ms slower per edit.
 */
function movedObject(o: K8sObject, docIndex: number, itemIndex: number, delta: number): K8sObject {
  return {
    uri: o.uri,
    docIndex,
    itemIndex,
    node: o.node,
    apiVersion: o.apiVersion,
    kind: o.kind,
    name: o.name,
    namespace: o.namespace,
    anchor: { start: o.anchor.start + delta, end: o.anchor.end + delta },
  };
}
