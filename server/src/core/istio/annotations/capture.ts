/** Istio's annotations for traffic capture: which ports, addresses and interfaces the sidecar intercepts. */
import type { IstioKey } from '../keys';
import { POD_PORTS } from '../keys';

export const CAPTURE_ANNOTATIONS: readonly IstioKey[] = [
  // Traffic capture.
  {
    name: 'traffic.sidecar.istio.io/includeOutboundIPRanges',
    summary:
      'Outbound destinations (comma-separated CIDR ranges) whose traffic goes through Envoy; `*` captures all, ' +
      'an empty value none.',
    places: ['Pod'],
    value: { type: 'cidrs', wildcard: true },
    injectorChecks: true,
    stage: 'alpha',
  },
  {
    name: 'traffic.sidecar.istio.io/excludeOutboundIPRanges',
    summary: 'Outbound destinations (comma-separated CIDR ranges) that bypass Envoy when all outbound traffic is captured.',
    places: ['Pod'],
    value: { type: 'cidrs', wildcard: false },
    injectorChecks: true,
    stage: 'alpha',
  },
  {
    name: 'traffic.sidecar.istio.io/includeInboundPorts',
    summary: 'Inbound ports (comma-separated) whose traffic goes through Envoy; `*` captures all, an empty value none.',
    places: ['Pod'],
    value: { type: 'ports', wildcard: true },
    injectorChecks: true,
  },
  {
    name: 'traffic.sidecar.istio.io/excludeInboundPorts',
    summary: 'Inbound ports (comma-separated) that bypass Envoy when all inbound traffic is captured.',
    places: ['Pod'],
    value: POD_PORTS,
    injectorChecks: true,
    stage: 'alpha',
  },
  {
    name: 'traffic.sidecar.istio.io/includeOutboundPorts',
    summary: 'Outbound ports (comma-separated) whose traffic goes through Envoy whatever the destination address.',
    places: ['Pod'],
    value: POD_PORTS,
    stage: 'alpha',
  },
  {
    name: 'traffic.sidecar.istio.io/excludeOutboundPorts',
    summary: 'Outbound ports (comma-separated) whose traffic bypasses Envoy.',
    places: ['Pod'],
    value: POD_PORTS,
    injectorChecks: true,
    stage: 'alpha',
  },
  {
    name: 'traffic.sidecar.istio.io/excludeInterfaces',
    summary: 'Network interfaces (comma-separated) left out of traffic capture.',
    places: ['Pod'],
    value: { type: 'list' },
    stage: 'alpha',
  },
  {
    name: 'traffic.sidecar.istio.io/kubevirtInterfaces',
    summary: 'Virtual interfaces (comma-separated) whose inbound traffic (from a VM) is handled as outbound.',
    places: ['Pod'],
    value: { type: 'list' },
    stage: 'alpha',
    deprecated: { replacement: '`istio.io/reroute-virtual-interfaces`' },
  },
  {
    name: 'istio.io/reroute-virtual-interfaces',
    summary:
      'Virtual interfaces (comma-separated) whose inbound traffic is always handled as outbound — for KubeVirt, VMs, ' +
      'docker-in-docker (e.g. `docker0`).',
    places: ['Pod'],
    value: { type: 'list', examples: ['docker0'] },
    stage: 'alpha',
  },
];
