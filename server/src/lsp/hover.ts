import type { Hover, HoverParams } from 'vscode-languageserver/node';
import { MarkupKind } from 'vscode-languageserver/node';
import { hoverAt } from '../core/editorHelp/hover';
import type { LspContext } from './context';
import { toOffset, toRange } from './convert';

/** Hover for Istio annotations and labels (what they do, where they belong, their values) and Service port names. */
export async function hover(ctx: LspContext, params: HoverParams): Promise<Hover | null> {
  const uri = params.textDocument.uri;
  const doc = ctx.textDocument(uri);
  const entry = ctx.service.index.get(uri);
  // The index follows every edit; a text that differs means an edit is on its way: answer the next request.
  if (!doc || !entry || entry.text !== doc.getText()) {
    return null;
  }
  const settings = await ctx.settings.get(uri);
  if (!settings.enable) {
    return null;
  }
  const result = hoverAt(entry, toOffset(doc, params.position), ctx.service.resolveProfile(settings, uri));
  return result ? { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: toRange(doc, result.span) } : null;
}
