/**
 * The pod annotations and labels the injector reads, and Istio's validation of their values
 * (pkg/kube/inject/validate.go): an invalid value fails the injection with a message naming the annotation.
 */
import { parse as parseYaml } from 'yaml';

export const A = {
  inject: 'sidecar.istio.io/inject',
  status: 'sidecar.istio.io/status',
  proxyConfig: 'proxy.istio.io/config',
  proxyOverrides: 'proxy.istio.io/overrides',
  interceptionMode: 'sidecar.istio.io/interceptionMode',
  statusPort: 'status.sidecar.istio.io/port',
  readinessInitialDelay: 'readiness.status.sidecar.istio.io/initialDelaySeconds',
  readinessPeriod: 'readiness.status.sidecar.istio.io/periodSeconds',
  readinessFailureThreshold: 'readiness.status.sidecar.istio.io/failureThreshold',
  includeOutboundIPRanges: 'traffic.sidecar.istio.io/includeOutboundIPRanges',
  excludeOutboundIPRanges: 'traffic.sidecar.istio.io/excludeOutboundIPRanges',
  includeInboundPorts: 'traffic.sidecar.istio.io/includeInboundPorts',
  excludeInboundPorts: 'traffic.sidecar.istio.io/excludeInboundPorts',
  includeOutboundPorts: 'traffic.sidecar.istio.io/includeOutboundPorts',
  excludeOutboundPorts: 'traffic.sidecar.istio.io/excludeOutboundPorts',
  kubevirtInterfaces: 'traffic.sidecar.istio.io/kubevirtInterfaces',
  rerouteVirtualInterfaces: 'istio.io/reroute-virtual-interfaces',
  excludeInterfaces: 'traffic.sidecar.istio.io/excludeInterfaces',
  mergeMetrics: 'prometheus.istio.io/merge-metrics',
  rewriteProbers: 'sidecar.istio.io/rewriteAppHTTPProbers',
  proxyImage: 'sidecar.istio.io/proxyImage',
  proxyImageType: 'sidecar.istio.io/proxyImageType',
  proxyCPU: 'sidecar.istio.io/proxyCPU',
  proxyMemory: 'sidecar.istio.io/proxyMemory',
  proxyCPULimit: 'sidecar.istio.io/proxyCPULimit',
  proxyMemoryLimit: 'sidecar.istio.io/proxyMemoryLimit',
  logLevel: 'sidecar.istio.io/logLevel',
  componentLogLevel: 'sidecar.istio.io/componentLogLevel',
  agentLogLevel: 'sidecar.istio.io/agentLogLevel',
  userVolume: 'sidecar.istio.io/userVolume',
  userVolumeMount: 'sidecar.istio.io/userVolumeMount',
  bootstrapOverride: 'sidecar.istio.io/bootstrapOverride',
  capNetBindService: 'sidecar.istio.io/capNetBindService',
  nativeSidecar: 'sidecar.istio.io/nativeSidecar',
  initContainersBeforeProxy: 'sidecar.istio.io/init-containers-before-proxy',
  defaultContainer: 'kubectl.kubernetes.io/default-container',
  defaultLogsContainer: 'kubectl.kubernetes.io/default-logs-container',
  multusNetworks: 'k8s.v1.cni.cncf.io/networks',
  datadogEnv: 'apm.datadoghq.com/env',
  rev: 'istio.io/rev',
  adminTransport: 'sidecar.istio.io/adminTransport',
} as const;

export const L = {
  inject: 'sidecar.istio.io/inject',
  tlsMode: 'security.istio.io/tlsMode',
  canonicalName: 'service.istio.io/canonical-name',
  canonicalRevision: 'service.istio.io/canonical-revision',
  network: 'topology.istio.io/network',
  tunnel: 'networking.istio.io/tunnel',
  workloadName: 'service.istio.io/workload-name',
} as const;

type Validator = (value: string) => string | undefined;

/** strconv.ParseUint(s, 10, bits) */
function parseUint(s: string, bits: number): { ok: true; value: number } | { ok: false; error: string } {
  if (!/^\d+$/.test(s)) {
    return { ok: false, error: `strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax` };
  }
  const n = Number(s);
  if (n >= 2 ** bits) {
    return { ok: false, error: `strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range` };
  }
  return { ok: true, value: n };
}

function parsePort(s: string): string | undefined {
  const r = parseUint(s.trim(), 16);
  return r.ok ? undefined : `failed parsing port '${s}': ${r.error}`;
}

function validatePortList(name: string, ports: string): string | undefined {
  const trimmed = ports.trim();
  if (trimmed === '') {
    return undefined;
  }
  for (const p of trimmed.split(',')) {
    const e = parsePort(p);
    if (e) {
      return `${name} invalid: failed parsing port '${p}': ${e}`;
    }
  }
  return undefined;
}

function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

function isIPv6(s: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(':')) {
    return false;
  }
  let rest = s;
  let groupsNeeded = 8;
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIPv4(tail)) {
      return false;
    }
    rest = s.slice(0, lastColon + 1) + '0:0';
    groupsNeeded = 8;
  }
  const dbl = rest.split('::');
  if (dbl.length > 2) {
    return false;
  }
  const groups = (x: string): string[] => (x === '' ? [] : x.split(':'));
  const all = dbl.length === 2 ? [...groups(dbl[0] as string), ...groups(dbl[1] as string)] : groups(rest);
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) {
    return false;
  }
  return dbl.length === 2 ? all.length < groupsNeeded : all.length === groupsNeeded;
}

/** netip.ParsePrefix */
function parsePrefix(cidr: string): string | undefined {
  const q = JSON.stringify(cidr);
  const slash = cidr.lastIndexOf('/');
  if (slash < 0) {
    return `netip.ParsePrefix(${q}): no '/'`;
  }
  const addr = cidr.slice(0, slash);
  const bits = cidr.slice(slash + 1);
  const v4 = isIPv4(addr);
  if (!v4 && !isIPv6(addr)) {
    return `netip.ParsePrefix(${q}): ParseAddr(${JSON.stringify(addr)}): unable to parse IP`;
  }
  if (!/^(0|[1-9]\d*)$/.test(bits) || Number(bits) > (v4 ? 32 : 128)) {
    return `netip.ParsePrefix(${q}): bad bits after slash: ${JSON.stringify(bits)}`;
  }
  return undefined;
}

function validateCidrList(cidrs: string): string | undefined {
  if (cidrs.length === 0) {
    return undefined;
  }
  for (const cidr of cidrs.split(',')) {
    const e = parsePrefix(cidr);
    if (e) {
      return `failed parsing cidr '${cidr}': ${e}`;
    }
  }
  return undefined;
}

const validators: Record<string, Validator> = {
  [A.interceptionMode]: (v) =>
    ['REDIRECT', 'TPROXY', 'NONE'].includes(v) ? undefined : `interceptionMode invalid, use REDIRECT,TPROXY,NONE: ${v}`,
  [A.statusPort]: (v) => {
    const e = parsePort(v);
    return e ? `excludeInboundPorts invalid: ${e}` : undefined;
  },
  [A.readinessInitialDelay]: (v) => {
    const r = parseUint(v, 32);
    return r.ok ? undefined : r.error;
  },
  [A.readinessPeriod]: (v) => {
    const r = parseUint(v, 32);
    return r.ok ? undefined : r.error;
  },
  [A.readinessFailureThreshold]: (v) => {
    const r = parseUint(v, 32);
    return r.ok ? undefined : r.error;
  },
  [A.includeOutboundIPRanges]: (v) => {
    if (v === '*') {
      return undefined;
    }
    const e = validateCidrList(v);
    return e ? `includeIPRanges invalid: ${e}` : undefined;
  },
  [A.excludeOutboundIPRanges]: (v) => {
    const e = validateCidrList(v);
    return e ? `excludeIPRanges invalid: ${e}` : undefined;
  },
  [A.includeInboundPorts]: (v) => (v === '*' ? undefined : validatePortList('includeInboundPorts', v)),
  [A.excludeInboundPorts]: (v) => validatePortList('excludeInboundPorts', v),
  [A.excludeOutboundPorts]: (v) => validatePortList('excludeOutboundPorts', v),
  [A.mergeMetrics]: (v) =>
    parseGoBool(v) === undefined ? `strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax` : undefined,
  [A.proxyConfig]: (v) => {
    const r = parseProxyConfigAnnotation(v);
    return r.ok ? undefined : r.error;
  },
};

/** Validators only the newer injector (master) applies. */
const nativeOnly: Record<string, Validator> = {
  [A.includeOutboundPorts]: (v) => validatePortList('includeOutboundPorts', v),
};

/** strconv.ParseBool */
export function parseGoBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) {
    return true;
  }
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) {
    return false;
  }
  return undefined;
}

/** Parses the `proxy.istio.io/config` annotation (YAML or JSON ProxyConfig). */
export function parseProxyConfigAnnotation(
  text: string,
): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (e) {
    return { ok: false, error: `failed to convert to apply proxy config: ${(e as Error).message.split('\n')[0]}` };
  }
  if (parsed === null || parsed === undefined) {
    return { ok: true, value: {} };
  }
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, error: 'failed to convert to apply proxy config: not a ProxyConfig object' };
  }
  return { ok: true, value: parsed as Record<string, unknown> };
}

/** validateAnnotations: one message per invalid annotation, in annotation-name order. */
export function validateAnnotations(annotations: Record<string, string>, newer: boolean): string[] {
  const errors: string[] = [];
  for (const name of Object.keys(annotations).sort()) {
    const v = validators[name] ?? (newer ? nativeOnly[name] : undefined);
    const value = annotations[name];
    if (!v || typeof value !== 'string') {
      continue;
    }
    const e = v(value);
    if (e) {
      errors.push(`invalid value '${value}' for annotation '${name}': ${e}`);
    }
  }
  return errors;
}
