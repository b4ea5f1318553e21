import { nodeAt, stringAt } from '../model/k8sObject';
import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { unverifiedTls } from './shared/clientTls';

/**
 * A DestinationRule that originates TLS (mode SIMPLE or MUTUAL) sets `caCertificates`, so the server's certificate is
 * verified. Mirrors Istio's destinationrule.CaCertificateAnalyzer (IST0128, NoServerCertificateVerificationDestinationLevel).
 */
export default defineAnalyzerRule({
  id: 'dr-tls-ca-certificates',
  description: 'A DestinationRule originating TLS (SIMPLE or MUTUAL) sets `caCertificates` to verify the server.',
  istioCode: 'IST0128',
  istioAnalyzer: 'destinationrule.CaCertificateAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['DestinationRule'],
  check(ctx) {
    const dr = ctx.object;
    const found = unverifiedTls(dr, nodeAt(dr.node, ['spec', 'trafficPolicy', 'tls']));
    if (!found) {
      return [];
    }
    return [
      {
        span: found.span,
        message:
          `TLS mode ${found.mode} without caCertificates: connections to ${stringAt(dr.node, ['spec', 'host']) ?? 'the host'} ` +
          'accept any server certificate. Set `caCertificates` to the CA that signs the server’s certificate.',
      },
    ];
  },
});
