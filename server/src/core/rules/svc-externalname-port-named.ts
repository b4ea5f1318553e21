import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { nodeAt, stringAt } from '../model/k8sObject';
import { LEGACY_PORT_PROTOCOLS, PORT_PROTOCOLS, portProtocol, suggestPortName } from '../model/protocol';
import type { ServicePort } from '../index/serviceMembership';
import { servicePorts, skippedByPortAnalyzer } from '../index/serviceMembership';
import { setEntry } from '../yaml/edits';
import { nodeSpan } from '../yaml/spans';
import type { Fix, RuleFinding } from './rule';

/** Ports that usually carry TLS, for which `https`/`tls` are the likely names. */
const TLS_PORTS: readonly number[] = [443, 8443, 9443];

/**
 * Every port of an ExternalName Service names a protocol Istio can route by hostname. Such a Service has no IP, so
 * the sidecar can only tell its traffic apart by HTTP Host or TLS SNI: a port named exactly `tcp`, or whose protocol
 * Istio cannot tell, may not be forwarded. Mirrors the ExternalName branch of Istio's PortNameAnalyzer (IST0150).
 */
export default defineAnalyzerRule({
  id: 'svc-externalname-port-named',
  description:
    'Ports of ExternalName Services name a protocol Istio can route by host (`https`, `tls`, `http`), not `tcp`.',
  istioCode: 'IST0150',
  istioAnalyzer: 'service.PortNameAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['Service'],
  check(ctx) {
    const svc = ctx.object;
    if (stringAt(svc.node, ['spec', 'type']) !== 'ExternalName') {
      return [];
    }
    if (skippedByPortAnalyzer(svc, ctx.settings.defaultNamespace)) {
      return [];
    }
    const legacy = ctx.profile === 'legacy-0.2';
    const host = stringAt(svc.node, ['spec', 'externalName']) ?? 'its external host';
    const findings: RuleFinding[] = [];
    for (const port of servicePorts(svc)) {
      const result = legacy
        ? portProtocol({ ...port, appProtocol: undefined }, LEGACY_PORT_PROTOCOLS, [])
        : portProtocol(port, PORT_PROTOCOLS);
      // Istio flags the exact name `tcp` (not `tcp-…`), whatever appProtocol says.
      const namedTcp = !legacy && port.name === 'tcp';
      if (result.kind === 'protocol' && !namedTcp) {
        continue;
      }
      const where = port.port !== undefined ? `port ${port.port}` : 'a port';
      const what =
        namedTcp
          ? `is named "tcp"`
          : result.kind === 'unnamed'
            ? 'has no name'
            : result.kind === 'unrecognised' && result.source === 'appProtocol'
              ? `sets appProtocol "${port.appProtocol ?? ''}", which Istio does not know`
              : `is named "${port.name ?? ''}", which does not start with a protocol Istio knows`;
      const choices = preferredNames(port, legacy);
      const message = legacy
        ? `ExternalName Service ${svc.name}: ${where} ${what}. The Istio 0.2 guide requires every Service port to ` +
          `be named <protocol>[-<suffix>] (${LEGACY_PORT_PROTOCOLS.filter((p) => p !== 'udp').join(', ')}), ` +
          `e.g. "${choices[0] ?? 'http'}" or "${choices[1] ?? 'tcp'}".`
        : `ExternalName Service ${svc.name}: ${where} ${what}. This Service has no IP, so the sidecar can only ` +
          `route its traffic to ${host} by HTTP Host or TLS SNI; plain TCP on this port may not be forwarded. Name ` +
          `the port after what it carries: "https-…" or "tls-…" for TLS, "http-…" for plain HTTP (e.g. ` +
          `"${choices[0] ?? 'https'}"). For opaque TCP, use a ServiceEntry with addresses instead.`;
      findings.push({
        span: spanOf(port, result.kind === 'unrecognised' && result.source === 'appProtocol') ?? svc.anchor,
        message,
        fixes: renameFixes(ctx.text, port, choices),
      });
    }
    return findings;
  },
});

function spanOf(port: ServicePort, appProtocol: boolean): ReturnType<typeof nodeSpan> {
  return nodeSpan(nodeAt(port.node, [appProtocol ? 'appProtocol' : 'name'])) ?? port.span;
}

/** Names to suggest, most likely first: TLS names on TLS ports, HTTP otherwise. */
function preferredNames(port: ServicePort, legacy: boolean): string[] {
  const tlsPort = port.port !== undefined && TLS_PORTS.includes(port.port);
  const all = legacy ? ['http', 'tcp'] : tlsPort ? ['https', 'tls', 'http'] : ['http', 'https', 'tls'];
  return all.map((p) => suggestPortName(p, port.name === 'tcp' ? undefined : port.name));
}

function renameFixes(text: string, port: ServicePort, names: readonly string[]): Fix[] {
  const out: Fix[] = [];
  for (const name of names) {
    // With an appProtocol Istio ignores the name; the fix sets both so that they agree.
    const rename = setEntry(text, port.node, 'name', name);
    const app = port.appProtocol !== undefined ? setEntry(text, port.node, 'appProtocol', name.split('-')[0] ?? name) : null;
    if (rename && app !== undefined) {
      const edits = app ? [rename, app] : [rename];
      out.push({ title: `Name the port "${name}"`, edits, preferred: out.length === 0 });
    }
  }
  return out;
}
