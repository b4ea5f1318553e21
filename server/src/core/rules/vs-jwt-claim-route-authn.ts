import { isMap } from 'yaml';
import type { Node, Pair } from 'yaml';
import { istioGateways } from '../index/istioLookups';
import { effectiveNamespace } from '../index/workspaceIndex';
import { keyString, mapAt, seqItemsAt, stringRecord } from '../model/k8sObject';
import { keySpan } from '../yaml/spans';
import type { Span } from '../yaml/spans';
import type { RuleFinding } from './rule';
import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { gatewaySelector } from './shared/gatewayWorkloads';
import { gatewayRefs } from './shared/virtualServiceGateways';

/** The header name prefix Istio reads as a JWT claim of the request. */
const JWT_CLAIM_HEADER = '@request.auth.claims';
/** Istio's root namespace, whose policies apply to every namespace. */
const ROOT_NAMESPACE = 'istio-system';

/**
 * A VirtualService routing on JWT claims (`@request.auth.claims.*` headers) through a Gateway has a
 * RequestAuthentication on that gateway's proxies, which validates the token. Mirrors Istio's
 * virtualservice.JWTClaimRouteAnalyzer (IST0149, JwtClaimBasedRoutingWithoutRequestAuthN): RequestAuthentications of
 * the gateway's namespace or the root namespace (istio-system) whose selector the gateway's selector labels satisfy.
 */
export default defineAnalyzerRule({
  id: 'vs-jwt-claim-route-authn',
  description: 'Routing on JWT claims through a Gateway needs a RequestAuthentication on that gateway.',
  istioCode: 'IST0149',
  istioAnalyzer: 'virtualservice.JWTClaimRouteAnalyzer',
  defaultSeverity: 'error',
  kinds: ['VirtualService'],
  check(ctx) {
    const vs = ctx.object;
    const claim = firstClaimHeader(vs.node);
    if (!claim) {
      return [];
    }
    const ns = ctx.settings.defaultNamespace;
    const gateways = istioGateways(ctx.index, ns);
    const authns = ctx.index.ofKind('RequestAuthentication').filter((r) => r.apiVersion.startsWith('security.istio.io/'));
    const findings: RuleFinding[] = [];
    for (const ref of gatewayRefs(vs, ns)) {
      const gw = gateways.get(ref.key);
      if (!gw) {
        continue; // vs-gateway-exists reports it
      }
      const labels = gatewaySelector(gw);
      const gwNs = effectiveNamespace(gw, ns);
      const covered = authns.some((ra) => {
        const raNs = effectiveNamespace(ra, ns);
        if (raNs !== ROOT_NAMESPACE && raNs !== gwNs) {
          return false;
        }
        const selector = Object.entries(stringRecord(mapAt(ra.node, ['spec', 'selector', 'matchLabels'])) ?? {});
        return selector.every(([k, v]) => labels[k] === v);
      });
      if (!covered) {
        findings.push({
          span: claim.span,
          message:
            `This route matches on the JWT claim ${claim.key} through Gateway ${ref.key}, but no RequestAuthentication ` +
            `applies to that gateway (namespace ${gwNs} or ${ROOT_NAMESPACE}): the claim is never set and the route ` +
            'never matches. Add a RequestAuthentication selecting the gateway pods.',
          related: [{ uri: gw.uri, span: gw.anchor, message: `Gateway ${ref.key}` }],
        });
      }
    }
    return findings;
  },
});

/** The first `headers`/`withoutHeaders` key of an http match naming a JWT claim. */
function firstClaimHeader(root: Node): { key: string; span: Span } | undefined {
  for (const rule of seqItemsAt(root, ['spec', 'http'])) {
    for (const match of seqItemsAt(rule as Node, ['match'])) {
      for (const field of ['headers', 'withoutHeaders']) {
        const headers = isMap(match) ? mapAt(match, [field]) : undefined;
        for (const item of headers?.items ?? []) {
          const key = keyString(item as Pair);
          const span = keySpan(item as Pair);
          if (key?.startsWith(JWT_CLAIM_HEADER) && span) {
            return { key, span };
          }
        }
      }
    }
  }
  return undefined;
}
