/** Protocols today's Istio recognises as a port-name prefix or `appProtocol` (case-insensitive). */
export const PORT_PROTOCOLS: readonly string[] = [
  'http',
  'http2',
  'https',
  'grpc',
  'grpc-web',
  'tcp',
  'tls',
  'mongo',
  'mysql',
  'redis',
  'udp',
];

/** The prefixes the Istio 0.2 install guide lists for port names. */
export const LEGACY_PORT_PROTOCOLS: readonly string[] = ['http', 'http2', 'grpc', 'mongo', 'redis', 'tcp', 'udp'];

/** The `appProtocol` values Kubernetes defines that Istio maps to a protocol. */
const KUBERNETES_APP_PROTOCOLS: Readonly<Record<string, string>> = {
  'kubernetes.io/h2c': 'http2',
  'kubernetes.io/ws': 'http',
  'kubernetes.io/wss': 'https',
};

/** Ports Istio takes as TCP when neither `appProtocol` nor the name names a protocol: SMTP, DNS, MySQL, MongoDB. */
export const WELL_KNOWN_TCP_PORTS: readonly number[] = [25, 53, 3306, 27017];

/** Protocols Istio also parses but that nobody should write as a Service port's protocol. */
const PARSED_ONLY: readonly string[] = ['http_proxy'];

/** The protocols worth suggesting in messages and quick fixes (UDP is declared with `protocol: UDP`, not a name). */
export function suggestedProtocols(known: readonly string[]): string[] {
  return known.filter((p) => p !== 'udp');
}

/** Where a port's protocol came from, or why none was found. */
export type PortProtocol =
  | {
      readonly kind: 'protocol';
      readonly protocol: string;
      readonly from: 'udp' | 'appProtocol' | 'name' | 'wellKnownPort';
    }
  | { readonly kind: 'unnamed' }
  /** `source` is set when the unknown value is the `appProtocol` (which Istio reads instead of the name). */
  | { readonly kind: 'unrecognised'; readonly prefix: string; readonly source?: 'appProtocol' };

/** The fields of a Service port that decide its protocol. */
export interface ServicePortFields {
  name?: string | undefined;
  protocol?: string | undefined;
  appProtocol?: string | undefined;
  port?: string | number | undefined;
}

/**
 * The protocol of a Service port as Istio derives it (`ConvertProtocol`): `protocol: UDP`; else `appProtocol` when set
 * (the name is then not read at all), else the name; the prefix before the first `-` (or a `grpc-web` prefix) must be
 * a known protocol; failing that, a well-known port (25, 53, 3306, 27017) is TCP.
 */
export function portProtocol(
  port: ServicePortFields,
  known: readonly string[] = PORT_PROTOCOLS,
  wellKnownPorts: readonly number[] = WELL_KNOWN_TCP_PORTS,
): PortProtocol {
  if (port.protocol?.toUpperCase() === 'UDP') {
    return { kind: 'protocol', protocol: 'udp', from: 'udp' };
  }
  const fromApp = port.appProtocol !== undefined;
  const value = port.appProtocol ?? port.name ?? '';
  const from = fromApp ? 'appProtocol' : 'name';
  const mapped = fromApp ? KUBERNETES_APP_PROTOCOLS[value.toLowerCase()] : undefined;
  if (mapped && known.includes(mapped)) {
    return { kind: 'protocol', protocol: mapped, from };
  }
  const lower = value.toLowerCase();
  let prefix: string;
  // grpc-web holds a dash itself, so it is matched as a prefix before splitting at the first dash.
  if (known.includes('grpc-web') && lower.startsWith('grpc-web')) {
    prefix = 'grpc-web';
  } else {
    const dash = lower.indexOf('-');
    prefix = dash < 0 ? lower : lower.slice(0, dash);
  }
  // Today's protocol list also parses http_proxy (never suggested); the 0.2 list does not.
  if (known.includes(prefix) || (known === PORT_PROTOCOLS && PARSED_ONLY.includes(prefix))) {
    return { kind: 'protocol', protocol: prefix, from };
  }
  const number = typeof port.port === 'number' ? port.port : Number(port.port ?? NaN);
  if (wellKnownPorts.includes(number)) {
    return { kind: 'protocol', protocol: 'tcp', from: 'wellKnownPort' };
  }
  if (value === '' && !fromApp) {
    return { kind: 'unnamed' };
  }
  return fromApp ? { kind: 'unrecognised', prefix, source: 'appProtocol' } : { kind: 'unrecognised', prefix };
}

/** The protocols, longest first, so that "http2foo" is read as http2 rather than http. */
const LONGEST_FIRST: readonly string[] = [...PORT_PROTOCOLS].sort((a, b) => b.length - a.length);

/** A valid port name built from a protocol and the old name, for quick fixes: `http-web`, `grpc`. */
export function suggestPortName(protocol: string, oldName: string | undefined): string {
  let base = (oldName ?? '').toLowerCase();
  // "http2foo" → suffix "foo": drop a protocol the user meant as prefix but did not separate.
  const meant = LONGEST_FIRST.find((p) => base.startsWith(p));
  if (meant) {
    base = base.slice(meant.length);
  }
  const suffix = base.replace(/[^a-z0-9-]/g, '-').replace(/-+/g, '-').replace(/^-+|-+$/g, '');
  if (suffix === '' || suffix === protocol) {
    return protocol;
  }
  // DNS label limit of 15 characters for port names (IANA_SVC_NAME).
  return `${protocol}-${suffix}`.slice(0, 15).replace(/-+$/, '');
}

/** The protocol a bad port name most likely meant ("http2foo" → http2), else undefined. */
export function intendedProtocol(name: string | undefined): string | undefined {
  const lower = (name ?? '').toLowerCase();
  return LONGEST_FIRST.find((p) => lower.startsWith(p));
}
