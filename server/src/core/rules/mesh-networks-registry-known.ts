import { isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node } from 'yaml';
import { embeddedOffsets, embeddedSpan } from '../model/embeddedText';
import { keyString, mapAt, nodeAt, pairOf } from '../model/k8sObject';
import type { K8sObject } from '../model/k8sObject';
import { objectLabels } from '../model/workload';
import { nodeSpan } from '../yaml/spans';
import type { Span } from '../yaml/spans';
import type { RuleContext, RuleFinding } from './rule';
import { defineAnalyzerRule } from './shared/istioAnalyzer';

/** Registries istiod always has (its provider IDs); remote clusters add theirs by secret. */
const BUILT_IN_REGISTRIES = ['Kubernetes', 'External', 'Mock'];
const MULTICLUSTER_SECRET_LABEL = 'istio/multiCluster';

/**
 * Every `fromRegistry` of the mesh networks names a registry istiod has: a built-in one or a cluster of a remote
 * secret (a Secret labelled `istio/multiCluster: "true"`, one key per cluster ID). Mirrors Istio's
 * meshnetworks.MeshNetworksAnalyzer (IST0126, UnknownMeshNetworksServiceRegistry). The mesh networks are read from a
 * mesh networks file (`check --mesh-networks`) or from the `meshNetworks` of the `istio` ConfigMap in istio-system.
 */
export default defineAnalyzerRule({
  id: 'mesh-networks-registry-known',
  description: 'Every `fromRegistry` of the mesh networks is a registry istiod knows: Kubernetes or a remote cluster’s ID.',
  istioCode: 'IST0126',
  istioAnalyzer: 'meshnetworks.MeshNetworksAnalyzer',
  defaultSeverity: 'error',
  kinds: ['MeshNetworks', 'ConfigMap'],
  check(ctx) {
    const obj = ctx.object;
    if (obj.kind === 'MeshNetworks') {
      return unknownRegistries(obj.node, knownRegistries(ctx)).map((u) => ({
        span: nodeSpan(u.node) ?? obj.anchor,
        message: messageFor(u.registry, u.network),
      }));
    }
    const value = istioMeshNetworks(obj);
    if (!value || !isScalar(value) || typeof value.value !== 'string') {
      return [];
    }
    const doc = parseDocument(value.value, { logLevel: 'silent' });
    if (doc.errors.length > 0) {
      return [];
    }
    const unknown = unknownRegistries(doc.contents, knownRegistries(ctx));
    if (unknown.length === 0) {
      return [];
    }
    const offsets = embeddedOffsets(ctx.text, value);
    const whole: Span = nodeSpan(value) ?? obj.anchor;
    return unknown.map((u): RuleFinding => {
      const inner = nodeSpan(u.node);
      return {
        span: (offsets && inner && embeddedSpan(offsets, inner)) ?? whole,
        message: messageFor(u.registry, u.network),
      };
    });
  },
});

function istioMeshNetworks(cm: K8sObject): Node | undefined {
  if (cm.name !== 'istio' || (cm.namespace ?? 'istio-system') !== 'istio-system' || cm.apiVersion !== 'v1') {
    return undefined;
  }
  return nodeAt(cm.node, ['data', 'meshNetworks']);
}

function messageFor(registry: string, network: string): string {
  return (
    `Unknown service registry "${registry}" in network "${network}": istiod knows ${BUILT_IN_REGISTRIES[0] ?? ''} and ` +
    'the cluster IDs of remote secrets (Secrets labelled istio/multiCluster: "true", one key per cluster), and the ' +
    "endpoints of this network are never found. Correct the name (registry IDs are case-sensitive) or add the cluster's " +
    'remote secret.'
  );
}

function knownRegistries(ctx: RuleContext): ReadonlySet<string> {
  const known = new Set(BUILT_IN_REGISTRIES);
  for (const secret of ctx.index.ofKind('Secret')) {
    if (objectLabels(secret)[MULTICLUSTER_SECRET_LABEL] !== 'true') {
      continue;
    }
    for (const field of ['data', 'stringData']) {
      for (const item of mapAt(secret.node, [field])?.items ?? []) {
        const key = isPair(item) ? keyString(item) : undefined;
        if (key !== undefined) {
          known.add(key);
        }
      }
    }
  }
  return known;
}

interface UnknownRegistry {
  readonly network: string;
  readonly registry: string;
  readonly node: Node;
}

function unknownRegistries(root: unknown, known: ReadonlySet<string>): UnknownRegistry[] {
  const networks = isMap(root) ? pairOf(root, 'networks')?.value : undefined;
  if (!isMap(networks)) {
    return [];
  }
  const out: UnknownRegistry[] = [];
  for (const pair of networks.items) {
    const network = isPair(pair) ? keyString(pair) : undefined;
    const endpoints = isPair(pair) && isMap(pair.value) ? pairOf(pair.value, 'endpoints')?.value : undefined;
    if (network === undefined || !isSeq(endpoints)) {
      continue;
    }
    for (const endpoint of endpoints.items) {
      const from = isMap(endpoint) ? pairOf(endpoint, 'fromRegistry')?.value : undefined;
      if (isScalar(from) && typeof from.value === 'string' && !known.has(from.value)) {
        out.push({ network, registry: from.value, node: from });
      }
    }
  }
  return out;
}
