import { isIstioNetworking } from '../model/istioNetworking';
import type { RuleFinding } from './rule';
import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { credentialProblem, gatewayCredentials } from './shared/gatewayCredentials';

/**
 * The Secret a Gateway server's `credentialName` names holds a usable certificate and key. Mirrors Istio's
 * gateway.SecretAnalyzer (IST0161, InvalidGatewayCredential): `tls.crt`/`tls.key` (or `cert`/`key`), a PEM
 * certificate and private key, the certificate valid now.
 */
export default defineAnalyzerRule({
  id: 'gw-credential-valid',
  description: 'A Gateway’s TLS credential Secret holds a PEM certificate and key, and the certificate is valid now.',
  istioCode: 'IST0161',
  istioAnalyzer: 'gateway.SecretAnalyzer',
  defaultSeverity: 'error',
  kinds: ['Gateway'],
  check(ctx) {
    const gw = ctx.object;
    if (!isIstioNetworking(gw, 'Gateway')) {
      return [];
    }
    const now = Date.now();
    const findings: RuleFinding[] = [];
    for (const c of gatewayCredentials(ctx.index, gw, ctx.settings.defaultNamespace, ctx.settings.injection.meshConfig)) {
      const problem = c.secret ? credentialProblem(c.secret, now) : undefined;
      if (c.secret && problem) {
        findings.push({
          span: c.span,
          message: `Secret ${c.name} cannot serve TLS for this Gateway: ${problem}.`,
          related: [{ uri: c.secret.uri, span: c.secret.anchor, message: `Secret ${c.name}` }],
        });
      }
    }
    return findings;
  },
});
