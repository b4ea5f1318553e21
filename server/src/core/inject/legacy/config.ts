/**
 * Inputs of the Istio 0.2 injector: the `istio-inject` ConfigMap (policy, namespaces, params) and the 0.2 mesh
 * config (ConfigMap `istio`, key `mesh`). Both are read the way 0.2 read them: Go's JSON decoding matched keys
 * case-insensitively, the mesh config was merged field by field over 0.2's defaults, and missing params got
 * the defaults of `GetInitializerConfig`.
 */
import { isRec } from '../../plainData';
import type { Rec } from '../../plainData';
import { parseDocument } from 'yaml';
import { durationFromConfig, formatGoDuration } from './duration';

/** The Istio release this profile follows; the default image tag. */
export const LEGACY_ISTIO_VERSION = '0.2.6';
export const LEGACY_DEFAULT_HUB = 'docker.io/istio';
export const LEGACY_DEFAULT_INITIALIZER_NAME = 'sidecar.initializer.istio.io';
export const LEGACY_DEFAULT_SIDECAR_UID = 1337;
export const LEGACY_DEFAULT_PULL_POLICY = 'IfNotPresent';

export type LegacyPolicy = 'off' | 'disabled' | 'enabled';
export const LEGACY_POLICIES: readonly LegacyPolicy[] = ['off', 'disabled', 'enabled'];

/** `params` of the `istio-inject` ConfigMap, defaults applied. */
export interface LegacyParams {
  readonly initImage: string;
  readonly proxyImage: string;
  readonly verbosity: number;
  readonly sidecarProxyUID: number;
  readonly version: string;
  readonly enableCoreDump: boolean;
  readonly debugMode: boolean;
  /** As written; the injector maps unknown values to IfNotPresent as 0.2 did. */
  readonly imagePullPolicy: string;
  readonly includeIPRanges: string;
}

/** The `config` key of the `istio-inject` ConfigMap, defaults applied. */
export interface LegacyInjectConfig {
  readonly policy: LegacyPolicy;
  /** Namespaces the initializer watches; `""` means all of them. */
  readonly namespaces: readonly string[];
  readonly excludeNamespaces: readonly string[];
  readonly initializerName: string;
  readonly params: LegacyParams;
}

/** The 0.2 `ProxyConfig` fields the injector writes into the proxy's arguments (durations already formatted). */
export interface LegacyProxyConfig {
  readonly configPath: string;
  readonly binaryPath: string;
  readonly serviceCluster: string;
  readonly drainDuration: string;
  readonly parentShutdownDuration: string;
  readonly discoveryAddress: string;
  readonly discoveryRefreshDelay: string;
  readonly zipkinAddress: string;
  readonly connectTimeout: string;
  readonly statsdUdpAddress: string;
  readonly proxyAdminPort: number;
}

/** The 0.2 `MeshConfig` fields that matter to injection. */
export interface LegacyMeshConfig {
  readonly proxyListenPort: number;
  readonly authPolicy: 'NONE' | 'MUTUAL_TLS';
  readonly defaultConfig: LegacyProxyConfig;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** Go's encoding/json: an exact key wins, else the first key equal ignoring case. Null counts as absent. */
function field(obj: Rec, ...names: string[]): unknown {
  for (const name of names) {
    if (Object.hasOwn(obj, name) && obj[name] !== null) {
      return obj[name];
    }
  }
  const lower = names.map((n) => n.toLowerCase());
  for (const key of Object.keys(obj)) {
    if (lower.includes(key.toLowerCase()) && obj[key] !== null) {
      return obj[key];
    }
  }
  return undefined;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) {
    return 'a list';
  }
  if (isRec(v)) {
    return 'a mapping';
  }
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** Parses YAML text as Go's YAML 1.1 reader would; the single document's value or an error message. */
function parseYamlText(text: string, what: string): Parsed<unknown> {
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false });
  const first = doc.errors[0];
  if (first) {
    return { ok: false, message: `${what} is not valid YAML: ${first.message.split('\n')[0]}` };
  }
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) as unknown };
  } catch (e) {
    return { ok: false, message: `${what} is not valid YAML: ${(e as Error).message}` };
  }
}

/** The defaults the 0.2 install shipped: the guide's `istio-inject` ConfigMap. */
export function defaultLegacyInjectConfig(): LegacyInjectConfig {
  return {
    policy: 'enabled',
    namespaces: [''],
    excludeNamespaces: [],
    initializerName: LEGACY_DEFAULT_INITIALIZER_NAME,
    params: {
      initImage: `${LEGACY_DEFAULT_HUB}/proxy_init:${LEGACY_ISTIO_VERSION}`,
      proxyImage: `${LEGACY_DEFAULT_HUB}/proxy:${LEGACY_ISTIO_VERSION}`,
      verbosity: 2,
      sidecarProxyUID: LEGACY_DEFAULT_SIDECAR_UID,
      version: LEGACY_ISTIO_VERSION,
      enableCoreDump: false,
      debugMode: false,
      imagePullPolicy: LEGACY_DEFAULT_PULL_POLICY,
      includeIPRanges: '',
    },
  };
}

const PREFIX = 'istio-inject config';

/**
 * Reads the 0.2 injector configuration. Accepts the `istio-inject` ConfigMap (its `data.config` is YAML text),
 * the `config` content itself (an object, or its YAML text), or undefined for the 0.2 install defaults.
 */
export function parseLegacyInjectConfig(input: unknown): Parsed<LegacyInjectConfig> {
  if (input === undefined || input === null) {
    return { ok: true, value: defaultLegacyInjectConfig() };
  }
  let content: unknown = input;
  if (typeof input === 'string') {
    const parsed = parseYamlText(input, PREFIX);
    if (!parsed.ok) {
      return parsed;
    }
    content = parsed.value;
    if (content === null || content === undefined) {
      return { ok: true, value: defaultLegacyInjectConfig() };
    }
  }
  if (!isRec(content)) {
    return { ok: false, message: `${PREFIX} must be a mapping (policy, namespaces, params), not ${describe(content)}` };
  }
  if (content['kind'] === 'ConfigMap' || (isRec(content['data']) && !('policy' in content) && !('params' in content))) {
    const data = content['data'];
    const text = isRec(data) ? data['config'] : undefined;
    if (typeof text !== 'string') {
      return { ok: false, message: `${PREFIX}: the ConfigMap has no data.config (the key Istio 0.2 reads)` };
    }
    const parsed = parseYamlText(text, `${PREFIX} (data.config)`);
    if (!parsed.ok) {
      return parsed;
    }
    content = parsed.value ?? {};
    if (!isRec(content)) {
      return { ok: false, message: `${PREFIX}: data.config must hold a mapping, not ${describe(content)}` };
    }
  }
  return readConfig(content);
}

function readConfig(c: Rec): Parsed<LegacyInjectConfig> {
  const err = (message: string): Parsed<LegacyInjectConfig> => ({ ok: false, message: `${PREFIX}: ${message}` });

  const policyRaw = field(c, 'policy');
  let policy: LegacyPolicy = 'enabled';
  if (policyRaw !== undefined) {
    if (typeof policyRaw !== 'string') {
      return err(`policy must be one of off, disabled, enabled (got ${describe(policyRaw)})`);
    }
    if (policyRaw !== '') {
      if (!(LEGACY_POLICIES as readonly string[]).includes(policyRaw)) {
        return err(
          `unknown policy ${JSON.stringify(policyRaw)}; use off, disabled or enabled ` +
            '(Istio 0.2 silently fell back to "enabled" for any other value)',
        );
      }
      policy = policyRaw as LegacyPolicy;
    }
  }

  const namespaces = stringList(field(c, 'namespaces'), 'namespaces');
  if (typeof namespaces === 'string') {
    return err(namespaces);
  }
  const excludeNamespaces = stringList(field(c, 'excludeNamespaces'), 'excludeNamespaces');
  if (typeof excludeNamespaces === 'string') {
    return err(excludeNamespaces);
  }
  if (namespaces !== undefined && excludeNamespaces !== undefined) {
    return err('cannot configure both namespaces and excludeNamespaces; use one of them');
  }
  if (excludeNamespaces?.includes('')) {
    return err('excludeNamespaces cannot contain "" (that means all namespaces)');
  }

  const initializerName = field(c, 'initializerName');
  if (initializerName !== undefined && typeof initializerName !== 'string') {
    return err(`initializerName must be a string (got ${describe(initializerName)})`);
  }

  const paramsRaw = field(c, 'params') ?? {};
  if (!isRec(paramsRaw)) {
    return err(`params must be a mapping (got ${describe(paramsRaw)})`);
  }
  const params = readParams(paramsRaw);
  if (typeof params === 'string') {
    return err(params);
  }
  return {
    ok: true,
    value: {
      policy,
      namespaces: namespaces ?? [''],
      excludeNamespaces: excludeNamespaces ?? [],
      initializerName: initializerName === undefined || initializerName === '' ? LEGACY_DEFAULT_INITIALIZER_NAME : initializerName,
      params,
    },
  };
}

function stringList(v: unknown, name: string): string[] | undefined | string {
  if (v === undefined) {
    return undefined;
  }
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
    return `${name} must be a list of namespace names (got ${describe(v)})`;
  }
  return v as string[];
}

function readParams(p: Rec): LegacyParams | string {
  const str = (name: string): string | undefined | { error: string } => {
    const v = field(p, name);
    if (v === undefined) {
      return undefined;
    }
    if (typeof v !== 'string') {
      return { error: `params.${name} must be a string${typeof v === 'number' ? ' (quote it)' : ''} (got ${describe(v)})` };
    }
    return v;
  };
  const int = (name: string): number | undefined | { error: string } => {
    const v = field(p, name);
    if (v === undefined) {
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      return { error: `params.${name} must be an integer (got ${describe(v)})` };
    }
    return v;
  };
  const bool = (name: string): boolean | undefined | { error: string } => {
    const v = field(p, name);
    if (v === undefined) {
      return undefined;
    }
    if (typeof v !== 'boolean') {
      return { error: `params.${name} must be true or false (got ${describe(v)})` };
    }
    return v;
  };

  const initImage = str('initImage');
  const proxyImage = str('proxyImage');
  const verbosity = int('verbosity');
  const uid = int('sidecarProxyUID');
  const version = str('version');
  const enableCoreDump = bool('enableCoreDump');
  const debugMode = bool('debugMode');
  const imagePullPolicy = str('imagePullPolicy');
  const includeIPRanges = str('includeIPRanges');
  for (const v of [initImage, proxyImage, verbosity, uid, version, enableCoreDump, debugMode, imagePullPolicy, includeIPRanges]) {
    if (v !== null && typeof v === 'object') {
      return v.error;
    }
  }
  const debug = (debugMode as boolean | undefined) ?? false;
  const s = (v: typeof initImage): string => (typeof v === 'string' ? v : '');
  const sidecarProxyUID = (uid as number | undefined) ?? 0;
  if (sidecarProxyUID < 0) {
    return `params.sidecarProxyUID must not be negative (got ${sidecarProxyUID})`;
  }
  return {
    // Defaults of 0.2's GetInitializerConfig: empty images get the 0.2 hub and tag, debug mode picks proxy_debug.
    initImage: s(initImage) || `${LEGACY_DEFAULT_HUB}/proxy_init:${LEGACY_ISTIO_VERSION}`,
    proxyImage: s(proxyImage) || `${LEGACY_DEFAULT_HUB}/${debug ? 'proxy_debug' : 'proxy'}:${LEGACY_ISTIO_VERSION}`,
    verbosity: (verbosity as number | undefined) ?? 0,
    sidecarProxyUID: sidecarProxyUID === 0 ? LEGACY_DEFAULT_SIDECAR_UID : sidecarProxyUID,
    version: s(version),
    enableCoreDump: (enableCoreDump as boolean | undefined) ?? false,
    debugMode: debug,
    imagePullPolicy: s(imagePullPolicy) || LEGACY_DEFAULT_PULL_POLICY,
    includeIPRanges: s(includeIPRanges),
  };
}

/** 0.2's `proxy.DefaultMeshConfig()`: the values used when no mesh config is given. */
export function defaultLegacyMeshConfig(): LegacyMeshConfig {
  return {
    proxyListenPort: 15001,
    authPolicy: 'NONE',
    defaultConfig: {
      configPath: '/etc/istio/proxy',
      binaryPath: '/usr/local/bin/envoy',
      serviceCluster: 'istio-proxy',
      drainDuration: '2s',
      parentShutdownDuration: '3s',
      discoveryAddress: 'istio-pilot:8080',
      discoveryRefreshDelay: '1s',
      zipkinAddress: '',
      connectTimeout: '1s',
      statsdUdpAddress: '',
      proxyAdminPort: 15000,
    },
  };
}

const MESH = 'mesh config';

/**
 * Reads a 0.2 mesh config over 0.2's defaults. Accepts the `istio` ConfigMap (key `mesh` holds YAML), the mesh
 * content (object or YAML text), or undefined. Keys may be camelCase or proto snake_case, as jsonpb accepted.
 */
export function parseLegacyMeshConfig(input: unknown): Parsed<LegacyMeshConfig> {
  const defaults = defaultLegacyMeshConfig();
  if (input === undefined || input === null) {
    return { ok: true, value: defaults };
  }
  let content: unknown = input;
  if (typeof input === 'string') {
    const parsed = parseYamlText(input, MESH);
    if (!parsed.ok) {
      return parsed;
    }
    content = parsed.value ?? {};
  }
  if (!isRec(content)) {
    return { ok: false, message: `${MESH} must be a mapping, not ${describe(content)}` };
  }
  if (content['kind'] === 'ConfigMap') {
    const data = content['data'];
    const text = isRec(data) ? data['mesh'] : undefined;
    if (typeof text !== 'string') {
      return { ok: false, message: `${MESH}: the ConfigMap has no data.mesh (the key Istio 0.2 reads)` };
    }
    const parsed = parseYamlText(text, `${MESH} (data.mesh)`);
    if (!parsed.ok) {
      return parsed;
    }
    content = parsed.value ?? {};
    if (!isRec(content)) {
      return { ok: false, message: `${MESH}: data.mesh must hold a mapping, not ${describe(content)}` };
    }
  }
  return readMesh(content, defaults);
}

function readMesh(m: Rec, d: LegacyMeshConfig): Parsed<LegacyMeshConfig> {
  const err = (message: string): Parsed<LegacyMeshConfig> => ({ ok: false, message: `${MESH}: ${message}` });

  const port = (v: unknown, name: string, dflt: number): number | string => {
    if (v === undefined) {
      return dflt;
    }
    const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535) {
      return `${name} must be a port number between 1 and 65535 (got ${describe(v)})`;
    }
    return n;
  };

  const listen = port(field(m, 'proxyListenPort', 'proxy_listen_port'), 'proxyListenPort', d.proxyListenPort);
  if (typeof listen === 'string') {
    return err(listen);
  }

  let authPolicy = d.authPolicy;
  const auth = field(m, 'authPolicy', 'auth_policy');
  if (auth !== undefined) {
    if (auth === 'NONE' || auth === 0) {
      authPolicy = 'NONE';
    } else if (auth === 'MUTUAL_TLS' || auth === 1) {
      authPolicy = 'MUTUAL_TLS';
    } else {
      return err(`authPolicy must be NONE or MUTUAL_TLS (got ${describe(auth)})`);
    }
  }

  const dc = field(m, 'defaultConfig', 'default_config') ?? {};
  if (!isRec(dc)) {
    return err(`defaultConfig must be a mapping (got ${describe(dc)})`);
  }
  const base = d.defaultConfig;
  const strField = (name: string, snake: string, dflt: string): string | { error: string } => {
    const v = field(dc, name, snake);
    if (v === undefined) {
      return dflt;
    }
    if (typeof v !== 'string') {
      return { error: `defaultConfig.${name} must be a string (got ${describe(v)})` };
    }
    return v;
  };
  const durField = (name: string, snake: string, dflt: string): string | { error: string } => {
    const v = field(dc, name, snake);
    if (v === undefined) {
      return dflt;
    }
    const nanos = durationFromConfig(v);
    if (nanos === undefined) {
      return { error: `defaultConfig.${name} must be a duration such as "1s" or "1m0s" (got ${describe(v)})` };
    }
    if (nanos < 0n) {
      return { error: `defaultConfig.${name} must not be negative (got ${describe(v)})` };
    }
    return formatGoDuration(nanos);
  };
  const values = {
    configPath: strField('configPath', 'config_path', base.configPath),
    binaryPath: strField('binaryPath', 'binary_path', base.binaryPath),
    serviceCluster: strField('serviceCluster', 'service_cluster', base.serviceCluster),
    drainDuration: durField('drainDuration', 'drain_duration', base.drainDuration),
    parentShutdownDuration: durField('parentShutdownDuration', 'parent_shutdown_duration', base.parentShutdownDuration),
    discoveryAddress: strField('discoveryAddress', 'discovery_address', base.discoveryAddress),
    discoveryRefreshDelay: durField('discoveryRefreshDelay', 'discovery_refresh_delay', base.discoveryRefreshDelay),
    zipkinAddress: strField('zipkinAddress', 'zipkin_address', base.zipkinAddress),
    connectTimeout: durField('connectTimeout', 'connect_timeout', base.connectTimeout),
    statsdUdpAddress: strField('statsdUdpAddress', 'statsd_udp_address', base.statsdUdpAddress),
  };
  for (const v of Object.values(values)) {
    if (typeof v !== 'string') {
      return err(v.error);
    }
  }
  const admin = port(field(dc, 'proxyAdminPort', 'proxy_admin_port'), 'defaultConfig.proxyAdminPort', base.proxyAdminPort);
  if (typeof admin === 'string') {
    return err(admin);
  }
  const s = values as Record<keyof typeof values, string>;
  return {
    ok: true,
    value: {
      proxyListenPort: listen,
      authPolicy,
      defaultConfig: { ...s, proxyAdminPort: admin },
    },
  };
}
