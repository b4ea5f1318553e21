import { meshHostTable } from '../../index/istioLookups';
import { effectiveNamespace } from '../../index/workspaceIndex';
import { exportToOf } from '../../model/istioNetworking';
import type { MeshHost } from '../../model/meshHosts';
import { nodeAt, stringAt } from '../../model/k8sObject';
import { nodeSpan } from '../../yaml/spans';
import type { Span } from '../../yaml/spans';
import type { RuleContext } from '../rule';

// What the rules about a DestinationRule's host share (dr-host-exists, dr-subset-selects-pods).

/** A DestinationRule's `host` and what it resolves to, seen from the rule's namespace with its `exportTo`. */
export interface DestinationRuleHost {
  readonly host: string;
  readonly span: Span;
  readonly target: MeshHost | undefined;
}

export function destinationRuleHost(ctx: RuleContext): DestinationRuleHost {
  const dr = ctx.object;
  const host = stringAt(dr.node, ['spec', 'host']) ?? '';
  const span = nodeSpan(nodeAt(dr.node, ['spec', 'host'])) ?? dr.anchor;
  const ns = effectiveNamespace(dr, ctx.settings.defaultNamespace);
  const target = meshHostTable(ctx.index, ctx.settings.defaultNamespace).resolve(ns, exportToOf(dr), host);
  return { host, span, target };
}
