import type { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileEntry } from '../core/index/workspaceIndex';
import type { ReusedDoc } from '../core/inject/index';
import type { MeshService } from '../core/service';
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

  constructor(
    readonly service: MeshService,
    readonly documents: TextDocuments<TextDocument>,
    readonly settings: SettingsCache,
  ) {}

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
