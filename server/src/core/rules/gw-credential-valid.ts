import type { RuleFinding } from './rule';
import { defineGatewayRule } from './shared/gatewayRule';
import { credentialProblem, gatewayCredentials } from './shared/gatewayCredentials';

/**
 * The Secret a Gateway server's `credentialName` names holds a usable certificate and key. Mirrors Istio's
 * gateway.SecretAnalyzer (IST0161, InvalidGatewayCredential): `tls.crt`/`tls.key` (or `cert`/`key`), a PEM
 * certificate and private key, the certificate valid now.
 */
export default defineGatewayRule({
  id: 'gw-credential-valid',
  description: 'A Gateway’s TLS credential Secret holds a PEM certificate and key, and the certificate is valid now.',
  istioCode: 'IST0161',
  istioAnalyzer: 'gateway.SecretAnalyzer',
  defaultSeverity: 'error',
  check(ctx, gw) {
    const now = Date.now();
    const findings: RuleFinding[] = [];
    for (const c of gatewayCredentials(ctx, gw)) {
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
