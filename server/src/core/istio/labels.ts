import type { IstioKey, Place } from './keys';

/** The Namespace label that turns on injection with the default control plane (`enabled`) or opts out. */
export const INJECTION_LABEL = 'istio-injection';

/** The Namespace (or pod) label that turns on injection with a named control plane revision or tag. */
export const REVISION_LABEL = 'istio.io/rev';

/** The label that puts a Namespace or pod in ambient mode (`ambient`) or takes it out (`none`). */
export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';

/** The pod label that opts a pod in or out of injection (today’s form of the annotation). */
export const INJECT_LABEL = 'sidecar.istio.io/inject';

const GENERATED_BY_GATEWAY: readonly Place[] = [
  'ServiceAccount',
  'Deployment',
  'Service',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
];
const WAYPOINT_USERS: readonly Place[] = ['Pod', 'WorkloadEntry', 'Service', 'ServiceEntry', 'Namespace'];
const SERVICE_LIKE: readonly Place[] = ['Service', 'ServiceEntry', 'Namespace'];

/**
 * Istio's labels (facts from istio/api's label registry, plus the well-known `istio-injection`, `app` and `version`
 * that Istio's docs and analyzers rely on); descriptions are ours.
 */
export const LABELS: readonly IstioKey[] = [
  {
    name: INJECTION_LABEL,
    summary:
      'On a Namespace: `enabled` injects a sidecar into every new pod there (default control plane); `disabled` ' +
      'marks it as deliberately outside the mesh. Not read by Istio 0.2, whose Initializer used the `istio-inject` ' +
      'ConfigMap instead.',
    places: ['Namespace'],
    value: { type: 'enum', values: ['enabled', 'disabled'], strict: true },
    stage: 'stable',
  },
  {
    name: REVISION_LABEL,
    summary:
      'The control plane revision or tag (e.g. `canary`) that injects and manages this Namespace’s pods (or a ' +
      'Gateway, a pod). Do not combine with `istio-injection` on a Namespace.',
    places: ['Namespace', 'Gateway', 'Pod'],
    value: { type: 'text', examples: ['default', 'canary'] },
    stage: 'beta',
  },
  {
    name: INJECT_LABEL,
    summary:
      'Opts this pod in (`"true"`) or out (`"false"`) of sidecar injection, whatever its namespace says. The ' +
      'injection webhook’s selectors match exactly these two values.',
    places: ['Pod'],
    value: { type: 'boolean' },
    stage: 'beta',
  },
  {
    name: DATAPLANE_MODE_LABEL,
    summary:
      'Puts a Namespace or pod in ambient mode (`ambient`) or takes it out (`none`). For sidecars, use ' +
      '`istio-injection` instead: this label has no value for them.',
    places: ['Pod', 'Namespace'],
    value: { type: 'enum', values: ['ambient', 'none'], strict: true },
    stage: 'stable',
  },
  {
    name: 'app',
    summary:
      'The application name. Istio uses it as the canonical service name when `service.istio.io/canonical-name` is ' +
      'not set, in metrics and traces; the 0.2 guide asks for it on every pod template.',
    places: ['Pod'],
    value: { type: 'text' },
  },
  {
    name: 'version',
    summary:
      'The application version. Istio uses it as the canonical revision when `service.istio.io/canonical-revision` ' +
      'is not set, and routing rules often select subsets by it.',
    places: ['Pod'],
    value: { type: 'text', examples: ['v1'] },
  },
  {
    name: 'service.istio.io/canonical-name',
    summary: 'The canonical service this workload belongs to, for telemetry (defaults to the `app` label).',
    places: ['Pod'],
    value: { type: 'text' },
    stage: 'alpha',
  },
  {
    name: 'service.istio.io/canonical-revision',
    summary: 'The revision of the canonical service this workload belongs to (defaults to the `version` label).',
    places: ['Pod'],
    value: { type: 'text' },
    stage: 'alpha',
  },
  {
    name: 'service.istio.io/workload-name',
    summary: 'The workload name reported for this pod; by default the owning resource’s name (e.g. the Deployment).',
    places: ['Pod', 'WorkloadEntry'],
    value: { type: 'text' },
    stage: 'alpha',
  },
  {
    name: 'security.istio.io/tlsMode',
    summary: 'Written by the injector: `istio` tells clients this pod’s sidecar accepts Istio mutual TLS.',
    places: ['Pod'],
    value: { type: 'enum', values: ['istio', 'disabled'], strict: false },
    stage: 'alpha',
    hidden: true,
    deprecated: {},
    writtenByIstio: true,
  },
  {
    name: 'networking.istio.io/gatewayPort',
    summary: 'On a multi-network gateway Service: the port to use instead of 15443.',
    places: ['Service'],
    value: { type: 'port' },
    stage: 'alpha',
  },
  {
    name: 'topology.istio.io/network',
    summary:
      'The network (L3 domain) of the pods: on the system Namespace (the default), on a pod, or on the gateway ' +
      'Service that connects that network.',
    places: ['Namespace', 'Pod', 'Service'],
    value: { type: 'text' },
    stage: 'beta',
  },
  {
    name: 'topology.istio.io/subzone',
    summary: 'On a Node: a locality level below the zone, for finer locality-aware routing.',
    places: ['Node'],
    value: { type: 'text' },
    stage: 'beta',
  },
  {
    name: 'topology.istio.io/cluster',
    summary: 'The cluster of a workload; Istio sets it internally from its install settings, whatever is written here.',
    places: ['Pod'],
    value: { type: 'text' },
    stage: 'alpha',
  },
  {
    name: 'topology.istio.io/locality',
    summary: 'Overrides a workload’s locality, written `region.zone.subzone` (dots: `/` is not allowed in labels).',
    places: ['Pod'],
    value: { type: 'text', examples: ['us-east1.us-east1-b'] },
    stage: 'alpha',
  },
  {
    name: 'istio.io/use-waypoint',
    summary:
      'Sends this resource’s traffic (or, on a Namespace, all of its pods’ and Services’) through the named waypoint; ' +
      '`none` opts out.',
    places: WAYPOINT_USERS,
    value: { type: 'text', examples: ['waypoint', 'none'] },
    stage: 'stable',
  },
  {
    name: 'istio.io/use-waypoint-namespace',
    summary: 'The namespace of the waypoint named by `istio.io/use-waypoint`, when it is in another one.',
    places: WAYPOINT_USERS,
    value: { type: 'text' },
    stage: 'beta',
  },
  {
    name: 'istio.io/use-waypoint-canary',
    summary: 'A second, canary waypoint for this service; its share is set by `istio.io/use-waypoint-canary-weight`.',
    places: SERVICE_LIKE,
    value: { type: 'text' },
    stage: 'alpha',
  },
  {
    name: 'istio.io/use-waypoint-canary-namespace',
    summary: 'The namespace of the canary waypoint, when it is in another one.',
    places: SERVICE_LIKE,
    value: { type: 'text' },
    stage: 'alpha',
  },
  {
    name: 'istio.io/ingress-use-waypoint',
    summary: 'Makes ingress gateways route to this service through its waypoint too (with `istio.io/use-waypoint`).',
    places: SERVICE_LIKE,
    value: { type: 'boolean' },
    stage: 'beta',
  },
  {
    name: 'istio.io/waypoint-for',
    summary: 'On a waypoint Gateway or GatewayClass: which traffic it handles.',
    places: ['GatewayClass', 'Gateway'],
    value: { type: 'enum', values: ['service', 'workload', 'all', 'none'], strict: true },
    stage: 'stable',
  },
  {
    name: 'networking.istio.io/enable-autoallocate-ip',
    summary: 'Whether a ServiceEntry without `spec.addresses` gets an address allocated automatically.',
    places: ['ServiceEntry'],
    value: { type: 'boolean' },
    stage: 'beta',
  },
  {
    name: 'istio.io/tag',
    summary: 'Written by istioctl on revision-tag webhooks: the tag’s name.',
    places: ['MutatingWebhookConfiguration'],
    value: { type: 'text' },
    stage: 'alpha',
    writtenByIstio: true,
  },
  {
    name: 'gateway.istio.io/managed',
    summary: 'Written by Istio’s gateway controller on what it deploys for a Gateway. Do not set it.',
    places: ['ServiceAccount', 'Deployment', 'Service'],
    value: { type: 'text' },
    stage: 'stable',
    writtenByIstio: true,
  },
  {
    name: 'gateway.networking.k8s.io/gateway-name',
    summary: 'Written by Istio’s gateway controller: the Gateway a generated resource belongs to.',
    places: GENERATED_BY_GATEWAY,
    value: { type: 'text' },
    stage: 'stable',
    writtenByIstio: true,
  },
  {
    name: 'gateway.networking.k8s.io/gateway-class-name',
    summary: 'Written by Istio’s gateway controller: the GatewayClass of a generated resource.',
    places: GENERATED_BY_GATEWAY,
    value: { type: 'text' },
    stage: 'stable',
    writtenByIstio: true,
  },
  ...['component', 'managed', 'version'].map(
    (n): IstioKey => ({
      name: `operator.istio.io/${n}`,
      summary: 'Written by the Istio installer on the resources it manages.',
      places: ['Any'],
      value: { type: 'text' },
      stage: 'alpha',
      hidden: true,
      writtenByIstio: true,
    }),
  ),
];

const BY_NAME: ReadonlyMap<string, IstioKey> = new Map(LABELS.map((l) => [l.name, l]));

/** The label with this exact name, or undefined. */
export function labelNamed(name: string): IstioKey | undefined {
  return BY_NAME.get(name);
}
