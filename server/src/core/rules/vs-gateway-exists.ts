import { istioGateways } from '../index/istioLookups';
import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { gatewayRefs } from './shared/virtualServiceGateways';

/**
 * Every Gateway a VirtualService names exists. Mirrors Istio's virtualservice.GatewayAnalyzer (IST0101,
 * ReferencedResourceNotFound): `name` is looked up in the VirtualService's namespace, `namespace/name` as written;
 * `mesh` is not a Gateway.
 */
export default defineAnalyzerRule({
  id: 'vs-gateway-exists',
  description: 'The Gateways a VirtualService names in `gateways` exist (`name` in its namespace, or `namespace/name`).',
  istioCode: 'IST0101',
  istioAnalyzer: 'virtualservice.GatewayAnalyzer',
  defaultSeverity: 'error',
  kinds: ['VirtualService'],
  check(ctx) {
    const ns = ctx.settings.defaultNamespace;
    const refs = gatewayRefs(ctx.object, ns);
    if (refs.length === 0) {
      return [];
    }
    const gateways = istioGateways(ctx.index, ns);
    return refs
      .filter((r) => !gateways.has(r.key))
      .map((r) => ({
        span: r.entry.span,
        message:
          `Gateway ${r.key} does not exist: VirtualService ${ctx.object.name} is not bound to it, so its routes do not ` +
          `apply there. Name an existing Gateway (\`name\` in this namespace, or \`namespace/name\`), or \`mesh\`.`,
      }));
  },
});
