import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { webhookUrlProblem } from './shared/externalControlPlane';

/**
 * In a remote cluster of an external control plane, the webhooks reach the external istiod by host name, not by IP
 * address. Mirrors Istio's externalcontrolplane.ExternalControlPlaneAnalyzer (IST0164,
 * ExternalControlPlaneAddressIsNotAHostname).
 */
export default defineAnalyzerRule({
  id: 'ecp-webhook-url-hostname',
  description: 'The webhooks of a remote cluster reach the external control plane by host name, not IP address.',
  istioCode: 'IST0164',
  istioAnalyzer: 'externalcontrolplane.ExternalControlPlaneAnalyzer',
  defaultSeverity: 'info',
  kinds: ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'],
  check(ctx) {
    const p = webhookUrlProblem(ctx.index, ctx.object);
    if (p?.kind !== 'ip') {
      return [];
    }
    return [
      {
        span: p.span,
        message:
          `The webhook ${p.webhook} reaches the external control plane at an IP address (${p.url}): its certificate is ` +
          'issued for a host name, and the address may change. Use the host name of the external istiod gateway.',
      },
    ];
  },
});
