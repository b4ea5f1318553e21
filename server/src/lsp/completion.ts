import type { CompletionItem, CompletionList, CompletionParams } from 'vscode-languageserver/node';
import { CompletionItemKind, CompletionItemTag, MarkupKind } from 'vscode-languageserver/node';
import type { CompletionEntry } from '../core/editorHelp/completion';
import { completionsAt } from '../core/editorHelp/completion';
import type { LspContext } from './context';
import { toOffset, toRange } from './convert';

/** Characters that open completion: after `key:` and a space (values), quotes, and inside annotation names. */
export const COMPLETION_TRIGGERS = [':', ' ', '"', "'", '/', '.'];

const KIND: Readonly<Record<CompletionEntry['kind'], CompletionItemKind>> = {
  annotation: CompletionItemKind.Property,
  label: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  protocol: CompletionItemKind.EnumMember,
};

/** Completion of Istio annotation and label keys and values, and of Service port-name protocols. */
export async function completion(ctx: LspContext, params: CompletionParams): Promise<CompletionList | null> {
  const uri = params.textDocument.uri;
  const doc = ctx.textDocument(uri);
  const entry = ctx.service.index.get(uri);
  if (!doc || !entry || entry.text !== doc.getText()) {
    return null;
  }
  const settings = await ctx.settings.get(uri);
  if (!settings.enable) {
    return null;
  }
  const entries = completionsAt(entry, toOffset(doc, params.position), ctx.service.resolveProfile(settings, uri));
  const items = entries.map((e): CompletionItem => {
    const item: CompletionItem = {
      label: e.label,
      kind: KIND[e.kind],
      textEdit: { range: toRange(doc, e.span), newText: e.insertText },
    };
    if (e.detail) {
      item.detail = e.detail;
    }
    if (e.documentation) {
      item.documentation = { kind: MarkupKind.Markdown, value: e.documentation };
    }
    if (e.filterText) {
      item.filterText = e.filterText;
    }
    if (e.sortText) {
      item.sortText = e.sortText;
    }
    if (e.deprecated) {
      item.tags = [CompletionItemTag.Deprecated];
    }
    if (e.retrigger) {
      item.command = { title: 'Suggest values', command: 'editor.action.triggerSuggest' };
    }
    return item;
  });
  return { isIncomplete: false, items };
}
