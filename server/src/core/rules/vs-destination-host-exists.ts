import type { RuleFinding } from './rule';
import { changeHostFixes } from './shared/hostFixes';
import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { hostRelated, resolvedDestinations } from './shared/virtualServiceDestinations';

/**
 * Every destination and mirror host of a VirtualService is a Service or ServiceEntry host visible from its namespace,
 * and a port it names is one that host serves. Mirrors Istio's virtualservice.DestinationHostAnalyzer (IST0101,
 * ReferencedResourceNotFound): short names resolve in the VirtualService's namespace; Services are visible where
 * their `networking.istio.io/exportTo` annotation says, ServiceEntries where their `exportTo` says; wildcard
 * ServiceEntry hosts cover the names they end with.
 */
export default defineAnalyzerRule({
  id: 'vs-destination-host-exists',
  description:
    'VirtualService destination and mirror hosts are Services or ServiceEntry hosts visible from its namespace, on a port they serve.',
  istioCode: 'IST0101',
  istioAnalyzer: 'virtualservice.DestinationHostAnalyzer',
  defaultSeverity: 'error',
  kinds: ['VirtualService'],
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const { destination: d, mirror, target } of resolvedDestinations(ctx)) {
      const what = mirror ? 'mirror host' : 'destination host';
      if (!target) {
        const fixes = d.host === '' ? [] : changeHostFixes(ctx.index, ctx.settings.defaultNamespace, ctx.object, d.host, d.span);
        findings.push({
          span: d.span,
          message:
            d.host === ''
              ? `This ${mirror ? 'mirror' : 'route'} has no destination host: traffic it matches goes nowhere. Set \`destination.host\`.`
              : `The ${what} ${d.host} matches no Service or ServiceEntry visible from this namespace: its traffic ` +
                'fails. Name an existing Service (short name or FQDN) or declare the host with a ServiceEntry ' +
                '(check exportTo).',
          ...(fixes.length > 0 ? { fixes } : {}),
        });
        continue;
      }
      if (d.port !== undefined && !target.ports.some((p) => p.number === d.port)) {
        findings.push({
          span: d.portSpan ?? d.span,
          message:
            `${d.host} has no port ${d.port} (it serves: ${target.ports.map((p) => p.number).join(', ') || 'none'}). ` +
            'Route to a port the Service or ServiceEntry declares.',
          related: [hostRelated(target)],
        });
      }
    }
    return findings;
  },
});
