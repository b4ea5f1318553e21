import type { Hover, HoverParams } from 'vscode-languageserver/node';
import { MarkupKind } from 'vscode-languageserver/node';
import { hoverAt } from '../core/editorHelp/hover';
import type { LspContext } from './context';
import { toRange } from './convert';
import { positionRequest } from './positionRequest';

/**
 * Hover for Istio annotations and labels (what they do, where they belong, their values), Service port names, and what
 * the hosts, subsets and gateways of VirtualServices and DestinationRules resolve to.
 */
export async function hover(ctx: LspContext, params: HoverParams): Promise<Hover | null> {
  const at = await positionRequest(ctx, params);
  if (!at) {
    return null;
  }
  const result = hoverAt(at.entry, at.offset, at.profile, { index: ctx.service.index, defaultNamespace: at.settings.defaultNamespace });
  return result ? { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: toRange(at.doc, result.span) } : null;
}
