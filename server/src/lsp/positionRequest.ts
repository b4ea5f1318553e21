import type { TextDocumentPositionParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileEntry } from '../core/index/workspaceIndex';
import type { CoreSettings, Profile } from '../core/settings';
import type { LspContext } from './context';
import { toOffset } from './convert';

/** What a request at a position in a file (hover, completion) is answered from. */
export interface PositionRequest {
  readonly doc: TextDocument;
  readonly entry: FileEntry;
  readonly offset: number;
  readonly profile: Profile;
  readonly settings: CoreSettings;
}

/**
 * The document, its index entry, the offset and the profile for a request at a position; undefined when there is
 * nothing to answer: the file is unknown, the extension is disabled for it, or the index is behind the editor.
 */
export async function positionRequest(ctx: LspContext, params: TextDocumentPositionParams): Promise<PositionRequest | undefined> {
  const uri = params.textDocument.uri;
  const doc = ctx.textDocument(uri);
  const entry = ctx.service.index.get(uri);
  // The index follows every edit; a text that differs means an edit is on its way: answer the next request.
  if (!doc || !entry || entry.text !== doc.getText()) {
    return undefined;
  }
  const settings = await ctx.settings.get(uri);
  if (!settings.enable) {
    return undefined;
  }
  return { doc, entry, offset: toOffset(doc, params.position), profile: ctx.service.resolveProfile(settings, uri), settings };
}
