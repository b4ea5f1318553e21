import { isMap, isNode } from 'yaml';
import type { YAMLMap } from 'yaml';
import { nodeAt, seqItemsAt, stringAt } from '../model/k8sObject';
import { objectLabels } from '../model/workload';
import { intendedProtocol, LEGACY_PORT_PROTOCOLS, PORT_PROTOCOLS, portProtocol, suggestPortName } from '../model/protocol';
import { nodeSpan } from '../yaml/spans';
import type { Fix, RuleFinding } from './rule';
import { defineRule } from './rule';

/** Labels Istio puts on Services it manages itself (waypoints, gateways); their port names are Istio's business. */
const MANAGED_LABEL = 'gateway.istio.io/managed';

/** Every Service port is named `<protocol>[-<suffix>]` (or declares `appProtocol`), so Istio knows what it carries. */
export default defineRule({
  id: 'svc-port-named',
  description: 'Service ports are named `<protocol>[-<suffix>]` or set `appProtocol`, so Istio can route them.',
  istioCode: 'IST0118',
  defaultSeverity: { 'legacy-0.2': 'warning', classic: 'info', native: 'info' },
  kinds: ['Service'],
  check(ctx) {
    const svc = ctx.object;
    if (stringAt(svc.node, ['spec', 'type']) === 'ExternalName') {
      return []; // ExternalName Services have their own rule (IST0150).
    }
    if (isControlPlane(objectLabels(svc))) {
      return [];
    }
    const legacy = ctx.profile === 'legacy-0.2';
    const known = legacy ? LEGACY_PORT_PROTOCOLS : PORT_PROTOCOLS;
    const findings: RuleFinding[] = [];
    for (const item of seqItemsAt(svc.node, ['spec', 'ports'])) {
      if (!isMap(item)) {
        continue;
      }
      const port = readPort(item);
      // The 0.2 guide predates appProtocol: there, only the name counts.
      const result = portProtocol(legacy ? { ...port, appProtocol: undefined } : port, known);
      if (result.kind === 'protocol') {
        continue;
      }
      const nameNode = nodeAt(item, ['name']);
      const where = port.port ? `port ${port.port}` : 'this port';
      const choices = known.filter((p) => p !== 'udp').join(', ');
      const message =
        result.kind === 'unnamed'
          ? `Service ${svc.name}: ${where} has no name, so Istio treats its traffic as plain TCP. ` +
            `Name it <protocol>[-<suffix>], e.g. "${suggestPortName('http', undefined)}" or "tcp-${port.port ?? 'data'}"` +
            (legacy ? '.' : ', or set appProtocol.') +
            ` Protocols: ${choices}.`
          : `Service ${svc.name}: port name "${port.name ?? ''}" does not start with a protocol Istio knows ` +
            `followed by "-", so its traffic is treated as plain TCP. Write <protocol>[-<suffix>], ` +
            `e.g. "${suggestPortName(intendedProtocol(port.name) ?? 'http', port.name)}". Protocols: ${choices}.`;
      const span = nodeSpan(nameNode) ?? nodeSpan(item) ?? svc.anchor;
      findings.push({ span, message, fixes: renameFixes(ctx.text, item, port.name, known) });
    }
    return findings;
  },
});

interface PortFields {
  name: string | undefined;
  protocol: string | undefined;
  appProtocol: string | undefined;
  port: string | undefined;
}

function readPort(item: YAMLMap): PortFields {
  return {
    name: stringAt(item, ['name']),
    protocol: stringAt(item, ['protocol']),
    appProtocol: stringAt(item, ['appProtocol']),
    port: stringAt(item, ['port']),
  };
}

function renameFixes(text: string, item: YAMLMap, oldName: string | undefined, known: readonly string[]): Fix[] {
  const nameSpan = nodeSpan(nodeAt(item, ['name']));
  const first = item.items[0];
  const firstKey = first && isNode(first.key) ? nodeSpan(first.key) : undefined;
  if (!nameSpan && (!firstKey || item.flow)) {
    return [];
  }
  const meant = intendedProtocol(oldName);
  const ordered = known.filter((p) => p !== 'udp').sort((a, b) => Number(b === meant) - Number(a === meant));
  return ordered.map((p, i) => {
      const newName = suggestPortName(p, oldName);
      let edit;
      if (nameSpan) {
        edit = { span: nameSpan, newText: newName };
      } else {
        const at = firstKey?.start ?? 0;
        // Block maps in a sequence: the new key goes first, and the old first key moves to the next line.
        const indent = at - (text.lastIndexOf('\n', at - 1) + 1);
        edit = { span: { start: at, end: at }, newText: `name: ${newName}\n${' '.repeat(indent)}` };
      }
      return { title: `Name the port "${newName}"`, edits: [edit], preferred: i === 0 };
  });
}

/** Istio skips its own control plane's Services (labelled `istio` or `release: istio`) and the ones its controllers manage. */
function isControlPlane(labels: Readonly<Record<string, string>>): boolean {
  return 'istio' in labels || labels['release'] === 'istio' || (labels[MANAGED_LABEL] ?? '').startsWith('istio.io');
}
