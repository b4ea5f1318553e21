import { isIstioNetworking } from '../model/istioNetworking';
import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { gatewayCredentials } from './shared/gatewayCredentials';

/**
 * The Secret a Gateway server's `credentialName` names exists where the gateway proxy reads it. Mirrors Istio's
 * gateway.SecretAnalyzer (IST0101, ReferencedResourceNotFound): in the namespace of the gateway pods.
 */
export default defineAnalyzerRule({
  id: 'gw-credential-exists',
  description: 'The Secret named by a Gateway server’s `credentialName` exists in the namespace of the gateway pods.',
  istioCode: 'IST0101',
  istioAnalyzer: 'gateway.SecretAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['Gateway'],
  check(ctx) {
    const gw = ctx.object;
    if (!isIstioNetworking(gw, 'Gateway')) {
      return [];
    }
    return gatewayCredentials(ctx.index, gw, ctx.settings.defaultNamespace)
      .filter((c) => !c.secret)
      .map((c) => ({
        span: c.span,
        message:
          `No Secret ${c.name} in namespace ${c.namespaces.join(' or ')}, where the gateway proxy reads its ` +
          'credentials: this server cannot serve TLS. Create the Secret there (credentials live with the gateway pods, ' +
          'not with the Gateway resource).',
      }));
  },
});
