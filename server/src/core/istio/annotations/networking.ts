/** Istio's annotations for ambient mode, services and networking. */
import type { IstioKey } from '../keys';

/** The only non-Istio annotation Istio documents (and so checks). */
export const INGRESS_CLASS = 'kubernetes.io/ingress.class';

export const NETWORKING_ANNOTATIONS: readonly IstioKey[] = [
  // Ambient mode.
  {
    name: 'ambient.istio.io/redirection',
    summary: 'Written by Istio when a pod is enrolled in ambient mode. To ask for ambient, label with `istio.io/dataplane-mode`.',
    places: ['Pod'],
    value: { type: 'text' },
    stage: 'beta',
    writtenByIstio: true,
  },
  {
    name: 'ambient.istio.io/bypass-inbound-capture',
    summary: 'In ambient mode, captures only this pod’s outbound traffic (for workloads reached only from outside the mesh).',
    places: ['Pod'],
    value: { type: 'boolean' },
    stage: 'alpha',
  },
  {
    name: 'ambient.istio.io/dns-capture',
    summary: 'In ambient mode, whether DNS (port 53) of this pod is captured and proxied.',
    places: ['Pod'],
    value: { type: 'boolean' },
    stage: 'alpha',
    hidden: true,
  },
  {
    name: 'ambient.istio.io/waypoint-inbound-binding',
    summary: 'On a waypoint Gateway or GatewayClass: how traffic is sent to it, `<protocol>` or `<protocol>/<port>`.',
    places: ['GatewayClass', 'Gateway'],
    value: { type: 'text' },
    stage: 'alpha',
    hidden: true,
  },
  // Services and networking.
  {
    name: 'networking.istio.io/exportTo',
    summary:
      'Which namespaces see this Service: `*` all, `.` its own, `~` none, or namespace names (comma-separated).',
    places: ['Service'],
    value: { type: 'list', examples: ['*', '.', '~'] },
    stage: 'alpha',
  },
  {
    name: 'networking.istio.io/traffic-distribution',
    summary:
      'How traffic is spread over endpoints (ztunnel only today); `PreferClose` prefers the nearest healthy ones. ' +
      'On a Namespace, its Services and ServiceEntries inherit it.',
    places: ['Namespace', 'Service', 'ServiceEntry'],
    value: { type: 'enum', values: ['PreferClose'], strict: false },
    stage: 'alpha',
  },
  {
    name: 'istio.io/use-waypoint-canary-weight',
    summary:
      'Share (0–100) of new connections sent to the canary waypoint (`istio.io/use-waypoint-canary`); the rest go ' +
      'to the primary one.',
    places: ['Service', 'ServiceEntry', 'Namespace'],
    value: { type: 'integer', min: 0, max: 100 },
    stage: 'alpha',
  },
  {
    name: 'traffic.istio.io/nodeSelector',
    summary:
      'On a NodePort Service that is a multi-network gateway: the node labels selecting whose addresses are used ' +
      'for cross-network traffic.',
    places: ['Service'],
    value: { type: 'text' },
    stage: 'stable',
  },
  {
    name: 'networking.istio.io/service-type',
    summary: 'The type of the Service generated for an auto-deployed Gateway (`ClusterIP`, `NodePort`, `LoadBalancer`).',
    places: ['Gateway'],
    value: { type: 'enum', values: ['ClusterIP', 'NodePort', 'LoadBalancer'], strict: false },
    stage: 'alpha',
    hidden: true,
  },
  {
    name: 'gateway.istio.io/service-account',
    summary: 'The name of the ServiceAccount generated for an auto-deployed Gateway.',
    places: ['Gateway'],
    value: { type: 'text' },
    stage: 'alpha',
    hidden: true,
  },
  {
    name: 'gateway.istio.io/name-override',
    summary: 'The name of the Deployment and Service generated for an auto-deployed Gateway.',
    places: ['Gateway'],
    value: { type: 'text' },
    stage: 'alpha',
    hidden: true,
  },
  {
    name: 'gateway.istio.io/controller-version',
    summary: 'Written by Istio’s gateway controller: the version of the controller that last handled the resource.',
    places: ['Any'],
    value: { type: 'text' },
    stage: 'alpha',
    hidden: true,
    writtenByIstio: true,
  },
  {
    name: INGRESS_CLASS,
    summary: 'Which ingress controller serves this Ingress; `istio` hands it to Istio’s ingress gateway.',
    places: ['Ingress'],
    value: { type: 'text', examples: ['istio'] },
    stage: 'stable',
  },
  {
    name: 'topology.istio.io/controlPlaneClusters',
    summary:
      'On a remote cluster’s system namespace: the clusters (comma-separated, or `*`) whose istiod may lead it.',
    places: ['Namespace'],
    value: { type: 'list', examples: ['*'] },
    stage: 'alpha',
  },
];
