import type { Profile } from '../settings';
import { LEGACY_PORT_PROTOCOLS, PORT_PROTOCOLS, portProtocol } from '../model/protocol';
import type { CursorContext } from './context';

/** What Istio does with a Service port of each protocol, for hovers and completions. */
const PROTOCOL_DOCS: Readonly<Record<string, string>> = {
  http: 'HTTP/1.1: HTTP routing, retries, fault injection, per-request metrics and tracing apply.',
  http2: 'HTTP/2 in clear text (h2c): HTTP routing and per-request telemetry apply.',
  https: 'HTTPS terminated by the app: Istio sees TLS and routes by SNI, not by HTTP attributes.',
  grpc: 'gRPC (HTTP/2): HTTP routing and per-request telemetry apply.',
  'grpc-web': 'gRPC-Web: handled as HTTP.',
  tcp: 'Opaque TCP: connection-level routing and metrics only.',
  tls: 'TLS the app terminates: routed by SNI (passthrough).',
  mongo: 'MongoDB: proxied as TCP (Mongo metrics when the Mongo filter is enabled).',
  mysql: 'MySQL: proxied as TCP (MySQL metrics when the MySQL filter is enabled).',
  redis: 'Redis: proxied as TCP unless Redis routing is enabled.',
  udp: 'UDP: not proxied by the sidecar; declare it with `protocol: UDP` rather than by name.',
};

/** True when the cursor is on the `name` of an item of a Service's `spec.ports`. */
export function onServicePortName(ctx: CursorContext): boolean {
  const p = ctx.path;
  return ctx.kind === 'Service' && ctx.key === 'name' && p.length === 3 && p[0] === 'spec' && p[1] === 'ports' && p[2] === '-';
}

/** The protocols a port name may start with under the profile (UDP is left out: it is declared with `protocol`). */
export function portNameProtocols(profile: Profile): readonly string[] {
  return (profile === 'legacy-0.2' ? LEGACY_PORT_PROTOCOLS : PORT_PROTOCOLS).filter((p) => p !== 'udp');
}

/** One line about a protocol. */
export function protocolDoc(protocol: string): string {
  return PROTOCOL_DOCS[protocol] ?? '';
}

/** Markdown about a port name: which protocol Istio reads from it, or why none. */
export function describePortName(name: string, profile: Profile): string {
  const known = profile === 'legacy-0.2' ? LEGACY_PORT_PROTOCOLS : PORT_PROTOCOLS;
  const result = portProtocol({ name }, known, []);
  if (result.kind === 'protocol') {
    return `**${name}** — Istio reads the protocol \`${result.protocol}\` from this name.\n\n${protocolDoc(result.protocol)}`;
  }
  return (
    `**${name}** — no protocol Istio knows starts this name, so the port is not treated as HTTP ` +
    `(name it \`<protocol>[-<suffix>]\`: ${portNameProtocols(profile).map((p) => `\`${p}\``).join(', ')}` +
    `${profile === 'legacy-0.2' ? '' : ', or set `appProtocol`'}).`
  );
}
