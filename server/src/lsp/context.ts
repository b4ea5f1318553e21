import type { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { MeshService } from '../core/service';
import type { SettingsCache } from './settings';

/** What the request handlers share: the core service, open documents and settings. */
export class LspContext {
  constructor(
    readonly service: MeshService,
    readonly documents: TextDocuments<TextDocument>,
    readonly settings: SettingsCache,
  ) {}

  /** The open editor's document, else one built from the text the index holds (a file on disk). */
  textDocument(uri: string): TextDocument | undefined {
    const open = this.documents.get(uri);
    if (open) {
      return open;
    }
    const entry = this.service.index.get(uri);
    return entry ? TextDocument.create(uri, 'yaml', entry.version ?? 0, entry.text) : undefined;
  }
}
