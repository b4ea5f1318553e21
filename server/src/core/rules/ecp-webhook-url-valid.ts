import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { webhookUrlProblem } from './shared/externalControlPlane';

/**
 * In a remote cluster of an external control plane, the validation and injection webhooks have a URL to the external
 * istiod. Mirrors Istio's externalcontrolplane.ExternalControlPlaneAnalyzer (IST0163, InvalidExternalControlPlaneConfig).
 */
export default defineAnalyzerRule({
  id: 'ecp-webhook-url-valid',
  description: 'The webhooks of a remote cluster name the external control plane by a valid `clientConfig.url`.',
  istioCode: 'IST0163',
  istioAnalyzer: 'externalcontrolplane.ExternalControlPlaneAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'],
  check(ctx) {
    const p = webhookUrlProblem(ctx.index, ctx.object);
    if (!p || p.kind === 'ip') {
      return [];
    }
    return [
      {
        span: p.span,
        message:
          p.kind === 'missing'
            ? `The webhook ${p.webhook} has no URL: the remote cluster cannot reach the external istiod to validate or inject. Set \`clientConfig.url\` to its address.`
            : `The URL ${p.url} of webhook ${p.webhook} has no host Istio can read. Set \`clientConfig.url\` to https://<external istiod>/…`,
      },
    ];
  },
});
