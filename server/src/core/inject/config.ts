/**
 * Injector inputs for the `classic` and `native` profiles: Helm values of the `istio-sidecar-injector` ConfigMap,
 * MeshConfig and its ProxyConfig (`defaultConfig`), with the chart and code defaults Istio applies when a field is
 * absent. Everything here is plain data; nothing is read from disk.
 */
import { isRec } from '../plainData';
import type { Rec } from '../plainData';
import { goJson } from './goEncoding';

export type TemplateFlavor = 'classic' | 'native';

/** Deep copy of JSON-like data. */
export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Deep merge: maps merge recursively, everything else in `over` replaces `base`. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (isRec(base) && isRec(over)) {
    const out: Rec = { ...base };
    for (const [k, v] of Object.entries(over)) {
      out[k] = deepMerge(base[k], v);
    }
    return out;
  }
  return over === undefined ? clone(base) : clone(over);
}

/** The chart defaults of the injector values that the sidecar template reads (Istio 1.24 and master). */
function defaultValues(flavor: TemplateFlavor): Rec {
  return {
    global: {
      hub: 'docker.io/istio',
      tag: flavor === 'classic' ? '1.24.6' : '1.28.0',
      imagePullPolicy: '',
      imagePullSecrets: [],
      istioNamespace: 'istio-system',
      pilotCertProvider: 'istiod',
      caAddress: '',
      caName: '',
      logAsJson: false,
      logging: { level: 'default:info' },
      meshID: '',
      network: '',
      mountMtlsCerts: false,
      multiCluster: { clusterName: '', enabled: false },
      sds: { token: { aud: 'istio-ca' } },
      sts: { servicePort: 0 },
      variant: '',
      nativeNftables: false,
      proxy: {
        autoInject: 'enabled',
        clusterDomain: 'cluster.local',
        componentLogLevel: 'misc:error',
        excludeIPRanges: '',
        excludeInboundPorts: '',
        excludeOutboundPorts: '',
        image: 'proxyv2',
        includeIPRanges: '*',
        includeInboundPorts: '*',
        includeOutboundPorts: '',
        logLevel: 'warning',
        outlierLogPath: '',
        privileged: false,
        readinessFailureThreshold: 4,
        readinessInitialDelaySeconds: 0,
        readinessPeriodSeconds: 15,
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } },
        startupProbe: { enabled: true, failureThreshold: 600 },
        statusPort: 15020,
        tracer: 'none',
      },
      proxy_init: { image: 'proxyv2', forceApplyIptables: false },
    },
    pilot: { cni: { enabled: false, provider: 'default' } },
    revision: '',
    sidecarInjectorWebhook: {
      rewriteAppHTTPProbe: true,
      injectedAnnotations: {},
      neverInjectSelector: [],
      alwaysInjectSelector: [],
      templates: {},
      defaultTemplates: [],
    },
  };
}

/** User values laid over the chart defaults of the profile's Istio version. */
export function resolveValues(values: unknown, flavor: TemplateFlavor): Rec {
  const base = defaultValues(flavor);
  return isRec(values) ? (deepMerge(base, values) as Rec) : base;
}

/** Reads a dotted path (`global.proxy.image`) from values; undefined when any step is missing. */
export function valueAt(values: unknown, path: string): unknown {
  let cur: unknown = values;
  for (const part of path.split('.')) {
    if (!isRec(cur)) {
      return undefined;
    }
    cur = cur[part];
  }
  return cur;
}

/** Go template truthiness: false, 0, "", nil and empty collections are false. */
export function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') {
    return false;
  }
  if (Array.isArray(v)) {
    return v.length > 0;
  }
  if (isRec(v)) {
    return Object.keys(v).length > 0;
  }
  return true;
}

/** `fmt.Sprint` of a value from the values map (numbers as Go prints float64, nil as `<nil>`). */
export function goSprint(v: unknown): string {
  if (v === undefined || v === null) {
    return '<nil>';
  }
  if (typeof v === 'number') {
    // Values are float64 in Go; %v prints them like strconv 'g' with the shortest precision.
    const exp = v === 0 ? 0 : Math.floor(Math.log10(Math.abs(v)));
    if (exp < -4 || exp >= 6) {
      const [m, e] = v.toExponential().split('e') as [string, string];
      const en = Number(e);
      return `${m}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
    }
    return String(v);
  }
  if (typeof v === 'string') {
    return v;
  }
  if (typeof v === 'boolean') {
    return v ? 'true' : 'false';
  }
  return goJson(v);
}

/** mesh.DefaultProxyConfig(): the ProxyConfig fields Istio fills in code. */
export function defaultProxyConfig(): Rec {
  return {
    configPath: './etc/istio/proxy',
    binaryPath: '/usr/local/bin/envoy',
    serviceCluster: 'istio-proxy',
    drainDuration: '45s',
    discoveryAddress: 'istiod.istio-system.svc:15012',
    proxyAdminPort: 15000,
    controlPlaneAuthPolicy: 'MUTUAL_TLS',
    statNameLength: 189,
    statusPort: 15020,
    terminationDrainDuration: '5s',
  };
}

/** mesh.DefaultMeshConfig(), reduced to the fields the injector reads. */
export function defaultMeshConfig(): Rec {
  return {
    trustDomain: 'cluster.local',
    rootNamespace: 'istio-system',
    proxyListenPort: 15001,
    proxyInboundListenPort: 15006,
    enablePrometheusMerge: true,
    inboundTrafficPolicy: { mode: 'PASSTHROUGH' },
    defaultConfig: defaultProxyConfig(),
  };
}

/** Proto merge of a ProxyConfig (YAML/JSON object) onto another: messages merge, scalars and lists replace. */
export function mergeProxyConfig(base: Rec, over: Rec): Rec {
  const out: Rec = clone(base);
  for (const [k, v] of Object.entries(over)) {
    if (v === null || v === undefined) {
      continue;
    }
    if (k === 'proxyMetadata' && isRec(v)) {
      out[k] = { ...(isRec(out[k]) ? (out[k] as Rec) : {}), ...v };
    } else if (isRec(v) && isRec(out[k]) && !['tracing', 'image'].includes(k)) {
      out[k] = deepMerge(out[k], v);
    } else {
      out[k] = clone(v);
    }
  }
  return out;
}

/** mesh.ApplyMeshConfig: the user's mesh fields override the defaults, defaultConfig merges into the default one. */
export function resolveMeshConfig(mesh: unknown): Rec {
  const out = defaultMeshConfig();
  if (!isRec(mesh)) {
    return out;
  }
  for (const [k, v] of Object.entries(mesh)) {
    if (k === 'defaultConfig') {
      if (isRec(v)) {
        out[k] = mergeProxyConfig(out[k] as Rec, v);
      }
    } else if (v !== null && v !== undefined) {
      out[k] = clone(v);
    }
  }
  return out;
}

/** ProxyConfig fields in their proto declaration order (protojson writes them in this order). */
const PROXY_CONFIG_ORDER = [
  'configPath',
  'binaryPath',
  'serviceCluster',
  'tracingServiceName',
  'drainDuration',
  'parentShutdownDuration',
  'discoveryAddress',
  'discoveryRefreshDelay',
  'zipkinAddress',
  'statsdUdpAddress',
  'envoyMetricsServiceAddress',
  'proxyAdminPort',
  'availabilityZone',
  'controlPlaneAuthPolicy',
  'customConfigFile',
  'statNameLength',
  'concurrency',
  'proxyBootstrapTemplatePath',
  'interceptionMode',
  'tracing',
  'sds',
  'envoyAccessLogService',
  'envoyMetricsService',
  'proxyMetadata',
  'runtimeValues',
  'statusPort',
  'extraStatTags',
  'gatewayTopology',
  'terminationDrainDuration',
  'meshId',
  'readinessProbe',
  'proxyStatsMatcher',
  'holdApplicationUntilProxyStarts',
  'caCertificatesPem',
  'image',
  'privateKeyProvider',
  'proxyHeaders',
  'fileFlushInterval',
  'fileFlushMinSizeKb',
];

/** Fields whose proto type is a wrapper (BoolValue/Int32Value): written whenever set, even to a zero value. */
const WRAPPERS = new Set(['concurrency', 'holdApplicationUntilProxyStarts', 'fileFlushMinSizeKb']);

/** Fields cleanProxyConfig drops when they equal the code defaults. */
const CLEANED = [
  'configPath',
  'binaryPath',
  'controlPlaneAuthPolicy',
  'serviceCluster',
  'drainDuration',
  'terminationDrainDuration',
  'parentShutdownDuration',
  'discoveryAddress',
  'envoyMetricsService',
  'envoyAccessLogService',
  'tracing',
  'proxyAdminPort',
  'statNameLength',
  'statusPort',
  'concurrency',
];

function isZeroProto(k: string, v: unknown): boolean {
  if (v === undefined || v === null) {
    return true;
  }
  if (WRAPPERS.has(k)) {
    return false;
  }
  if (k === 'interceptionMode') {
    return v === 'REDIRECT' || v === 0;
  }
  if (k === 'controlPlaneAuthPolicy') {
    return v === 'NONE' || v === 0;
  }
  if (k === 'tracingServiceName') {
    return v === 'APP_LABEL_AND_NAMESPACE' || v === 0;
  }
  if (Array.isArray(v)) {
    return v.length === 0;
  }
  if (isRec(v)) {
    return k === 'proxyMetadata' || k === 'runtimeValues' ? Object.keys(v).length === 0 : false;
  }
  return v === '' || v === 0 || v === false;
}

/** Canonical text of a protobuf Duration as protojson prints it (`45s`, `1.5s`). */
function durationText(v: unknown): unknown {
  if (typeof v !== 'string') {
    return v;
  }
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(v.trim());
  if (!m) {
    return v;
  }
  const n = Number(m[1]);
  const seconds = m[2] === 'ms' ? n / 1000 : m[2] === 'm' ? n * 60 : m[2] === 'h' ? n * 3600 : n;
  return `${Number(seconds.toFixed(9))}s`;
}

const DURATIONS = new Set([
  'drainDuration',
  'parentShutdownDuration',
  'discoveryRefreshDelay',
  'terminationDrainDuration',
  'fileFlushInterval',
]);

function sortedMap(m: Rec): Rec {
  const out: Rec = {};
  for (const k of Object.keys(m).sort()) {
    out[k] = m[k];
  }
  return out;
}

/** `protoToJSON (cleanProxyConfig .ProxyConfig)`: the PROXY_CONFIG env value without its trailing newline. */
export function proxyConfigJson(pc: Rec): string {
  const defaults = defaultProxyConfig();
  const out: Rec = {};
  // Fields the ProxyConfig proto does not know are dropped when Istio parses it, so they never reach PROXY_CONFIG.
  for (const k of PROXY_CONFIG_ORDER) {
    let v = pc[k];
    if (DURATIONS.has(k)) {
      v = durationText(v);
    }
    if (
      CLEANED.includes(k) &&
      JSON.stringify(v) === JSON.stringify(DURATIONS.has(k) ? durationText(defaults[k]) : defaults[k])
    ) {
      continue;
    }
    if (isZeroProto(k, v)) {
      continue;
    }
    out[k] = (k === 'proxyMetadata' || k === 'runtimeValues') && isRec(v) ? sortedMap(v) : v;
  }
  return goJson(out);
}
