/**
 * The `sidecar` injection template of istiod's chart (files/injection-template.yaml), rebuilt as code: given the pod
 * (as the template sees it), the values, the mesh and proxy config, it returns the partial pod Istio would render
 * and then merge onto the pod. Two flavours: `classic` follows Istio 1.24's template, `native` follows master's
 * (istio-ca-crl volume, `divisor: "1"` on resource env vars, no GOMAXPROCS, lifecycle probes, ...).
 */
import { A, L } from './annotations';
import { goSprint, proxyConfigJson, truthy, valueAt, type TemplateFlavor } from './config';
import { goJsonOf } from './goTypes';
import { canonicalQuantity } from './quantity';

type Rec = Record<string, unknown>;

export interface TemplateData {
  readonly flavor: TemplateFlavor;
  /** `.NativeSidecars`: whether the proxy goes into initContainers unless the pod opts out. */
  readonly nativeSidecars: boolean;
  readonly typeMeta: { readonly apiVersion: string; readonly kind: string };
  readonly deployMeta: { readonly name: string; readonly namespace: string };
  /** The pod's metadata after stripping (its labels and annotations are the two fields below). */
  readonly meta: Rec;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly spec: Rec;
  readonly proxyConfig: Rec;
  readonly mesh: Rec;
  readonly values: Rec;
  readonly revision: string;
  readonly proxyImage: string;
  readonly proxyInitImage: string;
  readonly proxyUID: number;
  readonly proxyGID: number;
}

export class TemplateError extends Error {}

function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function containersOf(spec: Rec, field: string): Rec[] {
  const list = spec[field];
  return Array.isArray(list) ? (list.filter(isRec) as Rec[]) : [];
}

/** `annotation .ObjectMeta name default`: the annotation when set (even empty), else the default printed. */
function ann(d: TemplateData, name: string, def: unknown): string {
  const v = d.annotations[name];
  return v !== undefined ? v : goSprint(def);
}

function isset(d: TemplateData, name: string): boolean {
  return d.annotations[name] !== undefined;
}

/** sprig `default`: the first non-empty value. */
function firstNonEmpty(...values: (string | undefined)[]): string {
  for (const v of values) {
    if (v !== undefined && v !== '') {
      return v;
    }
  }
  return '';
}

/** excludeInboundPort from pkg/kube/inject/template.go. */
export function excludeInboundPort(port: string, excluded: string): string {
  const portStr = port.trim();
  if (portStr.length === 0 || portStr === '0') {
    return excluded;
  }
  const out: string[] = [];
  for (const p of excluded.split(',')) {
    if (p === portStr) {
      return excluded;
    }
    const t = p.trim();
    if (t.length > 0) {
      out.push(t);
    }
  }
  out.push(portStr);
  return out.join(',');
}

function trimChars(s: string, cut: string, left: boolean, right: boolean): string {
  let a = 0;
  let b = s.length;
  while (left && a < b && cut.includes(s[a] as string)) {
    a++;
  }
  while (right && b > a && cut.includes(s[b - 1] as string)) {
    b--;
  }
  return s.slice(a, b);
}

function quantity(value: unknown, what: string): string {
  const q = canonicalQuantity(typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '');
  if (q === undefined) {
    throw new TemplateError(
      `invalid value '${goSprint(value)}' for ${what}: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
  }
  return q;
}

/** Proxy requests or limits from their cpu and memory annotations; undefined when neither is set. */
function annotatedQuantities(d: TemplateData, cpuAnnotation: string, memoryAnnotation: string): Rec | undefined {
  const cpu = d.annotations[cpuAnnotation];
  const mem = d.annotations[memoryAnnotation];
  if (cpu === undefined && mem === undefined) {
    return undefined;
  }
  const out: Rec = {};
  if (cpu !== undefined) {
    out['cpu'] = quantity(cpu, `annotation '${cpuAnnotation}'`);
  }
  if (mem !== undefined) {
    out['memory'] = quantity(mem, `annotation '${memoryAnnotation}'`);
  }
  return out;
}

/** `{{ template "resources" . }}`: proxy resources from annotations, else from values. */
function resources(d: TemplateData): Rec | undefined {
  const requests = annotatedQuantities(d, A.proxyCPU, A.proxyMemory);
  const limits = annotatedQuantities(d, A.proxyCPULimit, A.proxyMemoryLimit);
  if (requests || limits) {
    return { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
  }
  const res = valueAt(d.values, 'global.proxy.resources');
  if (!truthy(res) || !isRec(res)) {
    return undefined;
  }
  const out: Rec = {};
  for (const [k, v] of Object.entries(res)) {
    if (!isRec(v)) {
      if (v !== null && v !== undefined) {
        out[k] = v;
      }
      continue;
    }
    const m: Rec = {};
    for (const [rk, rv] of Object.entries(v)) {
      if (rv === null || rv === undefined) {
        // 1.24 renders `cpu: null`, which Go decodes as a zero quantity; master's omitNil drops it.
        if (d.flavor === 'classic') {
          m[rk] = '0';
        }
        continue;
      }
      m[rk] = quantity(rv, `values global.proxy.resources.${k}.${rk}`);
    }
    out[k] = m;
  }
  return out;
}

function fieldEnv(name: string, fieldPath: string): Rec {
  return { name, valueFrom: { fieldRef: { fieldPath } } };
}

function resourceEnv(d: TemplateData, name: string, resource: string): Rec {
  const ref: Rec = { resource };
  if (d.flavor === 'native') {
    ref['divisor'] = '1';
  }
  return { name, valueFrom: { resourceFieldRef: ref } };
}

function podPorts(spec: Rec, flavor: TemplateFlavor): string {
  let text = '[';
  let first = true;
  for (const c of containersOf(spec, 'containers')) {
    const ports = Array.isArray(c['ports']) ? c['ports'] : [];
    for (const p of ports) {
      text += `\n    ${first ? '' : ','}${goJsonOf(p, 'ContainerPort', flavor)}`;
      first = false;
    }
  }
  return `${text}\n]`;
}

function parseJsonAnnotation(d: TemplateData, name: string): Rec {
  const raw = d.annotations[name] as string;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new TemplateError(`invalid value '${raw}' for annotation '${name}': not a JSON object`);
  }
  if (!isRec(parsed)) {
    throw new TemplateError(`invalid value '${raw}' for annotation '${name}': not a JSON object`);
  }
  return parsed;
}

function sortedEntries(m: Rec): [string, unknown][] {
  return Object.keys(m)
    .sort()
    .map((k) => [k, m[k]]);
}

function proxyMetadata(d: TemplateData): Rec {
  const md = d.proxyConfig['proxyMetadata'];
  return isRec(md) ? md : {};
}

// What the sidecar and gateway templates write alike.

/** The pod's containers other than istio-proxy, by name. */
function appContainerNames(spec: Rec): string[] {
  return containersOf(spec, 'containers')
    .map((c) => String(c['name'] ?? ''))
    .filter((n) => n !== 'istio-proxy');
}

/** `service.istio.io/canonical-name` as the templates derive it (before the sidecar template trims it). */
function canonicalName(d: TemplateData): string {
  return firstNonEmpty(d.labels[L.canonicalName], d.labels['app.kubernetes.io/name'], d.labels['app'], d.deployMeta.name);
}

/** `service.istio.io/canonical-revision` as the templates derive it. */
function canonicalRevision(d: TemplateData): string {
  return firstNonEmpty(d.labels[L.canonicalRevision], d.labels['app.kubernetes.io/version'], d.labels['version'], 'latest');
}

/** `pilot-agent proxy <role>` and the arguments that follow it in both templates: domain, log levels, STS, JSON logs. */
function pilotAgentArgs(d: TemplateData, role: 'sidecar' | 'router'): string[] {
  const v = (path: string): unknown => valueAt(d.values, path);
  const args = [
    'proxy',
    role,
    '--domain',
    `$(POD_NAMESPACE).svc.${goSprint(v('global.proxy.clusterDomain'))}`,
    `--proxyLogLevel=${ann(d, A.logLevel, v('global.proxy.logLevel'))}`,
    `--proxyComponentLogLevel=${ann(d, A.componentLogLevel, v('global.proxy.componentLogLevel'))}`,
    `--log_output_level=${ann(d, A.agentLogLevel, v('global.logging.level'))}`,
  ];
  if (truthy(v('global.sts.servicePort'))) {
    args.push(`--stsPort=${goSprint(v('global.sts.servicePort'))}`);
  }
  if (truthy(v('global.logAsJson'))) {
    args.push('--log_as_json');
  }
  return args;
}

/** The proxy env from PILOT_CERT_PROVIDER to ISTIO_META_POD_PORTS: certificates, the pod's identity and ports. */
function podEnv(d: TemplateData): Rec[] {
  const v = (path: string): unknown => valueAt(d.values, path);
  const revision = goSprint(v('revision') ?? '');
  return [
    { name: 'PILOT_CERT_PROVIDER', value: goSprint(v('global.pilotCertProvider')) },
    {
      name: 'CA_ADDR',
      value: truthy(v('global.caAddress'))
        ? goSprint(v('global.caAddress'))
        : `istiod${revision !== '' ? `-${revision}` : ''}.${goSprint(v('global.istioNamespace'))}.svc:15012`,
    },
    fieldEnv('POD_NAME', 'metadata.name'),
    fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
    fieldEnv('INSTANCE_IP', 'status.podIP'),
    fieldEnv('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
    fieldEnv('HOST_IP', 'status.hostIP'),
    resourceEnv(d, 'ISTIO_CPU_LIMIT', 'limits.cpu'),
    { name: 'PROXY_CONFIG', value: `${proxyConfigJson(d.proxyConfig)}\n` },
    { name: 'ISTIO_META_POD_PORTS', value: podPorts(d.spec, d.flavor) },
  ];
}

/** GOMEMLIMIT, and GOMAXPROCS where the template still sets it (not `native`). */
function goRuntimeEnv(d: TemplateData): Rec[] {
  return d.flavor === 'native'
    ? [resourceEnv(d, 'GOMEMLIMIT', 'limits.memory')]
    : [resourceEnv(d, 'GOMEMLIMIT', 'limits.memory'), resourceEnv(d, 'GOMAXPROCS', 'limits.cpu')];
}

/** ISTIO_META_CLUSTER_ID, ISTIO_META_NODE_NAME, ISTIO_META_INTERCEPTION_MODE and, when set, ISTIO_META_NETWORK. */
function clusterEnv(d: TemplateData, interceptionMode: string): Rec[] {
  const v = (path: string): unknown => valueAt(d.values, path);
  const env: Rec[] = [
    {
      name: 'ISTIO_META_CLUSTER_ID',
      value: truthy(v('global.multiCluster.clusterName')) ? goSprint(v('global.multiCluster.clusterName')) : 'Kubernetes',
    },
    fieldEnv('ISTIO_META_NODE_NAME', 'spec.nodeName'),
    { name: 'ISTIO_META_INTERCEPTION_MODE', value: interceptionMode },
  ];
  if (truthy(v('global.network'))) {
    env.push({ name: 'ISTIO_META_NETWORK', value: goSprint(v('global.network')) });
  }
  return env;
}

/** ISTIO_META_OWNER, when the workload's type and name are known. */
function ownerEnv(d: TemplateData): Rec[] {
  if (d.typeMeta.apiVersion === '' || d.deployMeta.name === '') {
    return [];
  }
  return [
    {
      name: 'ISTIO_META_OWNER',
      value: `kubernetes://apis/${d.typeMeta.apiVersion}/namespaces/${firstNonEmpty(d.deployMeta.namespace, 'default')}/${d.typeMeta.kind.toLowerCase()}s/${d.deployMeta.name}`,
    },
  ];
}

/** ISTIO_META_MESH_ID (the mesh ID, else the trust domain) and TRUST_DOMAIN. */
function meshEnv(d: TemplateData): Rec[] {
  const v = (path: string): unknown => valueAt(d.values, path);
  const env: Rec[] = [];
  const trustDomain = firstNonEmpty(
    typeof d.mesh['trustDomain'] === 'string' ? (d.mesh['trustDomain'] as string) : undefined,
    truthy(v('global.trustDomain')) ? goSprint(v('global.trustDomain')) : undefined,
  );
  if (truthy(v('global.meshID'))) {
    env.push({ name: 'ISTIO_META_MESH_ID', value: goSprint(v('global.meshID')) });
  } else if (trustDomain !== '') {
    env.push({ name: 'ISTIO_META_MESH_ID', value: trustDomain });
  }
  if (trustDomain !== '') {
    env.push({ name: 'TRUST_DOMAIN', value: trustDomain });
  }
  return env;
}

/** A map as env entries, sorted by name, values printed as Go prints them. */
function envOf(m: Rec): Rec[] {
  return sortedEntries(m).map(([name, value]) => ({ name, value: goSprint(value) }));
}

/** Sets `imagePullPolicy` on a container when the values give one. */
function setPullPolicy(d: TemplateData, container: Rec): void {
  const policy = valueAt(d.values, 'global.imagePullPolicy');
  if (truthy(policy)) {
    container['imagePullPolicy'] = goSprint(policy);
  }
}

/** The mounts of the workload identity sockets and certificates (GKE's CSI driver, or an emptyDir). */
function identityMounts(gke: boolean): Rec[] {
  return [
    { name: 'workload-socket', mountPath: '/var/run/secrets/workload-spiffe-uds' },
    { name: 'credential-socket', mountPath: '/var/run/secrets/credential-uds' },
    gke
      ? { name: 'gke-workload-certificate', mountPath: '/var/run/secrets/workload-spiffe-credentials', readOnly: true }
      : { name: 'workload-certs', mountPath: '/var/run/secrets/workload-spiffe-credentials' },
  ];
}

/** The mounts from istio-envoy to istio-podinfo: Envoy's config, the token, the mTLS certificates when mounted, pod info. */
function proxyMounts(d: TemplateData): Rec[] {
  const mounts: Rec[] = [
    { mountPath: '/etc/istio/proxy', name: 'istio-envoy' },
    { mountPath: '/var/run/secrets/tokens', name: 'istio-token' },
  ];
  if (truthy(valueAt(d.values, 'global.mountMtlsCerts'))) {
    mounts.push({ mountPath: '/etc/certs/', name: 'istio-certs', readOnly: true });
  }
  mounts.push({ name: 'istio-podinfo', mountPath: '/etc/istio/pod' });
  return mounts;
}

/** The istio-podinfo and istio-token volumes. */
function podinfoAndTokenVolumes(d: TemplateData): Rec[] {
  return [
    {
      name: 'istio-podinfo',
      downwardAPI: {
        items: [
          { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
          { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
        ],
      },
    },
    {
      name: 'istio-token',
      projected: {
        sources: [
          {
            serviceAccountToken: {
              path: 'istio-token',
              expirationSeconds: 43200,
              audience: goSprint(valueAt(d.values, 'global.sds.token.aud')),
            },
          },
        ],
      },
    },
  ];
}

/** The trust bundle's name (`global.trustBundleName`, `native` only), '' for the default. */
function trustBundleName(d: TemplateData): string {
  const name = valueAt(d.values, 'global.trustBundleName');
  return d.flavor === 'native' && truthy(name) ? goSprint(name) : '';
}

/** The istio-certs volume (the service account's secret), when `global.mountMtlsCerts` is set. */
function mtlsCertsVolumes(d: TemplateData): Rec[] {
  if (!truthy(valueAt(d.values, 'global.mountMtlsCerts'))) {
    return [];
  }
  const sa = typeof d.spec['serviceAccountName'] === 'string' ? (d.spec['serviceAccountName'] as string) : '';
  return [{ name: 'istio-certs', secret: { optional: true, secretName: sa === '' ? 'istio.default' : `istio.${sa}` } }];
}

/** Sets the pod's imagePullSecrets from the values, when they give any. */
function setPullSecrets(d: TemplateData, spec: Rec): void {
  const pullSecrets = valueAt(d.values, 'global.imagePullSecrets');
  if (truthy(pullSecrets) && Array.isArray(pullSecrets)) {
    spec['imagePullSecrets'] = pullSecrets.map((s) => (isRec(s) ? s : { name: goSprint(s) }));
  }
}

/** Everything the template decides; returns the partial pod `{ metadata, spec }` to merge onto the pod. */
export function renderSidecarTemplate(d: TemplateData): Rec {
  const v = (path: string): unknown => valueAt(d.values, path);
  const native = d.flavor === 'native';
  const interception = ann(d, A.interceptionMode, d.proxyConfig['interceptionMode'] ?? 'REDIRECT');
  const tproxy = interception === 'TPROXY';
  const capNetBindService = ann(d, A.capNetBindService, v('global.proxy.capNetBindService')) === 'true';
  const nativeSidecar = native
    ? firstNonEmpty(d.annotations[A.nativeSidecar], d.nativeSidecars ? 'true' : 'false') !== 'false'
    : (!isset(d, A.nativeSidecar) && d.nativeSidecars) || d.annotations[A.nativeSidecar] === 'true';
  const cni = truthy(v('pilot.cni.enabled'));
  const statusPort = ann(d, A.statusPort, v('global.proxy.statusPort'));
  const md = proxyMetadata(d);
  const appContainers = appContainerNames(d.spec);

  // metadata
  const labels: Rec = {};
  labels[L.tlsMode] = firstNonEmpty(d.labels[L.tlsMode], 'istio');
  if (md['ISTIO_META_ENABLE_HBONE'] === 'true') {
    labels[L.tunnel] = firstNonEmpty(d.labels[L.tunnel], 'http');
  }
  const appName = canonicalName(d).slice(0, 63);
  labels[L.canonicalName] = native
    ? trimChars(appName, '-_.', true, true)
    : appName.endsWith('-')
      ? appName.slice(0, -1)
      : appName;
  labels[L.canonicalRevision] = canonicalRevision(d);

  const annotations: Rec = {};
  annotations[A.rev] = firstNonEmpty(d.revision, 'default');
  if (appContainers.length >= 1) {
    if (!isset(d, A.defaultLogsContainer)) {
      annotations[A.defaultLogsContainer] = appContainers[0];
    }
    if (!isset(d, A.defaultContainer)) {
      annotations[A.defaultContainer] = appContainers[0];
    }
  }
  const includeIPRanges = ann(d, A.includeOutboundIPRanges, v('global.proxy.includeIPRanges'));
  const excludeIPRanges = ann(d, A.excludeOutboundIPRanges, v('global.proxy.excludeIPRanges'));
  const includeInbound = ann(d, A.includeInboundPorts, v('global.proxy.includeInboundPorts'));
  const excludeInbound = excludeInboundPort(
    statusPort,
    ann(d, A.excludeInboundPorts, v('global.proxy.excludeInboundPorts')),
  );
  const hasIncludeOutbound =
    isset(d, A.includeOutboundPorts) || goSprint(v('global.proxy.includeOutboundPorts') ?? '') !== '';
  const hasExcludeOutbound =
    isset(d, A.excludeOutboundPorts) || goSprint(v('global.proxy.excludeOutboundPorts') ?? '') !== '';
  if (cni) {
    if (v('pilot.cni.provider') === 'multus') {
      annotations[A.multusNetworks] = appendMultusNetwork(d.annotations[A.multusNetworks] ?? '', 'default/istio-cni');
    }
    annotations[A.interceptionMode] = interception;
    if (includeIPRanges !== '') {
      annotations[A.includeOutboundIPRanges] = includeIPRanges;
    }
    if (excludeIPRanges !== '') {
      annotations[A.excludeOutboundIPRanges] = excludeIPRanges;
    }
    if (native || includeInbound !== '') {
      annotations[A.includeInboundPorts] = includeInbound;
    }
    annotations[A.excludeInboundPorts] = excludeInbound;
    if (hasIncludeOutbound) {
      annotations[A.includeOutboundPorts] = ann(d, A.includeOutboundPorts, v('global.proxy.includeOutboundPorts'));
    }
    if (hasExcludeOutbound) {
      annotations[A.excludeOutboundPorts] = ann(d, A.excludeOutboundPorts, v('global.proxy.excludeOutboundPorts'));
    }
    for (const name of native
      ? [A.kubevirtInterfaces, A.rerouteVirtualInterfaces, A.excludeInterfaces]
      : [A.kubevirtInterfaces, A.excludeInterfaces]) {
      if (firstNonEmpty(d.annotations[name]) !== '') {
        annotations[name] = d.annotations[name];
      }
    }
  }

  // Newer injector: `sidecar.istio.io/adminTransport: UDS` serves Envoy's admin API on a socket.
  const adminUds = native && d.annotations[A.adminTransport] === 'UDS';
  const holdProxy =
    (d.proxyConfig['holdApplicationUntilProxyStarts'] === true ||
      truthy(v('global.proxy.holdApplicationUntilProxyStarts'))) &&
    !nativeSidecar;
  const res = resources(d);

  // init containers
  const initContainers: Rec[] = [];
  let deleteInitContainers = false;
  let emptyInitContainers = false;
  if (interception !== 'NONE') {
    const initImageSetting = ann(d, A.proxyImage, v('global.proxy_init.image'));
    const args: string[] = [
      'istio-iptables',
      '-p',
      goSprint(truthy(d.mesh['proxyListenPort']) ? d.mesh['proxyListenPort'] : '15001'),
      '-z',
      goSprint(truthy(d.mesh['proxyInboundListenPort']) ? d.mesh['proxyInboundListenPort'] : '15006'),
      '-u',
      tproxy ? '1337' : String(d.proxyUID || 1337),
      '-m',
      interception,
      '-i',
      includeIPRanges,
      '-x',
      excludeIPRanges,
      '-b',
      includeInbound,
      '-d',
      excludeInbound ? `15090,15021,${excludeInbound}` : '15090,15021',
    ];
    if (hasIncludeOutbound) {
      args.push('-q', ann(d, A.includeOutboundPorts, v('global.proxy.includeOutboundPorts')));
    }
    if (hasExcludeOutbound) {
      args.push('-o', ann(d, A.excludeOutboundPorts, v('global.proxy.excludeOutboundPorts')));
    }
    if (native && isset(d, A.rerouteVirtualInterfaces)) {
      args.push('-k', d.annotations[A.rerouteVirtualInterfaces] as string);
    } else if (isset(d, A.kubevirtInterfaces)) {
      args.push('-k', d.annotations[A.kubevirtInterfaces] as string);
    }
    if (isset(d, A.excludeInterfaces)) {
      args.push('-c', d.annotations[A.excludeInterfaces] as string);
    }
    args.push(`--log_output_level=${ann(d, A.agentLogLevel, v('global.logging.level'))}`);
    if (truthy(v('global.logAsJson'))) {
      args.push('--log_as_json');
    }
    if (cni) {
      args.push('--run-validation', '--skip-rule-apply');
    } else if (truthy(v('global.proxy_init.forceApplyIptables'))) {
      args.push('--force-apply');
    }
    if (native && truthy(v('global.nativeNftables'))) {
      args.push('--native-nftables');
    }
    const init: Rec = {
      name: cni ? 'istio-validation' : 'istio-init',
      image: initImageSetting.includes('/') ? initImageSetting : native ? d.proxyInitImage : d.proxyImage,
      args,
    };
    setPullPolicy(d, init);
    if (Object.keys(md).length > 0) {
      init['env'] = envOf(md);
    }
    init['resources'] = res ?? null;
    const privileged = v('global.proxy.privileged') === true;
    const sc: Rec = {
      allowPrivilegeEscalation: privileged,
      privileged,
      capabilities: cni ? { drop: ['ALL'] } : { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] },
    };
    if (!cni) {
      Object.assign(sc, { readOnlyRootFilesystem: false, runAsGroup: 0, runAsNonRoot: false, runAsUser: 0 });
    } else {
      Object.assign(sc, {
        readOnlyRootFilesystem: true,
        runAsGroup: tproxy ? 1337 : d.proxyGID || 1337,
        runAsUser: tproxy ? 1337 : d.proxyUID || 1337,
        runAsNonRoot: true,
      });
    }
    if (native && truthy(v('global.proxy.seccompProfile'))) {
      sc['seccompProfile'] = v('global.proxy.seccompProfile');
    }
    init['securityContext'] = sc;
    initContainers.push(init);
  } else if (!nativeSidecar) {
    // 1.24 renders an empty `initContainers:` (null: the patch deletes them); master renders `[]` (no change).
    if (native) {
      emptyInitContainers = true;
    } else {
      deleteInitContainers = true;
    }
  }

  // the proxy container
  const proxyImageSetting = ann(d, A.proxyImage, v('global.proxy.image'));
  const proxy: Rec = {
    name: 'istio-proxy',
    image: proxyImageSetting.includes('/') ? proxyImageSetting : d.proxyImage,
  };
  if (nativeSidecar) {
    proxy['restartPolicy'] = 'Always';
  }
  proxy['ports'] = [{ containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' }];
  const proxyArgs = pilotAgentArgs(d, 'sidecar');
  if (truthy(v('global.proxy.outlierLogPath'))) {
    proxyArgs.push(`--outlierLogPath=${goSprint(v('global.proxy.outlierLogPath'))}`);
  }
  proxy['args'] = proxyArgs;
  if (truthy(v('global.proxy.lifecycle'))) {
    proxy['lifecycle'] = v('global.proxy.lifecycle');
  } else if (holdProxy) {
    proxy['lifecycle'] = { postStart: { exec: { command: ['pilot-agent', 'wait'] } } };
  } else if (nativeSidecar) {
    proxy['lifecycle'] = {
      preStop: {
        exec: {
          command: adminUds
            ? ['pilot-agent', 'request', 'POST', 'drain_listeners?inboundonly&graceful&skip_exit']
            : ['pilot-agent', 'request', `--debug-port=${statusPort}`, 'POST', 'drain'],
        },
      },
    };
  }

  const env: Rec[] = [];
  const inbound = (d.mesh['inboundTrafficPolicy'] as Rec | undefined)?.['mode'];
  if (inbound === 'LOCALHOST') {
    env.push({ name: 'REWRITE_PROBE_LEGACY_LOCALHOST_DESTINATION', value: 'true' });
  }
  env.push(...podEnv(d));
  env.push({ name: 'ISTIO_META_APP_CONTAINERS', value: appContainers.join(',') });
  env.push(...goRuntimeEnv(d));
  env.push(
    ...clusterEnv(d, firstNonEmpty(d.annotations[A.interceptionMode], goSprint(d.proxyConfig['interceptionMode'] ?? 'REDIRECT'))),
  );
  const workloadName = native ? firstNonEmpty(d.labels[L.workloadName], d.deployMeta.name) : d.deployMeta.name;
  if (workloadName !== '') {
    env.push({ name: 'ISTIO_META_WORKLOAD_NAME', value: workloadName });
  }
  env.push(...ownerEnv(d));
  if (isset(d, A.bootstrapOverride)) {
    env.push({ name: 'ISTIO_BOOTSTRAP_OVERRIDE', value: '/etc/istio/custom-bootstrap/custom_bootstrap.json' });
  }
  env.push(...meshEnv(d));
  if (adminUds) {
    env.push({ name: 'ISTIO_ENVOY_ADMIN_TRANSPORT', value: 'UDS' });
    if (nativeSidecar) {
      env.push({ name: 'ISTIO_NATIVE_SIDECAR', value: 'true' });
    }
  }
  if (v('global.proxy.tracer') === 'datadog' && isset(d, A.datadogEnv)) {
    let dd: unknown;
    try {
      dd = JSON.parse(d.annotations[A.datadogEnv] as string);
    } catch {
      dd = {};
    }
    if (isRec(dd)) {
      env.push(...envOf(dd));
    }
  }
  env.push(...envOf(md));
  proxy['env'] = env;
  setPullPolicy(d, proxy);
  if (statusPort !== '0') {
    if (truthy(v('global.proxy.startupProbe.enabled'))) {
      proxy['startupProbe'] = withoutZeros({
        httpGet: { path: '/healthz/ready', port: 15021 },
        periodSeconds: 1,
        timeoutSeconds: 3,
        failureThreshold: Number(goSprint(v('global.proxy.startupProbe.failureThreshold'))),
      });
    }
    proxy['readinessProbe'] = withoutZeros({
      httpGet: { path: '/healthz/ready', port: 15021 },
      initialDelaySeconds: Number(ann(d, A.readinessInitialDelay, v('global.proxy.readinessInitialDelaySeconds'))),
      periodSeconds: Number(ann(d, A.readinessPeriod, v('global.proxy.readinessPeriodSeconds'))),
      timeoutSeconds: 3,
      failureThreshold: Number(ann(d, A.readinessFailureThreshold, v('global.proxy.readinessFailureThreshold'))),
    });
  }
  const privileged = v('global.proxy.privileged') === true;
  let sc: Rec;
  if (md['IPTABLES_TRACE_LOGGING'] === 'true') {
    sc = {
      allowPrivilegeEscalation: true,
      capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] },
      privileged: true,
      readOnlyRootFilesystem: true,
      runAsGroup: d.proxyGID || 1337,
      runAsNonRoot: false,
      runAsUser: 0,
    };
  } else {
    const caps: Rec = {};
    if (tproxy || capNetBindService) {
      caps['add'] = [...(tproxy ? ['NET_ADMIN'] : []), ...(capNetBindService ? ['NET_BIND_SERVICE'] : [])];
    }
    caps['drop'] = ['ALL'];
    sc = { allowPrivilegeEscalation: privileged, capabilities: caps, privileged, readOnlyRootFilesystem: true };
    const root = native ? tproxy || capNetBindService : tproxy;
    if (root) {
      Object.assign(sc, { runAsNonRoot: false, runAsUser: 0, runAsGroup: 1337 });
    } else {
      Object.assign(sc, { runAsNonRoot: true, runAsUser: d.proxyUID || 1337, runAsGroup: d.proxyGID || 1337 });
    }
  }
  if (native && truthy(v('global.proxy.seccompProfile'))) {
    sc['seccompProfile'] = v('global.proxy.seccompProfile');
  }
  proxy['securityContext'] = sc;
  proxy['resources'] = res ?? null;

  const istiodCerts = v('global.pilotCertProvider') === 'istiod';
  const gke = v('global.caName') === 'GkeWorkloadCertificate';
  const spiffeBundle =
    native && typeof md['SPIFFE_BUNDLE_MAP_PATH'] === 'string' && md['SPIFFE_BUNDLE_MAP_PATH'] !== '';
  const mounts: Rec[] = [];
  if (spiffeBundle) {
    const dir = (md['SPIFFE_BUNDLE_MAP_PATH'] as string).replace(/[^/]*$/, '');
    mounts.push({ name: 'istio-trust-domains', mountPath: dir, readOnly: true });
    if (!istiodCerts) {
      mounts.push({ name: 'istio-ca-crl', mountPath: '/var/run/secrets/istio/crl', readOnly: true });
    }
  }
  mounts.push(...identityMounts(gke));
  if (istiodCerts) {
    mounts.push({ mountPath: '/var/run/secrets/istio', name: 'istiod-ca-cert' });
    if (native) {
      mounts.push({
        mountPath: '/var/run/secrets/istio/crl',
        name: 'istio-ca-crl',
        ...(spiffeBundle ? { readOnly: true } : {}),
      });
    }
  }
  mounts.push({ mountPath: '/var/lib/istio/data', name: 'istio-data' });
  if (isset(d, A.bootstrapOverride)) {
    mounts.push({ mountPath: '/etc/istio/custom-bootstrap', name: 'custom-bootstrap-volume' });
  }
  mounts.push(...proxyMounts(d));
  const tracingTls = lightstepTls(d);
  if (v('global.proxy.tracer') === 'lightstep' && tracingTls !== undefined) {
    mounts.push({ mountPath: tracingTls.replace(/[^/]*$/, ''), name: 'lightstep-certs', readOnly: true });
  }
  if (isset(d, A.userVolumeMount)) {
    for (const [name, value] of sortedEntries(parseJsonAnnotation(d, A.userVolumeMount))) {
      mounts.push({ name, ...(isRec(value) ? value : {}) });
    }
  }
  proxy['volumeMounts'] = mounts;

  // volumes
  const volumes: Rec[] = [];
  if (spiffeBundle) {
    const base = (md['SPIFFE_BUNDLE_MAP_PATH'] as string).replace(/^.*\//, '');
    volumes.push({
      name: 'istio-trust-domains',
      configMap: {
        name: 'istio-trust-domains',
        optional: true,
        items: [{ key: 'spiffe-bundle-map.json', path: base }],
      },
    });
  }
  volumes.push({ emptyDir: null, name: 'workload-socket' });
  volumes.push({ emptyDir: null, name: 'credential-socket' });
  volumes.push(
    gke
      ? { name: 'gke-workload-certificate', csi: { driver: 'workloadcertificates.security.cloud.google.com' } }
      : { emptyDir: null, name: 'workload-certs' },
  );
  if (isset(d, A.bootstrapOverride)) {
    volumes.push({ name: 'custom-bootstrap-volume', configMap: { name: d.annotations[A.bootstrapOverride] } });
  }
  volumes.push({ emptyDir: { medium: 'Memory' }, name: 'istio-envoy' });
  volumes.push({ name: 'istio-data', emptyDir: {} });
  volumes.push(...podinfoAndTokenVolumes(d));
  if (istiodCerts) {
    const trustBundle = trustBundleName(d);
    if (native && valueAt(d.values, 'pilot.env.ENABLE_CLUSTER_TRUST_BUNDLE_API') === true) {
      volumes.push({
        name: 'istiod-ca-cert',
        projected: {
          sources: [
            {
              clusterTrustBundle: {
                name: `istio.io:istiod-ca:${firstNonEmpty(trustBundle, 'root-cert')}`,
                path: 'root-cert.pem',
              },
            },
          ],
        },
      });
    } else {
      volumes.push({ name: 'istiod-ca-cert', configMap: { name: firstNonEmpty(trustBundle, 'istio-ca-root-cert') } });
    }
  }
  if (native) {
    const crl = truthy(v('pilot.crlConfigMapName')) ? goSprint(v('pilot.crlConfigMapName')) : 'istio-ca-crl';
    volumes.push({ name: 'istio-ca-crl', configMap: { name: crl, optional: true } });
  }
  volumes.push(...mtlsCertsVolumes(d));
  if (isset(d, A.userVolume)) {
    for (const [name, value] of sortedEntries(parseJsonAnnotation(d, A.userVolume))) {
      volumes.push({ name, ...(isRec(value) ? value : {}) });
    }
  }
  if (v('global.proxy.tracer') === 'lightstep' && tracingTls !== undefined) {
    volumes.push({ name: 'lightstep-certs', secret: { optional: true, secretName: 'lightstep.cacert' } });
  }

  const spec: Rec = {};
  if (deleteInitContainers) {
    spec['initContainers'] = null;
  } else if (emptyInitContainers) {
    spec['initContainers'] = [];
  } else {
    spec['initContainers'] = nativeSidecar ? [...initContainers, proxy] : initContainers;
  }
  if (!nativeSidecar) {
    spec['containers'] = [proxy];
  }
  spec['volumes'] = volumes;
  setPullSecrets(d, spec);
  return { metadata: { labels, annotations }, spec };
}

/** Probe counts are `omitempty` int32 in Go: zero (or unparsable) values are not written. */
function withoutZeros(probe: Rec): Rec {
  const out: Rec = {};
  for (const [k, x] of Object.entries(probe)) {
    if (typeof x === 'number' && (x === 0 || Number.isNaN(x))) {
      continue;
    }
    out[k] = x;
  }
  return out;
}

function lightstepTls(d: TemplateData): string | undefined {
  const tracing = d.proxyConfig['tracing'];
  const tls = isRec(tracing) ? tracing['tlsSettings'] : undefined;
  if (!isRec(tls)) {
    return undefined;
  }
  return typeof tls['caCertificates'] === 'string' ? (tls['caCertificates'] as string) : '';
}

/** appendMultusNetwork from pkg/kube/inject/template.go. */
export function appendMultusNetwork(existing: string, network: string): string {
  if (existing === '') {
    return network;
  }
  const i = existing.lastIndexOf(']');
  if (i !== -1) {
    let nets: unknown;
    try {
      nets = JSON.parse(existing);
    } catch {
      return existing;
    }
    if (Array.isArray(nets) && nets.some((n) => isRec(n) && n['name'] === network)) {
      return existing;
    }
    return `${existing.slice(0, i)}, {"name": "${network}"}${existing.slice(i)}`;
  }
  if (existing.split(',').some((n) => n.trim() === network)) {
    return existing;
  }
  return `${existing}, ${network}`;
}

/**
 * The `gateway` template (files/gateway-injection-template.yaml), chosen with `inject.istio.io/templates: gateway`:
 * the pod's own `istio-proxy` container becomes a router; no init container, no traffic capture.
 */
export function renderGatewayTemplate(d: TemplateData): Rec {
  const v = (path: string): unknown => valueAt(d.values, path);
  const native = d.flavor === 'native';
  const appContainers = appContainerNames(d.spec);
  const labels: Rec = { [L.canonicalName]: canonicalName(d), [L.canonicalRevision]: canonicalRevision(d) };
  const annotations: Rec = { [A.rev]: firstNonEmpty(d.revision, 'default') };
  if (appContainers.length === 1) {
    annotations[A.defaultLogsContainer] = appContainers[0];
    annotations[A.defaultContainer] = appContainers[0];
  }
  const imageSetting = ann(d, A.proxyImage, v('global.proxy.image'));
  const args = pilotAgentArgs(d, 'router');
  const env: Rec[] = podEnv(d);
  env.push(...goRuntimeEnv(d));
  env.push({ name: 'ISTIO_META_APP_CONTAINERS', value: appContainers.join(',') });
  env.push(...clusterEnv(d, goSprint(d.proxyConfig['interceptionMode'] ?? 'REDIRECT')));
  if (d.deployMeta.name !== '') {
    env.push({ name: 'ISTIO_META_WORKLOAD_NAME', value: d.deployMeta.name });
  }
  env.push(...ownerEnv(d));
  env.push(...meshEnv(d));
  env.push(...envOf(proxyMetadata(d)));
  const proxy: Rec = {
    name: 'istio-proxy',
    image: imageSetting.includes('/') ? imageSetting : d.proxyImage,
    ports: [{ containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' }],
    args,
  };
  if (truthy(v('global.proxy.lifecycle'))) {
    proxy['lifecycle'] = v('global.proxy.lifecycle');
  }
  proxy['securityContext'] = { runAsUser: d.proxyUID || 1337, runAsGroup: d.proxyGID || 1337 };
  proxy['env'] = env;
  setPullPolicy(d, proxy);
  proxy['readinessProbe'] = withoutZeros({
    httpGet: { path: '/healthz/ready', port: 15021 },
    initialDelaySeconds: Number(goSprint(v('global.proxy.readinessInitialDelaySeconds'))),
    periodSeconds: Number(goSprint(v('global.proxy.readinessPeriodSeconds'))),
    timeoutSeconds: 3,
    failureThreshold: Number(goSprint(v('global.proxy.readinessFailureThreshold'))),
  });
  const istiodCerts = v('global.pilotCertProvider') === 'istiod';
  const gke = v('global.caName') === 'GkeWorkloadCertificate';
  const mounts: Rec[] = identityMounts(gke);
  if (istiodCerts) {
    mounts.push({ mountPath: '/var/run/secrets/istio', name: 'istiod-ca-cert' });
  }
  mounts.push({ mountPath: '/var/lib/istio/data', name: 'istio-data' });
  mounts.push(...proxyMounts(d));
  proxy['volumeMounts'] = mounts;

  const volumes: Rec[] = [
    { emptyDir: {}, name: 'workload-socket' },
    { emptyDir: {}, name: 'credential-socket' },
    gke
      ? { name: 'gke-workload-certificate', csi: { driver: 'workloadcertificates.security.cloud.google.com' } }
      : { emptyDir: {}, name: 'workload-certs' },
    { emptyDir: { medium: 'Memory' }, name: 'istio-envoy' },
    { name: 'istio-data', emptyDir: {} },
    ...podinfoAndTokenVolumes(d),
  ];
  if (istiodCerts) {
    volumes.push({ name: 'istiod-ca-cert', configMap: { name: firstNonEmpty(trustBundleName(d), 'istio-ca-root-cert') } });
  }
  volumes.push(...mtlsCertsVolumes(d));
  const spec: Rec = {};
  if (native) {
    const gw = v('gateways.securityContext');
    spec['securityContext'] = truthy(gw)
      ? gw
      : { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] };
  }
  spec['containers'] = [proxy];
  spec['volumes'] = volumes;
  setPullSecrets(d, spec);
  return { metadata: { labels, annotations }, spec };
}
