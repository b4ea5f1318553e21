import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { autoImageSpan } from './shared/injectionWebhooks';

/**
 * A Pod written with an `istio-proxy` container of `image: auto` is broken: the placeholder is filled in only when a
 * workload's pods are injected at creation, not in a Pod manifest applied as is. Mirrors Istio's
 * injection.ImageAutoAnalyzer (IST0147, ImageAutoWithoutInjectionError).
 */
export default defineAnalyzerRule({
  id: 'pod-image-auto-injected',
  description: 'A Pod does not carry an `istio-proxy` container with the `image: auto` placeholder.',
  istioCode: 'IST0147',
  istioAnalyzer: 'injection.ImageAutoAnalyzer',
  defaultSeverity: 'error',
  kinds: ['Pod'],
  check(ctx) {
    const span = autoImageSpan(ctx.object);
    return span
      ? [
          {
            span,
            message:
              `Pod ${ctx.object.name} has an istio-proxy container with \`image: auto\`, a placeholder only injection ` +
              'fills in: use a Deployment (or another workload) in a namespace labelled for injection, or the real ' +
              'proxy image.',
          },
        ]
      : [];
  },
});
