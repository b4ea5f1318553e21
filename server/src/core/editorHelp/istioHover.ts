import type { FileEntry } from '../index/workspaceIndex';
import { MESH_GATEWAY } from '../model/istioHost';
import { stringAt } from '../model/k8sObject';
import { subsetsOf } from '../model/istioNetworking';
import type { HoverResult } from './hover';
import { describeGateway, describeHost, describeSubset, describeUnknownHost } from './istioDescribe';
import { istioSpotAt } from './istioSpot';
import type { IstioWorkspace } from './istioTargets';
import { readerNamespace, resolveGateway, resolveHost, subsetsForHost } from './istioTargets';

/**
 * Hover over a reference of a VirtualService or DestinationRule: a host shows its Service or ServiceEntry, a subset
 * its labels and pods, a gateway its Gateway; undefined elsewhere.
 */
export function istioHoverAt(entry: FileEntry, offset: number, ws: IstioWorkspace): HoverResult | undefined {
  const spot = istioSpotAt(entry, offset);
  if (!spot) {
    return undefined;
  }
  const span = spot.span;
  switch (spot.field) {
    case 'vs-host':
    case 'destination-host':
    case 'mirror-host':
    case 'dr-host': {
      const target = resolveHost(ws, spot.object, spot.value);
      return { markdown: target ? describeHost(target, ws) : describeUnknownHost(spot.value, readerNamespace(ws, spot.object)), span };
    }
    case 'subset': {
      const target = resolveHost(ws, spot.object, spot.host);
      const found = subsetsForHost(ws, spot.object, spot.host).filter((s) => s.subset.name === spot.value);
      return found.length > 0
        ? { markdown: found.map((s) => describeSubset(s, target, ws)).join('\n\n---\n\n'), span }
        : { markdown: `**${spot.value}** — no DestinationRule for ${spot.host || 'this host'} visible here defines this subset.`, span };
    }
    case 'dr-subset': {
      const subset = subsetsOf(spot.object).find((s) => s.span.start === span.start);
      const host = resolveHost(ws, spot.object, stringAt(spot.object.node, ['spec', 'host']) ?? '');
      return subset ? { markdown: describeSubset({ rule: spot.object, subset }, host, ws), span } : undefined;
    }
    case 'gateway': {
      if (spot.value === MESH_GATEWAY) {
        return { markdown: describeGateway(undefined, ws), span };
      }
      const gw = resolveGateway(ws, spot.object, spot.value);
      return { markdown: gw ? describeGateway(gw, ws) : `**${spot.value}** — no Gateway of this name in the workspace.`, span };
    }
    case 'port': {
      const target = resolveHost(ws, spot.object, spot.host);
      const port = target?.ports.find((p) => String(p.number) === spot.value);
      if (!target) {
        return undefined;
      }
      return {
        markdown: port
          ? `**${port.number}**${port.name ? ` (${port.name})` : ''} — port of ${target.object.kind} ${target.object.name}`
          : `**${spot.value}** — ${target.object.kind} ${target.object.name} has no such port (it serves ${target.ports.map((p) => p.number).join(', ') || 'none'}).`,
        span,
      };
    }
  }
}

