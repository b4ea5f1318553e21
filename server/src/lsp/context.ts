import type { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileEntry } from '../core/index/workspaceIndex';
import type { ReusedDoc } from '../core/inject/index';
import { readClusterInjector, type ClusterInjector } from '../core/injectionInputs';
import type { MeshService } from '../core/service';
import type { ClusterInjectorParams } from '../protocol';
import type { SettingsCache } from './settings';

/** What the request handlers share: the core service, open documents and settings. */
export class LspContext {
  /**
   * Documents built for files that are not open, one per index entry: a diagnostic's related locations in another
   * file would otherwise build it (and its line table, O(file size)) once per location.
   */
  private readonly onDisk = new WeakMap<FileEntry, TextDocument>();

  /** The documents of the last answer of each injection preview (by file, whole or one document), for reuse. */
  readonly previews = new Map<string, { readonly key: string; readonly docs: ReadonlyMap<string, ReusedDoc> }>();

  /** The cluster's injector ConfigMap as the client sent it, and what was read of it per `env` setting. */
  private cluster: { readonly params: NonNullable<ClusterInjectorParams>; readonly read: Map<string, ClusterInjector | string> } | undefined;

  constructor(
    readonly service: MeshService,
    readonly documents: TextDocuments<TextDocument>,
    readonly settings: SettingsCache,
  ) {}

  setClusterInjector(params: ClusterInjectorParams): void {
    this.cluster = params ? { params, read: new Map() } : undefined;
    this.previews.clear();
  }

  /**
   * The cluster's injector of a revision ("" or "default" for the default one), read once per revision and `env`
   * (templates are parsed once); undefined, or why it is not usable.
   */
  clusterInjector(env: Readonly<Record<string, string>> = {}, revision = ''): ClusterInjector | string | undefined {
    if (!this.cluster) {
      return undefined;
    }
    const p = this.cluster.params;
    const rev = revision === 'default' ? '' : revision;
    const data = rev === '' ? p : p.revisions?.[rev];
    if (!data || data.config.trim() === '') {
      return undefined;
    }
    const key = JSON.stringify([rev, env]);
    let r = this.cluster.read.get(key);
    if (r === undefined) {
      r = readClusterInjector(data.origin, data.config, data.values, env);
      this.cluster.read.set(key, r);
    }
    return r;
  }

  /** Drops what is kept for a file that was closed. */
  forget(uri: string): void {
    for (const slot of this.previews.keys()) {
      if (slot.startsWith(`${uri}\u0000`)) {
        this.previews.delete(slot);
      }
    }
  }

  /** The open editor's document, else one built from the text the index holds (a file on disk). */
  textDocument(uri: string): TextDocument | undefined {
    const open = this.documents.get(uri);
    if (open) {
      return open;
    }
    const entry = this.service.index.get(uri);
    if (!entry) {
      return undefined;
    }
    let doc = this.onDisk.get(entry);
    if (!doc) {
      doc = TextDocument.create(uri, 'yaml', entry.version ?? 0, entry.text);
      this.onDisk.set(entry, doc);
    }
    return doc;
  }
}
