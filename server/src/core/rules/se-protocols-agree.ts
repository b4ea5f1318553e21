import type { Node, YAMLMap } from 'yaml';
import { effectiveNamespace } from '../index/workspaceIndex';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { onePerObject } from '../index/identity';
import { EXPORT_TO_ALL, exportScopes } from '../model/istioHost';
import type { K8sObject } from '../model/k8sObject';
import { nodeAt, scalarString, seqItemsAt, stringAt } from '../model/k8sObject';
import { exportToOf, isIstioNetworking, stringItems } from '../model/istioNetworking';
import { nodeSpan } from '../yaml/spans';
import { defineAnalyzerRule } from './shared/istioAnalyzer';

/**
 * ServiceEntries that declare the same host and port for the same namespaces agree on its protocol. Mirrors Istio's
 * serviceentry.ConflictingServiceEntryProtocolAnalyzer (IST0177, ConflictingServiceEntryProtocol): hosts as written,
 * scoped by `exportTo` (a host exported to some namespaces meets the same host exported to all); protocols compared
 * case-insensitively, an absent one being a protocol of its own.
 */
export default defineAnalyzerRule({
  id: 'se-protocols-agree',
  description: 'ServiceEntries declaring the same host and port for the same namespaces use one protocol for it.',
  istioCode: 'IST0177',
  istioAnalyzer: 'serviceentry.ConflictingServiceEntryProtocolAnalyzer',
  defaultSeverity: 'error',
  kinds: ['ServiceEntry'],
  check(ctx) {
    const se = ctx.object;
    const conflict = protocolConflicts(ctx.index, ctx.settings.defaultNamespace).get(se.node);
    if (!conflict) {
      return [];
    }
    const others = conflict.with.filter((o) => o.node !== se.node);
    return [
      {
        span: nodeSpan(nodeAt(se.node, ['metadata', 'name'])) ?? se.anchor,
        message:
          `${conflict.host}:${conflict.port} is declared with protocols ${conflict.protocols.join(', ')} by ServiceEntries ` +
          `${conflict.with.map((o) => o.name).join(', ')}: a sidecar serves a port with one protocol, so one of them ` +
          'breaks. Use one protocol for this host and port.',
        related: others.map((o) => ({ uri: o.uri, span: o.anchor, message: `ServiceEntry ${o.name}` })),
      },
    ];
  },
});

interface ProtocolConflict {
  readonly host: string;
  readonly port: number;
  readonly protocols: readonly string[];
  readonly with: readonly K8sObject[];
}

function protocolConflicts(index: WorkspaceIndex, defaultNamespace: string): ReadonlyMap<YAMLMap, ProtocolConflict> {
  return index.derived(`istio-se-protocol-conflicts\u0000${defaultNamespace}`, (ix) => {
    const byKey = new Map<string, { scope: string; host: string; port: number; uses: { protocol: string; se: K8sObject }[] }>();
    const entries = onePerObject(ix.ofKind('ServiceEntry').filter((s) => isIstioNetworking(s, 'ServiceEntry')), (s) => s, defaultNamespace);
    for (const se of entries) {
      const ns = effectiveNamespace(se, defaultNamespace);
      for (const scope of exportScopes(exportToOf(se), ns)) {
        for (const host of stringItems(se.node, ['spec', 'hosts']).map((h) => h.value)) {
          for (const p of seqItemsAt(se.node, ['spec', 'ports'])) {
            const n = scalarString(nodeAt(p as Node, ['number']));
            if (n === undefined || !/^\d+$/.test(n)) {
              continue;
            }
            const key = `${scope}\u0000${host}\u0000${n}`;
            const entry = byKey.get(key) ?? { scope, host, port: Number(n), uses: [] };
            entry.uses.push({ protocol: (stringAt(p as Node, ['protocol']) ?? '').toUpperCase(), se });
            byKey.set(key, entry);
          }
        }
      }
    }
    const out = new Map<YAMLMap, ProtocolConflict>();
    for (const e of byKey.values()) {
      const uses = e.scope === EXPORT_TO_ALL ? e.uses : [...e.uses, ...(byKey.get(`${EXPORT_TO_ALL}\u0000${e.host}\u0000${e.port}`)?.uses ?? [])];
      const protocols = [...new Set(uses.map((u) => u.protocol))].sort();
      if (protocols.length < 2) {
        continue;
      }
      const involved = [...new Set(uses.map((u) => u.se))];
      for (const se of involved) {
        if (!out.has(se.node)) {
          out.set(se.node, { host: e.host, port: e.port, protocols: protocols.map((p) => p || '(none)'), with: involved });
        }
      }
    }
    return out;
  });
}
