import type { Node } from 'yaml';
import { analyzerMeshConfig } from '../index/istioLookups';
import { nodeAt, seqItemsAt } from '../model/k8sObject';
import { isIstioNetworking } from '../model/istioNetworking';
import { scalarString } from '../model/k8sObject';
import { nodeSpan } from '../yaml/spans';
import type { RuleFinding } from './rule';
import { defineAnalyzerRule } from './shared/istioAnalyzer';

/**
 * A ServiceEntry with TCP ports (or ports without protocol) has `addresses`, unless the mesh allocates them: istiod's
 * IP auto-allocation already wrote some in its `status.addresses`, or the mesh config's proxy metadata turns on DNS
 * capture with auto allocation (ISTIO_META_DNS_AUTO_ALLOCATE or PILOT_ENABLE_IP_AUTOALLOCATE). Mirrors Istio's serviceentry.Analyzer (IST0134,
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
    if (seqItemsAt(se.node, ['status', 'addresses']).length > 0) {
      return []; // allocated by istiod: sidecars get a distinct address for it
    }
    if (dnsAutoAllocated(analyzerMeshConfig(ctx.index, ctx.settings.injection.meshConfig))) {
      return [];
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

function dnsAutoAllocated(mesh: Readonly<Record<string, unknown>> | undefined): boolean {
  const meta = (mesh?.['defaultConfig'] as Record<string, unknown> | undefined)?.['proxyMetadata'] as Record<string, unknown> | undefined;
  if (String(meta?.['ISTIO_META_DNS_CAPTURE']) !== 'true') {
    return false;
  }
  return String(meta?.['ISTIO_META_DNS_AUTO_ALLOCATE']) === 'true' || String(meta?.['PILOT_ENABLE_IP_AUTOALLOCATE']) === 'true';
}
