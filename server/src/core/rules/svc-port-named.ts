import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { nodeAt, stringAt } from '../model/k8sObject';
import {
  intendedProtocol,
  LEGACY_PORT_PROTOCOLS,
  PORT_PROTOCOLS,
  portProtocol,
  suggestedProtocols,
  suggestPortName,
} from '../model/protocol';
import type { ServicePort } from '../index/serviceMembership';
import { servicePorts, skippedByPortAnalyzer } from '../index/serviceMembership';
import { setEntry } from '../yaml/edits';
import { nodeSpan } from '../yaml/spans';
import type { Fix, RuleFinding } from './rule';

/**
 * Every Service port is named `<protocol>[-<suffix>]` or sets an `appProtocol` Istio knows, so Istio knows what it
 * carries. Mirrors Istio's PortNameAnalyzer: `protocol: UDP` is fine; `appProtocol`, when set, is read instead of the
 * name; ports 25, 53, 3306 and 27017 default to TCP; Services in system namespaces, of the control plane and of
 * Istio-managed gateways are skipped. ExternalName Services have their own rule (IST0150).
 */
export default defineAnalyzerRule({
  id: 'svc-port-named',
  description: 'Service ports are named `<protocol>[-<suffix>]` or set `appProtocol`, so Istio can route them.',
  istioCode: 'IST0118',
  istioAnalyzer: 'service.PortNameAnalyzer',
  defaultSeverity: { 'legacy-0.2': 'warning', classic: 'info', native: 'info' },
  kinds: ['Service'],
  check(ctx) {
    const svc = ctx.object;
    if (stringAt(svc.node, ['spec', 'type']) === 'ExternalName') {
      return [];
    }
    if (skippedByPortAnalyzer(svc, ctx.settings.defaultNamespace)) {
      return [];
    }
    const legacy = ctx.profile === 'legacy-0.2';
    const findings: RuleFinding[] = [];
    for (const port of servicePorts(svc)) {
      const problem = portProblem(port, legacy);
      if (!problem) {
        continue;
      }
      findings.push({
        span: problem.span ?? port.span ?? svc.anchor,
        message: `Service ${svc.name}: ${problem.message}`,
        fixes: problem.fixes(ctx.text),
      });
    }
    return findings;
  },
});

interface PortProblem {
  readonly span: ReturnType<typeof nodeSpan>;
  readonly message: string;
  readonly fixes: (text: string) => Fix[];
}

/** What is wrong with a port's protocol declaration, or undefined when Istio can tell its protocol. */
function portProblem(port: ServicePort, legacy: boolean): PortProblem | undefined {
  // The 0.2 guide predates appProtocol and the well-known-port default: there, only the name counts.
  const known = legacy ? LEGACY_PORT_PROTOCOLS : PORT_PROTOCOLS;
  const result = legacy
    ? portProtocol({ ...port, appProtocol: undefined }, known, [])
    : portProtocol(port, known);
  if (result.kind === 'protocol') {
    return undefined;
  }
  const where = port.port !== undefined ? `port ${port.port}` : 'a port';
  const choices = suggestedProtocols(known).join(', ');
  if (result.kind === 'unrecognised' && result.source === 'appProtocol') {
    const meant = intendedProtocol(port.appProtocol) ?? 'http';
    return {
      span: nodeSpan(nodeAt(port.node, ['appProtocol'])),
      message:
        `${where} sets appProtocol "${port.appProtocol ?? ''}", which Istio does not know; Istio reads appProtocol ` +
        `instead of the port name, so it treats this port as unknown and sniffs its protocol. Set appProtocol to one of ` +
        `${choices} (e.g. "${meant}"), or remove it and name the port <protocol>[-<suffix>].`,
      fixes: (text) =>
        ordered(known, meant).flatMap((p, i) => {
          const edit = setEntry(text, port.node, 'appProtocol', p);
          return edit ? [{ title: `Set appProtocol to "${p}"`, edits: [edit], preferred: i === 0 }] : [];
        }),
    };
  }
  const meant = intendedProtocol(port.name) ?? 'http';
  // An unnamed port gets its number as suffix, so that two fixed ports of one Service keep distinct names.
  const oldName = port.name || (port.port !== undefined ? String(port.port) : undefined);
  const example = suggestPortName(meant, oldName);
  const consequence = legacy
    ? 'so Istio treats its traffic as plain TCP (no HTTP routing, retries or per-request metrics)'
    : 'so Istio has to sniff its protocol, and HTTP routing rules may not apply to it';
  const fix = legacy ? '' : ', or set appProtocol';
  const message =
    result.kind === 'unnamed'
      ? `${where} has no name, ${consequence}. Name it <protocol>[-<suffix>], e.g. "${example}" or ` +
        `"tcp-${port.port ?? 'data'}"${fix}. Protocols: ${choices}.`
      : `${where} is named "${port.name ?? ''}", which does not start with a protocol followed by "-", ` +
        `${consequence}. Write <protocol>[-<suffix>], e.g. "${example}"${fix}. Protocols: ${choices}.`;
  return {
    span: nodeSpan(nodeAt(port.node, ['name'])),
    message,
    fixes: (text) =>
      ordered(known, meant).flatMap((p, i) => {
        const newName = suggestPortName(p, oldName);
        const edit = setEntry(text, port.node, 'name', newName);
        return edit ? [{ title: `Name the port "${newName}"`, edits: [edit], preferred: i === 0 }] : [];
      }),
  };
}

/** The protocols to offer, the one the user most likely meant first. */
function ordered(known: readonly string[], meant: string): string[] {
  return suggestedProtocols(known).sort((a, b) => Number(b === meant) - Number(a === meant));
}
