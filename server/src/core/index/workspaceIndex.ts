import type { K8sObject } from '../model/k8sObject';
import { objectsOfDocument } from '../model/k8sObject';
import type { ParsedFile } from '../yaml/parse';
import { parseFile } from '../yaml/parse';

/** What the index holds for one file. */
export interface FileEntry {
  readonly uri: string;
  readonly text: string;
  readonly version: number | undefined;
  readonly parsed: ParsedFile;
  readonly objects: readonly K8sObject[];
}

/** Every Kubernetes object of the workspace, by file, with lookups by kind and namespace. */
export class WorkspaceIndex {
  private readonly files = new Map<string, FileEntry>();
  private byKindCache: Map<string, K8sObject[]> | undefined;
  private readonly derivedCache = new Map<string, unknown>();

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
    const objects: K8sObject[] = [];
    parsed.docs.forEach((d, i) => objects.push(...objectsOfDocument(uri, i, d.doc.contents)));
    const entry: FileEntry = { uri, text, version, parsed, objects };
    this.files.set(uri, entry);
    this.byKindCache = undefined;
    this.derivedCache.clear();
    return entry;
  }

  remove(uri: string): boolean {
    const had = this.files.delete(uri);
    if (had) {
      this.byKindCache = undefined;
      this.derivedCache.clear();
    }
    return had;
  }

  get(uri: string): FileEntry | undefined {
    return this.files.get(uri);
  }

  uris(): IterableIterator<string> {
    return this.files.keys();
  }

  /** All objects of a kind across the workspace. */
  ofKind(kind: string): readonly K8sObject[] {
    if (!this.byKindCache) {
      const m = new Map<string, K8sObject[]>();
      for (const f of this.files.values()) {
        for (const o of f.objects) {
          let list = m.get(o.kind);
          if (!list) {
            list = [];
            m.set(o.kind, list);
          }
          list.push(o);
        }
      }
      this.byKindCache = m;
    }
    return this.byKindCache.get(kind) ?? [];
  }

  /**
   * A lookup built from the whole workspace (e.g. Services by namespace), kept until a file changes. `key` names the
   * lookup and everything it was built from besides the files, such as the default namespace.
   */
  derived<T>(key: string, build: (index: WorkspaceIndex) => T): T {
    if (this.derivedCache.has(key)) {
      return this.derivedCache.get(key) as T;
    }
    const value = build(this);
    this.derivedCache.set(key, value);
    return value;
  }

  /** All objects across the workspace. */
  *allObjects(): IterableIterator<K8sObject> {
    for (const f of this.files.values()) {
      yield* f.objects;
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
