import type { IstioKey } from './keys';
import { isIstioName } from './keys';

/** The annotation that decides whether a pod gets a sidecar (0.2: on the workload; today: on the pod, as a label). */
export const INJECT = 'sidecar.istio.io/inject';

/** The proxy configuration override: YAML (or JSON) of a ProxyConfig. */
export const PROXY_CONFIG = 'proxy.istio.io/config';

/** The only non-Istio annotation Istio documents (and so checks). */
const INGRESS_CLASS = 'kubernetes.io/ingress.class';

/**
 * Annotations Istio writes itself on many kinds (the injector's status, the gateway controller's version, the
 * revision a proxy connected to): the analyzer never reports them, and neither do we.
 */
export const ALWAYS_IGNORED_ANNOTATIONS: ReadonlySet<string> = new Set([
  'sidecar.istio.io/status',
  'gateway.istio.io/controller-version',
  'istio.io/rev',
]);

const POD_PORTS = { type: 'ports', wildcard: false } as const;

/**
 * Istio's annotations (facts from istio/api's annotation registry; descriptions are ours). Order is only for reading:
 * lookups go through {@link annotationNamed}.
 */
export const ANNOTATIONS: readonly IstioKey[] = [
  // Injection and the sidecar itself.
  {
    name: INJECT,
    summary:
      'Turns automatic sidecar injection on (`"true"`) or off (`"false"`) for this pod, whatever its namespace says. ' +
      'Istio 0.2’s Initializer read it on the workload (Deployment, …) metadata.',
    places: ['Pod'],
    legacyPlaces: ['Workload'],
    value: { type: 'boolean' },
    stage: 'beta',
    deprecated: {
      replacement: 'the `sidecar.istio.io/inject` label',
      note: 'Put `sidecar.istio.io/inject: "true"|"false"` under the pod template’s `labels` instead.',
    },
  },
  {
    name: 'sidecar.istio.io/status',
    summary: 'Written by the injector on injected pods: which template it applied and what it added. Do not set it.',
    places: ['Pod'],
    legacyPlaces: ['Pod', 'Workload'],
    value: { type: 'text' },
    stage: 'alpha',
    writtenByIstio: true,
  },
  {
    name: 'sidecar.istio.io/rewriteAppHTTPProbers',
    summary: 'Rewrites the app’s HTTP liveness, readiness and startup probes so the sidecar answers them.',
    places: ['Pod'],
    value: { type: 'boolean' },
    stage: 'alpha',
  },
  {
    name: 'sidecar.istio.io/nativeSidecar',
    summary:
      'Injects `istio-proxy` as a native sidecar (an init container with `restartPolicy: Always`) or not; wins over ' +
      'the injector’s `ENABLE_NATIVE_SIDECARS` setting.',
    places: ['Pod'],
    value: { type: 'boolean' },
    stage: 'alpha',
  },
  {
    name: 'inject.istio.io/templates',
    summary: 'The injection templates to apply, comma-separated (`sidecar`, `gateway`, `grpc-agent`, custom ones).',
    places: ['Pod'],
    value: { type: 'list', examples: ['sidecar', 'gateway', 'grpc-agent', 'grpc-simple'] },
    stage: 'alpha',
  },
  {
    name: PROXY_CONFIG,
    summary:
      'Overrides mesh-wide ProxyConfig fields for this proxy only (`holdApplicationUntilProxyStarts`, ' +
      '`proxyMetadata`, `concurrency`, …), written as YAML or JSON — usually a block scalar (`|`).',
    places: ['Pod'],
    value: { type: 'proxyConfig' },
    injectorChecks: true,
    stage: 'beta',
  },
  {
    name: 'proxy.istio.io/overrides',
    summary: 'Written by the injector to remember which proxy container fields the user set themselves.',
    places: ['Pod'],
    value: { type: 'text' },
    stage: 'alpha',
    hidden: true,
    writtenByIstio: true,
  },
  {
    name: 'istio.io/rev',
    summary: 'Written by the injector: the control plane revision this proxy actually connects to.',
    places: ['Pod'],
    value: { type: 'text' },
    stage: 'alpha',
    writtenByIstio: true,
  },
  {
    name: 'sidecar.istio.io/proxyImage',
    summary: 'The container image of the sidecar proxy, instead of the injector’s default.',
    places: ['Pod'],
    value: { type: 'text' },
    stage: 'alpha',
  },
  {
    name: 'sidecar.istio.io/proxyImageType',
    summary: 'The flavour of the proxy image Istio publishes for each release, e.g. `distroless` or `debug`.',
    places: ['Pod'],
    value: { type: 'enum', values: ['default', 'debug', 'distroless'], strict: false },
    stage: 'alpha',
  },
  {
    name: 'sidecar.istio.io/proxyCPU',
    summary: 'CPU requested for the sidecar container (a Kubernetes quantity, e.g. `100m`).',
    places: ['Pod'],
    value: { type: 'quantity' },
    stage: 'alpha',
  },
  {
    name: 'sidecar.istio.io/proxyCPULimit',
    summary: 'CPU limit of the sidecar container (a Kubernetes quantity, e.g. `2`).',
    places: ['Pod'],
    value: { type: 'quantity' },
    stage: 'alpha',
  },
  {
    name: 'sidecar.istio.io/proxyMemory',
    summary: 'Memory requested for the sidecar container (a Kubernetes quantity, e.g. `128Mi`).',
    places: ['Pod'],
    value: { type: 'quantity' },
  },
  {
    name: 'sidecar.istio.io/proxyMemoryLimit',
    summary: 'Memory limit of the sidecar container (a Kubernetes quantity, e.g. `1Gi`).',
    places: ['Pod'],
    value: { type: 'quantity' },
  },
  {
    name: 'sidecar.istio.io/interceptionMode',
    summary: 'How inbound connections reach Envoy: `REDIRECT` (NAT), `TPROXY` (keeps the source address) or `NONE`.',
    places: ['Pod'],
    value: { type: 'enum', values: ['REDIRECT', 'TPROXY', 'NONE'], strict: true },
    injectorChecks: true,
    stage: 'alpha',
  },
  {
    name: 'sidecar.istio.io/bootstrapOverride',
    summary: 'The name of a ConfigMap holding a custom Envoy bootstrap configuration for this proxy.',
    places: ['Pod'],
    value: { type: 'text' },
    stage: 'alpha',
  },
  {
    name: 'sidecar.istio.io/discoveryAddress',
    summary: 'The XDS server (`host:port`) this proxy connects to instead of istiod.',
    places: ['Pod'],
    value: { type: 'text' },
    stage: 'alpha',
    deprecated: {
      replacement: '`discoveryAddress` in `proxy.istio.io/config`',
      note: 'Set `discoveryAddress` inside the `proxy.istio.io/config` annotation instead.',
    },
  },
  {
    name: 'sidecar.istio.io/userVolume',
    summary: 'Extra volumes (JSON) added to the pod for the sidecar’s use.',
    places: ['Pod'],
    value: { type: 'json', shapes: ['array', 'object'] },
    stage: 'alpha',
  },
  {
    name: 'sidecar.istio.io/userVolumeMount',
    summary: 'Extra volume mounts (JSON) added to the sidecar container.',
    places: ['Pod'],
    value: { type: 'json', shapes: ['array', 'object'] },
  },
  {
    name: 'sidecar.istio.io/logLevel',
    summary: 'Envoy’s log level for this proxy.',
    places: ['Pod'],
    value: { type: 'enum', values: ['trace', 'debug', 'info', 'warning', 'error', 'critical', 'off'], strict: false },
    stage: 'alpha',
  },
  {
    name: 'sidecar.istio.io/componentLogLevel',
    summary: 'Envoy log levels per component, as `component:level,component:level` (e.g. `misc:error`).',
    places: ['Pod'],
    value: { type: 'text', examples: ['misc:error'] },
    stage: 'alpha',
  },
  {
    name: 'sidecar.istio.io/agentLogLevel',
    summary: 'The log level of pilot-agent, the process that starts Envoy in the sidecar (e.g. `default:info`).',
    places: ['Pod'],
    value: { type: 'text', examples: ['default:info'] },
    stage: 'alpha',
  },
  // Readiness of the sidecar.
  {
    name: 'status.sidecar.istio.io/port',
    summary: 'The port of the sidecar’s health/status endpoint; `0` turns the endpoint (and its readiness probe) off.',
    places: ['Pod'],
    value: { type: 'port' },
    injectorChecks: true,
    stage: 'alpha',
  },
  {
    name: 'readiness.status.sidecar.istio.io/initialDelaySeconds',
    summary: 'Seconds before the sidecar’s readiness probe first runs.',
    places: ['Pod'],
    value: { type: 'integer', min: 0, max: 4294967295 },
    injectorChecks: true,
    stage: 'alpha',
  },
  {
    name: 'readiness.status.sidecar.istio.io/periodSeconds',
    summary: 'Seconds between two runs of the sidecar’s readiness probe.',
    places: ['Pod'],
    value: { type: 'integer', min: 0, max: 4294967295 },
    injectorChecks: true,
    stage: 'alpha',
  },
  {
    name: 'readiness.status.sidecar.istio.io/failureThreshold',
    summary: 'Failed readiness probes in a row before the sidecar counts as not ready.',
    places: ['Pod'],
    value: { type: 'integer', min: 0, max: 4294967295 },
    injectorChecks: true,
    stage: 'alpha',
  },
  {
    name: 'readiness.status.sidecar.istio.io/applicationPorts',
    summary: 'The app’s ports (comma-separated) the sidecar must be listening for before it reports ready.',
    places: ['Pod'],
    value: POD_PORTS,
    stage: 'alpha',
  },
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
  // Telemetry.
  {
    name: 'prometheus.istio.io/merge-metrics',
    summary: 'Merges the app’s Prometheus metrics into the sidecar’s metrics endpoint, or not.',
    places: ['Pod'],
    value: { type: 'boolean', go: true },
    injectorChecks: true,
    stage: 'alpha',
  },
  {
    name: 'sidecar.istio.io/statsInclusionPrefixes',
    summary: 'Envoy stat name prefixes (comma-separated) to emit besides the defaults.',
    places: ['Pod'],
    value: { type: 'list' },
    stage: 'alpha',
    deprecated: {
      replacement: '`proxyStatsMatcher` in `proxy.istio.io/config`',
      note: 'Use `proxyStatsMatcher.inclusionPrefixes` inside the `proxy.istio.io/config` annotation.',
    },
  },
  {
    name: 'sidecar.istio.io/statsInclusionSuffixes',
    summary: 'Envoy stat name suffixes (comma-separated) to emit besides the defaults.',
    places: ['Pod'],
    value: { type: 'list' },
    stage: 'alpha',
    deprecated: {
      replacement: '`proxyStatsMatcher` in `proxy.istio.io/config`',
      note: 'Use `proxyStatsMatcher.inclusionSuffixes` inside the `proxy.istio.io/config` annotation.',
    },
  },
  {
    name: 'sidecar.istio.io/statsInclusionRegexps',
    summary: 'Regular expressions (comma-separated) of Envoy stat names to emit besides the defaults.',
    places: ['Pod'],
    value: { type: 'list' },
    stage: 'alpha',
    deprecated: {
      replacement: '`proxyStatsMatcher` in `proxy.istio.io/config`',
      note: 'Use `proxyStatsMatcher.inclusionRegexps` inside the `proxy.istio.io/config` annotation.',
    },
  },
  {
    name: 'sidecar.istio.io/statsHistogramBuckets',
    summary:
      'Custom histogram buckets per metric prefix, as JSON: `{"istiocustom":[1,5,10,50]}`.',
    places: ['Pod'],
    value: { type: 'json', shapes: ['object'] },
    stage: 'alpha',
  },
  {
    name: 'sidecar.istio.io/statsFlushInterval',
    summary: 'How often push-based stat sinks (e.g. OTLP) are flushed; a duration, `5s` by default.',
    places: ['Pod'],
    value: { type: 'duration' },
    stage: 'alpha',
  },
  {
    name: 'sidecar.istio.io/statsEvictionInterval',
    summary: 'How long Istio’s standard metrics are kept without new samples before they are dropped; a duration.',
    places: ['Pod'],
    value: { type: 'duration' },
    stage: 'alpha',
  },
  {
    name: 'sidecar.istio.io/statsHistogramBins',
    summary: 'Bins per time series of Istio’s standard histograms (default 100); fewer bins use less memory.',
    places: ['Pod'],
    value: { type: 'integer', min: 1, max: 4294967295 },
    stage: 'alpha',
  },
  {
    name: 'sidecar.istio.io/statsCompression',
    summary: 'Compression of the stats the sidecar serves: `brotli`, `gzip` or `zstd`.',
    places: ['Pod'],
    value: { type: 'enum', values: ['brotli', 'gzip', 'zstd'], strict: false },
    stage: 'alpha',
    deprecated: {},
  },
  {
    name: 'sidecar.istio.io/extraStatTags',
    summary: 'Extra tags (comma-separated) the in-proxy telemetry extracts.',
    places: ['Pod'],
    value: { type: 'list' },
    stage: 'alpha',
    deprecated: { note: 'Istio no longer reads it; configure metric tags with the Telemetry API.' },
  },
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
  // Analysis and security.
  {
    name: 'galley.istio.io/analyze-suppress',
    summary:
      '`istioctl analyze` codes (comma-separated, e.g. `IST0103,IST0108`) not to report for this resource; `*` silences ' +
      'all. This extension honours it too.',
    places: ['Any'],
    value: { type: 'list', examples: ['*'] },
    stage: 'alpha',
  },
  {
    name: 'istio.io/dry-run',
    summary: 'Runs an AuthorizationPolicy in dry-run mode: its decisions are logged and counted but not enforced.',
    places: ['AuthorizationPolicy'],
    value: { type: 'boolean' },
    stage: 'alpha',
  },
  {
    name: 'alpha.istio.io/kubernetes-serviceaccounts',
    summary: 'Kubernetes service accounts allowed to run this Service on VMs.',
    places: ['Service'],
    value: { type: 'list' },
    stage: 'alpha',
    hidden: true,
    deprecated: {},
  },
  {
    name: 'alpha.istio.io/canonical-serviceaccounts',
    summary: 'Non-Kubernetes service accounts allowed to run this Service.',
    places: ['Service'],
    value: { type: 'list' },
    stage: 'alpha',
    hidden: true,
    deprecated: {},
  },
  // WorkloadEntry bookkeeping by istiod.
  ...['autoRegistrationGroup', 'workloadController', 'connectedAt', 'disconnectedAt'].map(
    (n): IstioKey => ({
      name: `istio.io/${n}`,
      summary: 'Written by istiod on auto-registered WorkloadEntries to track the VM’s connection.',
      places: ['WorkloadEntry'],
      value: { type: 'text' },
      stage: 'alpha',
      hidden: true,
      writtenByIstio: true,
    }),
  ),
];

const BY_NAME: ReadonlyMap<string, IstioKey> = new Map(ANNOTATIONS.map((a) => [a.name, a]));

/** The annotation with this exact name, or undefined. */
export function annotationNamed(name: string): IstioKey | undefined {
  return BY_NAME.get(name);
}

/** True for the annotations Istio's analyzer looks at: its own namespace plus `kubernetes.io/ingress.class`. */
export function isCheckedAnnotation(name: string): boolean {
  return name === INGRESS_CLASS || isIstioName(name);
}
