import { analyzerMeshConfig, istioGateways, podLabelSets } from '../../index/istioLookups';
import type { PodLabels } from '../../index/istioLookups';
import { servicePorts } from '../../index/serviceMembership';
import type { WorkspaceIndex } from '../../index/workspaceIndex';
import { effectiveNamespace } from '../../index/workspaceIndex';
import type { K8sObject } from '../../model/k8sObject';
import { mapAt, nodeAt, scalarString, seqItemsAt, stringAt, stringRecord } from '../../model/k8sObject';
import { stringItems } from '../../model/istioNetworking';
import { nodeSpan } from '../../yaml/spans';
import type { Span } from '../../yaml/spans';
import type { RuleContext } from '../rule';
import type { Node } from 'yaml';

// What the rules about an Istio Gateway's workload and servers share (gw-selector-matches, gw-port-on-service,
// gw-servers-distinct, gw-certificate-unique, and gatewayCredentials.ts).

/** A Gateway's `selector` (empty when absent: it selects every gateway pod). */
export function gatewaySelector(gw: K8sObject): Readonly<Record<string, string>> {
  return stringRecord(mapAt(gw.node, ['spec', 'selector'])) ?? {};
}

/** The selector as Kubernetes prints one: `k=v` pairs sorted by key, comma-separated. */
export function selectorString(selector: Readonly<Record<string, string>>): string {
  return Object.keys(selector)
    .sort()
    .map((k) => `${k}=${selector[k] ?? ''}`)
    .join(',');
}

/** The `selector` map's span, else the Gateway's kind. */
export function selectorSpan(gw: K8sObject): Span {
  return nodeSpan(mapAt(gw.node, ['spec', 'selector'])) ?? gw.anchor;
}

/** The pods (any namespace, as Istio's gateway analyzers match) whose labels have all of the selector. */
export function podsSelectedBy(index: WorkspaceIndex, selector: Readonly<Record<string, string>>): PodLabels[] {
  const entries = Object.entries(selector);
  return podLabelSets(index).filter((p) => entries.every(([k, v]) => p.labels[k] === v));
}

/**
 * The ingress gateway `istioctl analyze` assumes when it reads files: a pod labelled `istio: ingressgateway` in
 * istio-system behind the Service `istio-ingressgateway` (the mesh config's `ingressService`) with ports 80, 443, 31400
 * and 15443, unless the mesh config sets `ingressControllerMode: OFF`. Not assumed when the workspace defines that
 * Service itself: then its own pods and ports are the gateway.
 */
export interface AssumedIngressGateway {
  readonly namespace: string;
  readonly service: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: readonly number[];
}

const ASSUMED_INGRESS_NAMESPACE = 'istio-system';
const ASSUMED_INGRESS_PORTS: readonly number[] = [80, 443, 31400, 15443];

/** The ingress gateway assumed for file analysis, or undefined when the mesh config turns it off or the workspace has it. */
export function assumedIngressGateway(index: WorkspaceIndex, meshSetting: unknown): AssumedIngressGateway | undefined {
  const mesh = analyzerMeshConfig(index, meshSetting);
  if (mesh?.['ingressControllerMode'] === 'OFF') {
    return undefined;
  }
  const named = mesh?.['ingressService'];
  const service = typeof named === 'string' && named !== '' ? named : 'istio-ingressgateway';
  const defined = index
    .ofKind('Service')
    .some((svc) => svc.name === service && (svc.namespace ?? ASSUMED_INGRESS_NAMESPACE) === ASSUMED_INGRESS_NAMESPACE);
  if (defined) {
    return undefined;
  }
  return { namespace: ASSUMED_INGRESS_NAMESPACE, service, labels: { istio: 'ingressgateway' }, ports: ASSUMED_INGRESS_PORTS };
}

/** The gateway pods a selector picks: the workspace's, and the assumed ingress gateway when its labels match. */
export interface GatewayWorkloads {
  readonly pods: readonly PodLabels[];
  readonly assumed: AssumedIngressGateway | undefined;
}

/** What a Gateway selector selects, the assumed ingress gateway included (see `assumedIngressGateway`). */
export function gatewayWorkloads(ctx: RuleContext, selector: Readonly<Record<string, string>>): GatewayWorkloads {
  const assumed = assumedIngressGateway(ctx.index, ctx.settings.injection.meshConfig);
  const entries = Object.entries(selector);
  return {
    pods: podsSelectedBy(ctx.index, selector),
    assumed: assumed && entries.every(([k, v]) => assumed.labels[k] === v) ? assumed : undefined,
  };
}

/** A Gateway's selector and what it selects. */
export function selectedGatewayWorkloads(ctx: RuleContext, gw: K8sObject): GatewayWorkloads & { readonly selector: Readonly<Record<string, string>> } {
  const selector = gatewaySelector(gw);
  return { selector, ...gatewayWorkloads(ctx, selector) };
}

/** True when the selector picks some gateway pod, assumed or of the workspace. */
export function selectsAny(w: GatewayWorkloads): boolean {
  return w.pods.length > 0 || w.assumed !== undefined;
}

/** The TCP ports of the Services of a pod's namespace that select it. */
export function servicePortsOfPods(index: WorkspaceIndex, pods: readonly PodLabels[], defaultNamespace: string): Set<number> {
  const out = new Set<number>();
  for (const svc of index.ofKind('Service')) {
    const selector = Object.entries(stringRecord(mapAt(svc.node, ['spec', 'selector'])) ?? {});
    if (selector.length === 0) {
      continue;
    }
    const ns = effectiveNamespace(svc, defaultNamespace);
    const selects = pods.some(
      (p) => effectiveNamespace(p.object, defaultNamespace) === ns && selector.every(([k, v]) => p.labels[k] === v),
    );
    if (!selects) {
      continue;
    }
    for (const port of servicePorts(svc)) {
      if (port.port !== undefined && port.protocol === 'TCP') {
        out.add(port.port);
      }
    }
  }
  return out;
}

/** One server of a Gateway. */
export interface GatewayServer {
  readonly port: number | undefined;
  /** The `port.number` value, else the server entry. */
  readonly portSpan: Span;
  readonly hosts: readonly string[];
  readonly tls: Node | undefined;
}

/** The servers of a Gateway. */
export function gatewayServers(gw: K8sObject): GatewayServer[] {
  return seqItemsAt(gw.node, ['spec', 'servers']).map((s) => {
    const server = s as Node;
    const portNode = nodeAt(server, ['port', 'number']);
    const text = scalarString(portNode);
    return {
      port: text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined,
      portSpan: nodeSpan(portNode) ?? nodeSpan(server) ?? gw.anchor,
      hosts: stringItems(server, ['hosts']).map((h) => h.value),
      tls: nodeAt(server, ['tls']),
    };
  });
}

/** Every Istio Gateway of the workspace, one per identity. */
export function allGateways(index: WorkspaceIndex, defaultNamespace: string): K8sObject[] {
  return [...istioGateways(index, defaultNamespace).values()];
}

/** The string at a path of a node, '' when absent. */
export function field(node: Node | undefined, key: string): string {
  return stringAt(node, [key]) ?? '';
}

/** A Gateway with what the cross-Gateway rules compare, read once per workspace state. */
export interface GatewaySummary {
  readonly gateway: K8sObject;
  readonly selector: Readonly<Record<string, string>>;
  readonly selectorKey: string;
  readonly servers: readonly GatewayServer[];
}

/** Every Istio Gateway of the workspace, summarised, and grouped by selector (as `selectorString` prints it). */
export function gatewaySummaries(
  index: WorkspaceIndex,
  defaultNamespace: string,
): { readonly all: readonly GatewaySummary[]; readonly bySelector: ReadonlyMap<string, readonly GatewaySummary[]> } {
  return index.derived(`istio-gateway-summaries\u0000${defaultNamespace}`, (ix) => {
    const all = allGateways(ix, defaultNamespace).map((gateway) => {
      const selector = gatewaySelector(gateway);
      return { gateway, selector, selectorKey: selectorString(selector), servers: gatewayServers(gateway) };
    });
    const bySelector = new Map<string, GatewaySummary[]>();
    for (const g of all) {
      const list = bySelector.get(g.selectorKey) ?? [];
      list.push(g);
      bySelector.set(g.selectorKey, list);
    }
    return { all, bySelector };
  });
}
