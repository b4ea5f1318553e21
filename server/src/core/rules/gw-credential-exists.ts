import type { RuleFinding } from './rule';
import { defineGatewayRule } from './shared/gatewayRule';
import { gatewayCredentials } from './shared/gatewayCredentials';
import { gatewaySelector, selectorSpan, selectorString } from './shared/gatewayWorkloads';

/**
 * The Secret a Gateway server's `credentialName` names exists where the gateway proxy reads it. Mirrors Istio's
 * gateway.SecretAnalyzer (IST0101, ReferencedResourceNotFound): in the namespace of the gateway pods; when the
 * selector selects no gateway pod, that namespace is unknown and the selector is reported instead.
 */
export default defineGatewayRule({
  id: 'gw-credential-exists',
  description: 'The Secret named by a Gateway server’s `credentialName` exists in the namespace of the gateway pods.',
  istioCode: 'IST0101',
  istioAnalyzer: 'gateway.SecretAnalyzer',
  defaultSeverity: 'warning',
  check(ctx, gw) {
    const credentials = gatewayCredentials(ctx, gw);
    if (credentials.length > 0 && credentials[0]?.podNamespace === undefined) {
      const selector = selectorString(gatewaySelector(gw)) || '(any)';
      return [
        {
          span: selectorSpan(gw),
          message:
            `No gateway pod has the labels ${selector}, so the namespace where the proxy reads the Secrets ` +
            `${credentials.map((c) => c.name).join(', ')} is unknown. Fix the selector to match your gateway ` +
            'deployment, or add its manifest.',
        },
      ];
    }
    return credentials
      .filter((c) => !c.secret)
      .map(
        (c): RuleFinding => ({
          span: c.span,
          message:
            `No Secret ${c.name} in namespace ${c.namespaces.join(' or ')}, where the gateway proxy reads its ` +
            'credentials: this server cannot serve TLS. Create the Secret there (credentials live with the gateway pods, ' +
            'not with the Gateway resource).',
        }),
      );
  },
});
