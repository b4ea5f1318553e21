import type { Node } from 'yaml';
import { nodeAt, scalarString, seqItemsAt, stringAt } from '../model/k8sObject';
import type { RuleFinding } from './rule';
import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { unverifiedTls } from './shared/clientTls';

/**
 * Each port-level TLS setting of a DestinationRule that originates TLS (mode SIMPLE or MUTUAL) sets `caCertificates`.
 * Mirrors Istio's destinationrule.CaCertificateAnalyzer (IST0129, NoServerCertificateVerificationPortLevel).
 */
export default defineAnalyzerRule({
  id: 'dr-port-tls-ca-certificates',
  description: 'Port-level TLS of a DestinationRule (SIMPLE or MUTUAL) sets `caCertificates` to verify the server.',
  istioCode: 'IST0129',
  istioAnalyzer: 'destinationrule.CaCertificateAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['DestinationRule'],
  check(ctx) {
    const dr = ctx.object;
    const host = stringAt(dr.node, ['spec', 'host']) ?? 'the host';
    const findings: RuleFinding[] = [];
    for (const p of seqItemsAt(dr.node, ['spec', 'trafficPolicy', 'portLevelSettings'])) {
      const found = unverifiedTls(dr, nodeAt(p as Node, ['tls']));
      if (!found) {
        continue;
      }
      const port = scalarString(nodeAt(p as Node, ['port', 'number'])) ?? '?';
      findings.push({
        span: found.span,
        message:
          `TLS mode ${found.mode} without caCertificates on port ${port}: connections to ${host}:${port} accept any ` +
          'server certificate. Set `caCertificates` to the CA that signs the server’s certificate.',
      });
    }
    return findings;
  },
});
