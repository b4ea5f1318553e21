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

/** Where a port's protocol came from, or why none was found. */
export type PortProtocol =
  | { readonly kind: 'protocol'; readonly protocol: string; readonly from: 'udp' | 'appProtocol' | 'name' }
  | { readonly kind: 'unnamed' }
  | { readonly kind: 'unrecognised'; readonly prefix: string };

/** The protocol of a Service port as Istio derives it: UDP, then `appProtocol`, then the name's prefix. */
export function portProtocol(
  port: { name?: string | undefined; protocol?: string | undefined; appProtocol?: string | undefined },
  known: readonly string[] = PORT_PROTOCOLS,
): PortProtocol {
  if (port.protocol?.toUpperCase() === 'UDP') {
    return { kind: 'protocol', protocol: 'udp', from: 'udp' };
  }
  if (port.appProtocol) {
    const app = KUBERNETES_APP_PROTOCOLS[port.appProtocol.toLowerCase()] ?? port.appProtocol.toLowerCase();
    if (known.includes(app)) {
      return { kind: 'protocol', protocol: app, from: 'appProtocol' };
    }
  }
  const name = port.name ?? '';
  if (name === '') {
    return { kind: 'unnamed' };
  }
  const lower = name.toLowerCase();
  // grpc-web holds a dash itself, so it must be tried before splitting at the first one.
  if (known.includes('grpc-web') && (lower === 'grpc-web' || lower.startsWith('grpc-web-'))) {
    return { kind: 'protocol', protocol: 'grpc-web', from: 'name' };
  }
  const dash = lower.indexOf('-');
  const prefix = dash < 0 ? lower : lower.slice(0, dash);
  if (known.includes(prefix)) {
    return { kind: 'protocol', protocol: prefix, from: 'name' };
  }
  return { kind: 'unrecognised', prefix };
}

/** A valid port name built from a protocol and the old name, for quick fixes: `http-web`, `grpc`. */
export function suggestPortName(protocol: string, oldName: string | undefined): string {
  let base = (oldName ?? '').toLowerCase();
  // "http2foo" → suffix "foo": drop a protocol the user meant as prefix but did not separate.
  const meant = [...PORT_PROTOCOLS].sort((a, b) => b.length - a.length).find((p) => base.startsWith(p));
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
  return [...PORT_PROTOCOLS].sort((a, b) => b.length - a.length).find((p) => lower.startsWith(p));
}
