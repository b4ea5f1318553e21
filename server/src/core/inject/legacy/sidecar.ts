/**
 * The pieces Istio 0.2 added to a pod spec: the `istio-init` init container (iptables redirect), the optional
 * `enable-core-dump` init container, the `istio-proxy` container and the `istio-envoy` / `istio-certs` volumes.
 */
import type { LegacyMeshConfig, LegacyParams } from './config';

type Rec = Record<string, unknown>;

export const LEGACY_INIT_CONTAINER = 'istio-init';
export const LEGACY_PROXY_CONTAINER = 'istio-proxy';
export const LEGACY_CORE_DUMP_CONTAINER = 'enable-core-dump';
const CORE_DUMP_IMAGE = 'alpine';
const CERTS_VOLUME = 'istio-certs';
const ENVOY_VOLUME = 'istio-envoy';
/** Where 0.2 mounted the mTLS certificates (`proxy.AuthCertsPath`). */
const AUTH_CERTS_PATH = '/etc/certs/';
const CERT_SECRET_PREFIX = 'istio.';

/** 0.2 accepted Always, IfNotPresent and Never; anything else became IfNotPresent. */
function pullPolicy(p: LegacyParams): string {
  return ['Always', 'IfNotPresent', 'Never'].includes(p.imagePullPolicy) ? p.imagePullPolicy : 'IfNotPresent';
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The proxy's command line, in 0.2's order. */
export function legacyProxyArgs(p: LegacyParams, mesh: LegacyMeshConfig): string[] {
  const d = mesh.defaultConfig;
  const args = ['proxy', 'sidecar'];
  if (p.verbosity > 0) {
    args.push('-v', String(p.verbosity));
  }
  args.push(
    '--configPath', d.configPath,
    '--binaryPath', d.binaryPath,
    '--serviceCluster', d.serviceCluster,
    '--drainDuration', d.drainDuration,
    '--parentShutdownDuration', d.parentShutdownDuration,
    '--discoveryAddress', d.discoveryAddress,
    '--discoveryRefreshDelay', d.discoveryRefreshDelay,
    '--zipkinAddress', d.zipkinAddress,
    '--connectTimeout', d.connectTimeout,
    '--statsdUdpAddress', d.statsdUdpAddress,
    '--proxyAdminPort', String(d.proxyAdminPort),
  );
  return args;
}

function fieldEnv(name: string, fieldPath: string): Rec {
  return { name, valueFrom: { fieldRef: { fieldPath } } };
}

/** Adds 0.2's sidecar to a pod spec, in place. */
export function injectIntoPodSpec(spec: Rec, p: LegacyParams, mesh: LegacyMeshConfig): void {
  const policy = pullPolicy(p);
  const initArgs = ['-p', String(mesh.proxyListenPort), '-u', String(p.sidecarProxyUID)];
  if (p.includeIPRanges !== '') {
    initArgs.push('-i', p.includeIPRanges);
  }
  const initContainers = asList(spec['initContainers']);
  initContainers.push({
    name: LEGACY_INIT_CONTAINER,
    image: p.initImage,
    args: initArgs,
    imagePullPolicy: policy,
    securityContext: { capabilities: { add: ['NET_ADMIN'] }, privileged: true },
  });
  if (p.enableCoreDump) {
    initContainers.push({
      name: LEGACY_CORE_DUMP_CONTAINER,
      image: CORE_DUMP_IMAGE,
      command: ['/bin/sh'],
      args: ['-c', `sysctl -w kernel.core_pattern=${mesh.defaultConfig.configPath}/core.%e.%p.%t && ulimit -c unlimited`],
      imagePullPolicy: policy,
      securityContext: { privileged: true },
    });
  }
  spec['initContainers'] = initContainers;

  const serviceAccount = typeof spec['serviceAccountName'] === 'string' && spec['serviceAccountName'] !== '' ? spec['serviceAccountName'] : 'default';
  const volumes = asList(spec['volumes']);
  volumes.push(
    { name: ENVOY_VOLUME, emptyDir: { medium: 'Memory', sizeLimit: '0' } },
    { name: CERTS_VOLUME, secret: { secretName: CERT_SECRET_PREFIX + serviceAccount, optional: true } },
  );
  spec['volumes'] = volumes;

  const containers = asList(spec['containers']);
  containers.push({
    name: LEGACY_PROXY_CONTAINER,
    image: p.proxyImage,
    args: legacyProxyArgs(p, mesh),
    env: [
      fieldEnv('POD_NAME', 'metadata.name'),
      fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
      fieldEnv('INSTANCE_IP', 'status.podIP'),
    ],
    imagePullPolicy: policy,
    // Debug mode needs a writable root file system and iptables access inside the proxy container.
    securityContext: { privileged: p.debugMode, readOnlyRootFilesystem: !p.debugMode, runAsUser: p.sidecarProxyUID },
    volumeMounts: [
      { name: ENVOY_VOLUME, mountPath: mesh.defaultConfig.configPath },
      { name: CERTS_VOLUME, mountPath: AUTH_CERTS_PATH, readOnly: true },
    ],
  });
  spec['containers'] = containers;
}
