import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { hostRelated, resolvedDestinations } from './shared/virtualServiceDestinations';

/**
 * A VirtualService destination names its port when the host serves several. Mirrors Istio's
 * virtualservice.DestinationHostAnalyzer (IST0112, VirtualServiceDestinationPortSelectorRequired).
 */
export default defineAnalyzerRule({
  id: 'vs-destination-port-required',
  description: 'A VirtualService destination whose host serves more than one port names the port to use.',
  istioCode: 'IST0112',
  istioAnalyzer: 'virtualservice.DestinationHostAnalyzer',
  defaultSeverity: 'error',
  kinds: ['VirtualService'],
  check(ctx) {
    return resolvedDestinations(ctx).flatMap(({ destination: d, target }) =>
      target && d.port === undefined && target.ports.length > 1
        ? [
            {
              span: d.span,
              message:
                `${d.host} serves ports ${target.ports.map((p) => p.number).join(', ')}: say which one this ` +
                'destination uses with `port: {number: …}`.',
              related: [hostRelated(target)],
            },
          ]
        : [],
    );
  },
});
