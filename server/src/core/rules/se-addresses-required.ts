import type { Node } from 'yaml';
import { analyzerMeshConfig } from '../index/istioLookups';
import { nodeAt, seqItemsAt } from '../model/k8sObject';
import { isIstioNetworking } from '../model/istioNetworking';
import { scalarString } from '../model/k8sObject';
import { nodeSpan } from '../yaml/spans';
import type { RuleFinding } from './rule';
import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { isRec } from '../plainData';

/**
 * A ServiceEntry with TCP ports (or ports without protocol) has `addresses`, unless the mesh allocates them: istiod's
 * IP auto-allocation wrote some in its `status.addresses` or auto allocation is on (ISTIO_META_DNS_AUTO_ALLOCATE or
 * PILOT_ENABLE_IP_AUTOALLOCATE in the mesh config's proxy metadata), with DNS capture on (ISTIO_META_DNS_CAPTURE),
 * without which clients never see those addresses. Mirrors Istio's serviceentry.Analyzer (IST0134,
 * ServiceEntryAddressesRequired): without an address, all its TCP ports share the listener 0.0.0.0:port.
 */
export default defineAnalyzerRule({
  id: 'se-addresses-required',
  description: 'A ServiceEntry with TCP ports sets `addresses` (unless DNS auto-allocation is on).',
  istioCode: 'IST0134',
  istioAnalyzer: 'serviceentry.Analyzer',
  defaultSeverity: 'warning',
  kinds: ['ServiceEntry'],
  check(ctx) {
    const se = ctx.object;
    if (!isIstioNetworking(se, 'ServiceEntry') || seqItemsAt(se.node, ['spec', 'addresses']).length > 0) {
      return [];
    }
    const meta = proxyMetadata(analyzerMeshConfig(ctx.index, ctx.settings.injection.meshConfig));
    // Why DNS capture: clients learn an allocated address only from the sidecar's DNS proxy.
    if (meta['ISTIO_META_DNS_CAPTURE'] === 'true') {
      const allocated = seqItemsAt(se.node, ['status', 'addresses']).length > 0;
      if (allocated || meta['ISTIO_META_DNS_AUTO_ALLOCATE'] === 'true' || meta['PILOT_ENABLE_IP_AUTOALLOCATE'] === 'true') {
        return [];
      }
    }
    const findings: RuleFinding[] = [];
    for (const p of seqItemsAt(se.node, ['spec', 'ports'])) {
      const protocolNode = nodeAt(p as Node, ['protocol']);
      const protocol = (scalarString(protocolNode) ?? '').toUpperCase();
      if (protocol !== '' && protocol !== 'TCP') {
        continue;
      }
      const span = nodeSpan(protocolNode) ?? nodeSpan(nodeAt(p as Node, ['number'])) ?? nodeSpan(p as Node) ?? se.anchor;
      findings.push({
        span,
        message:
          'A TCP port of a ServiceEntry without `addresses`: sidecars listen on 0.0.0.0 for it, so every such ' +
          'ServiceEntry on this port shares one listener and traffic may go to the wrong one. Set `addresses`, or turn ' +
          'on DNS auto-allocation (ISTIO_META_DNS_CAPTURE and ISTIO_META_DNS_AUTO_ALLOCATE).',
      });
    }
    return findings;
  },
});

/** The mesh config's `defaultConfig.proxyMetadata`, values as strings. */
function proxyMetadata(mesh: Readonly<Record<string, unknown>> | undefined): Readonly<Record<string, string>> {
  const meta = (mesh?.['defaultConfig'] as Record<string, unknown> | undefined)?.['proxyMetadata'];
  const out: Record<string, string> = {};
  if (isRec(meta)) {
    for (const [k, v] of Object.entries(meta)) {
      out[k] = String(v);
    }
  }
  return out;
}
