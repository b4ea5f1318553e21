import type { DefinitionParams, Location } from 'vscode-languageserver/node';
import { istioDefinitionAt } from '../core/editorHelp/istioDefinition';
import type { LspContext } from './context';
import { toRange } from './convert';
import { positionRequest } from './positionRequest';

/** Go to definition from a VirtualService or DestinationRule reference to its Service, ServiceEntry, subset or Gateway. */
export async function definition(ctx: LspContext, params: DefinitionParams): Promise<Location[] | null> {
  const at = await positionRequest(ctx, params);
  if (!at) {
    return null;
  }
  const targets = istioDefinitionAt(at.entry, at.offset, { index: ctx.service.index, defaultNamespace: at.settings.defaultNamespace });
  const out: Location[] = [];
  for (const t of targets) {
    const doc = ctx.textDocument(t.uri);
    if (doc) {
      out.push({ uri: t.uri, range: toRange(doc, t.span) });
    }
  }
  return out.length > 0 ? out : null;
}
