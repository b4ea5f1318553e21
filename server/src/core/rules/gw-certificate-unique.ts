import type { Node } from 'yaml';
import { effectiveNamespace } from '../index/workspaceIndex';
import { nodeAt } from '../model/k8sObject';
import { nodeSpan } from '../yaml/spans';
import { defineGatewayRule } from './shared/gatewayRule';
import { field, gatewaySelector, gatewayServers, gatewaySummaries } from './shared/gatewayWorkloads';

/**
 * Gateways on the same gateway pods do not serve the same certificate. Mirrors Istio's gateway.CertificateAnalyzer
 * (IST0138, GatewayDuplicateCertificate): another Gateway whose selector includes this one's (any Gateway when this
 * one has none), with a server using the same `credentialName`, or the same `serverCertificate` and `privateKey`.
 */
export default defineGatewayRule({
  id: 'gw-certificate-unique',
  description: 'Gateways on the same gateway pods do not use the same TLS certificate.',
  istioCode: 'IST0138',
  istioAnalyzer: 'gateway.CertificateAnalyzer',
  defaultSeverity: 'warning',
  check(ctx, gw) {
    const ns = ctx.settings.defaultNamespace;
    const mine = Object.entries(gatewaySelector(gw));
    const tls = gatewayServers(gw).flatMap((s) => (s.tls ? [s.tls] : []));
    if (tls.length === 0) {
      return [];
    }
    const sharing = gatewaySummaries(ctx.index, ns)
      .all.filter((o) => {
        if (o.gateway.node === gw.node || !mine.every(([k, v]) => o.selector[k] === v)) {
          return false;
        }
        return o.servers.some((t) => {
          const theirTls = t.tls;
          return theirTls !== undefined && tls.some((m) => sameCertificate(m, theirTls));
        });
      })
      .map((o) => o.gateway);
    if (sharing.length === 0) {
      return [];
    }
    const names = sharing.map((o) => `${effectiveNamespace(o, ns)}/${o.name}`);
    return [
      {
        span: nodeSpan(nodeAt(gw.node, ['metadata', 'name'])) ?? gw.anchor,
        message:
          `Gateway ${gw.name} uses the same TLS certificate as ${names.join(', ')} on the same gateway pods: requests ` +
          'may be answered by the wrong server (HTTP/2 connection reuse gives 404s). Use one Gateway per certificate, ' +
          'or distinct certificates.',
        related: sharing.map((o) => ({ uri: o.uri, span: o.anchor, message: `Gateway ${o.name}` })),
      },
    ];
  },
});

function sameCertificate(a: Node, b: Node): boolean {
  const ca = field(a, 'credentialName');
  const cb = field(b, 'credentialName');
  if (ca !== '' || cb !== '') {
    return ca !== '' && ca === cb;
  }
  const sa = field(a, 'serverCertificate');
  const ka = field(a, 'privateKey');
  return sa !== '' && sa === field(b, 'serverCertificate') && ka !== '' && ka === field(b, 'privateKey');
}
