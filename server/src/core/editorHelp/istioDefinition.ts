import type { FileEntry } from '../index/workspaceIndex';
import type { K8sObject } from '../model/k8sObject';
import { nodeAt } from '../model/k8sObject';
import { stringItems } from '../model/istioNetworking';
import type { MeshHost } from '../model/meshHosts';
import { nodeSpan } from '../yaml/spans';
import type { Span } from '../yaml/spans';
import { istioSpotAt } from './istioSpot';
import type { IstioWorkspace } from './istioTargets';
import { resolveGateway, resolveHost, subsetsForHost } from './istioTargets';

/** A place a reference is defined. */
export interface DefinitionTarget {
  readonly uri: string;
  readonly span: Span;
}

/** Where an object is named: its `metadata.name` value, else its `kind`. */
function nameOf(o: K8sObject): DefinitionTarget {
  return { uri: o.uri, span: nodeSpan(nodeAt(o.node, ['metadata', 'name'])) ?? o.anchor };
}

/** A host's declaration: the ServiceEntry's `hosts` entry that declares it, or the Service's name. */
function hostDefinition(target: MeshHost): DefinitionTarget {
  const o = target.object;
  if (o.kind === 'ServiceEntry') {
    const h = stringItems(o.node, ['spec', 'hosts']).find((s) => s.value === target.fqdn);
    if (h) {
      return { uri: o.uri, span: h.span };
    }
  }
  return nameOf(o);
}

/**
 * Go to definition from a VirtualService or DestinationRule reference: a host to its Service or ServiceEntry, a
 * subset to the DestinationRule subset entries defining it, a gateway to its Gateway. Empty when nothing resolves.
 */
export function istioDefinitionAt(entry: FileEntry, offset: number, ws: IstioWorkspace): DefinitionTarget[] {
  const spot = istioSpotAt(entry, offset);
  if (!spot) {
    return [];
  }
  switch (spot.field) {
    case 'vs-host':
    case 'destination-host':
    case 'mirror-host':
    case 'dr-host':
    case 'port': {
      const target = resolveHost(ws, spot.object, spot.field === 'port' ? spot.host : spot.value);
      return target ? [hostDefinition(target)] : [];
    }
    case 'subset':
      return subsetsForHost(ws, spot.object, spot.host)
        .filter((s) => s.subset.name === spot.value)
        .map((s) => ({ uri: s.rule.uri, span: s.subset.span }));
    case 'gateway': {
      const gw = resolveGateway(ws, spot.object, spot.value);
      return gw ? [nameOf(gw)] : [];
    }
    case 'dr-subset':
      return [];
  }
}
