import { isMap } from 'yaml';
import type { Node } from 'yaml';
import { nodeAt, seqItemsAt, stringAt } from '../model/k8sObject';
import { objectLabels, podTemplate } from '../model/workload';
import { workloadAnchor } from '../index/serviceMembership';
import { nodeSpan } from '../yaml/spans';
import { defineAnalyzerRule } from './shared/istioAnalyzer';

/** istiod's setting that keeps JWKS fetches away from internal address ranges. */
const BLOCKED_CIDRS_ENV = 'BLOCKED_CIDRS_IN_JWKS_URIS';

/**
 * When RequestAuthentications exist, istiod (a Deployment labelled `app: istiod`) sets BLOCKED_CIDRS_IN_JWKS_URIS, so a
 * `jwksUri` cannot make istiod fetch from internal addresses. Mirrors Istio's authn.BlockedCIDRsAnalyzer (IST0175,
 * JwksUriFetchUnrestricted).
 */
export default defineAnalyzerRule({
  id: 'istiod-jwks-cidrs-blocked',
  description: 'With RequestAuthentications in use, istiod sets BLOCKED_CIDRS_IN_JWKS_URIS to restrict JWKS fetches.',
  istioCode: 'IST0175',
  istioAnalyzer: 'authn.BlockedCIDRsAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['Deployment'],
  check(ctx) {
    const d = ctx.object;
    if (objectLabels(d)['app'] !== 'istiod') {
      return [];
    }
    const tpl = podTemplate(d);
    const containers = tpl ? seqItemsAt(nodeAt(d.node, tpl.path), ['spec', 'containers']) : [];
    const set = containers.some((c) =>
      seqItemsAt(c as Node, ['env']).some((e) => isMap(e) && stringAt(e, ['name']) === BLOCKED_CIDRS_ENV && (stringAt(e, ['value']) ?? '') !== ''),
    );
    if (set) {
      return [];
    }
    const ras = ctx.index.ofKind('RequestAuthentication').filter((r) => r.apiVersion.startsWith('security.istio.io/'));
    if (ras.length === 0) {
      return [];
    }
    const discovery = containers.find((c) => isMap(c) && stringAt(c, ['name']) === 'discovery');
    return [
      {
        span: nodeSpan(discovery ? nodeAt(discovery as Node, ['name']) : undefined) ?? workloadAnchor(d),
        message:
          `${ras.length} RequestAuthentication(s) (${ras.slice(0, 5).map((r) => r.name).join(', ')}${ras.length > 5 ? ', …' : ''}) ` +
          `make istiod fetch their jwksUri, and istiod does not set ${BLOCKED_CIDRS_ENV}: a jwksUri can point istiod at ` +
          'internal addresses. Set it (e.g. "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,169.254.0.0/16").',
        related: ras.slice(0, 5).map((r) => ({ uri: r.uri, span: r.anchor, message: `RequestAuthentication ${r.name}` })),
      },
    ];
  },
});
