import type { FileEntry } from '../index/workspaceIndex';
import { effectiveNamespace } from '../index/workspaceIndex';
import { MESH_GATEWAY } from '../model/istioHost';
import type { CompletionEntry } from './completion';
import type { CursorContext } from './context';
import { describeGateway, describeHost, describeSubset } from './istioDescribe';
import type { IstioSpot } from './istioSpot';
import { istioSpotTyped } from './istioSpot';
import type { IstioWorkspace } from './istioTargets';
import { allGateways, hostChoices, readerNamespace, resolveHost, subsetsForHost } from './istioTargets';

/**
 * Completion of the references of VirtualServices and DestinationRules: hosts, subsets, gateways and destination
 * ports, from the workspace as Istio would resolve them from the object being edited.
 */
export function istioCompletions(entry: FileEntry, offset: number, ctx: CursorContext, ws: IstioWorkspace): CompletionEntry[] | undefined {
  const spot = istioSpotTyped(entry, offset, ctx);
  if (!spot) {
    return undefined;
  }
  switch (spot.field) {
    case 'vs-host':
    case 'destination-host':
    case 'mirror-host':
    case 'dr-host':
      return hostCompletions(entry, spot, ws);
    case 'subset':
      return subsetCompletions(spot, ws);
    case 'gateway':
      return gatewayCompletions(spot, ws);
    case 'port':
      return portCompletions(spot, ws);
    case 'dr-subset':
      return [];
  }
}

/** Quotes kept when the user opened one: the replaced text starts with it. */
function insertion(spot: IstioSpot, entry: FileEntry, text: string): { insertText: string; filterText?: string } {
  const q = entry.text.charAt(spot.span.start);
  return q === '"' || q === "'" ? { insertText: `${q}${text}${q}`, filterText: `${q}${text}` } : { insertText: text };
}

function hostCompletions(entry: FileEntry, spot: IstioSpot, ws: IstioWorkspace): CompletionEntry[] {
  return hostChoices(ws, spot.object).map((h, i) => {
    const decl = h.target.object;
    const ns = effectiveNamespace(decl, ws.defaultNamespace);
    return {
      label: h.text,
      kind: 'host' as const,
      detail: `${decl.kind} ${ns}/${decl.name}`,
      documentation: describeHost(h.target, ws),
      ...insertion(spot, entry, h.text),
      span: spot.span,
      // Short names first, then FQDNs, each in workspace order.
      sortText: `${h.text.includes('.') ? 1 : 0}${String(i).padStart(4, '0')}`,
    };
  });
}

function subsetCompletions(spot: IstioSpot, ws: IstioWorkspace): CompletionEntry[] {
  const target = resolveHost(ws, spot.object, spot.host);
  const seen = new Set<string>();
  const out: CompletionEntry[] = [];
  for (const s of subsetsForHost(ws, spot.object, spot.host)) {
    if (seen.has(s.subset.name)) {
      continue;
    }
    seen.add(s.subset.name);
    out.push({
      label: s.subset.name,
      kind: 'subset',
      detail: `subset of DestinationRule ${effectiveNamespace(s.rule, ws.defaultNamespace)}/${s.rule.name}`,
      documentation: describeSubset(s, target, ws),
      insertText: s.subset.name,
      span: spot.span,
      sortText: String(out.length).padStart(4, '0'),
    });
  }
  return out;
}

function gatewayCompletions(spot: IstioSpot, ws: IstioWorkspace): CompletionEntry[] {
  const ns = readerNamespace(ws, spot.object);
  const out: CompletionEntry[] = [
    {
      label: MESH_GATEWAY,
      kind: 'gateway',
      detail: 'the sidecars of the mesh',
      documentation: describeGateway(undefined, ws),
      insertText: MESH_GATEWAY,
      span: spot.span,
      sortText: '2',
    },
  ];
  for (const [key, gw] of allGateways(ws)) {
    const gwNs = key.slice(0, key.indexOf('/'));
    const texts = gwNs === ns ? [gw.name, key] : [key];
    for (const text of texts) {
      out.push({
        label: text,
        kind: 'gateway',
        detail: `Gateway ${key}`,
        documentation: describeGateway(gw, ws),
        insertText: text,
        span: spot.span,
        sortText: `${text.includes('/') ? 1 : 0}${text}`,
      });
    }
  }
  return out;
}

function portCompletions(spot: IstioSpot, ws: IstioWorkspace): CompletionEntry[] {
  const target = resolveHost(ws, spot.object, spot.host);
  if (!target) {
    return [];
  }
  return target.ports.map((p, i) => ({
    label: String(p.number),
    kind: 'port' as const,
    detail: `${p.name ? `${p.name} — ` : ''}port of ${target.object.kind} ${target.object.name}`,
    insertText: String(p.number),
    span: spot.span,
    sortText: String(i).padStart(4, '0'),
  }));
}
