/** Istio's annotations for injection, the sidecar itself and its readiness. */
import type { IstioKey } from '../keys';
import { POD_PORTS } from '../keys';

/** The annotation that decides whether a pod gets a sidecar (0.2: on the workload; today: on the pod, as a label). */
export const INJECT = 'sidecar.istio.io/inject';

/** The proxy configuration override: YAML (or JSON) of a ProxyConfig. */
export const PROXY_CONFIG = 'proxy.istio.io/config';

export const SIDECAR_ANNOTATIONS: readonly IstioKey[] = [
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
];
