import type { CompletionItem, CompletionList, CompletionParams } from 'vscode-languageserver/node';
import { CompletionItemKind, CompletionItemTag, MarkupKind } from 'vscode-languageserver/node';
import type { CompletionEntry } from '../core/editorHelp/completion';
import { completionsAt } from '../core/editorHelp/completion';
import type { LspContext } from './context';
import { toRange } from './convert';
import { positionRequest } from './positionRequest';

/** Characters that open completion: after `key:` and a space (values), quotes, and inside annotation names. */
export const COMPLETION_TRIGGERS = [':', ' ', '"', "'", '/', '.'];

const KIND: Readonly<Record<CompletionEntry['kind'], CompletionItemKind>> = {
  annotation: CompletionItemKind.Property,
  label: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  protocol: CompletionItemKind.EnumMember,
  host: CompletionItemKind.Reference,
  subset: CompletionItemKind.EnumMember,
  gateway: CompletionItemKind.Reference,
  port: CompletionItemKind.Value,
};

/**
 * Completion of Istio annotation and label keys and values, of Service port-name protocols, and of the hosts, subsets,
 * gateways and ports of VirtualServices and DestinationRules.
 */
export async function completion(ctx: LspContext, params: CompletionParams): Promise<CompletionList | null> {
  const at = await positionRequest(ctx, params);
  if (!at) {
    return null;
  }
  const { doc } = at;
  const entries = completionsAt(at.entry, at.offset, at.profile, { index: ctx.service.index, defaultNamespace: at.settings.defaultNamespace });
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
