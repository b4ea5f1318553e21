import * as crypto from 'node:crypto';

/** A throwaway CA and a server certificate signed by it, all PEM. */
export interface EmulatorTls {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

// A minimal DER writer: just the ASN.1 types an X.509 v3 certificate needs, so the emulator can serve HTTPS with
// verification on, without openssl or extra packages.
function tlv(tag: number, content: Buffer): Buffer {
  const len = content.length;
  let header: Buffer;
  if (len < 0x80) {
    header = Buffer.from([tag, len]);
  } else {
    const bytes: number[] = [];
    for (let n = len; n > 0; n >>= 8) {
      bytes.unshift(n & 0xff);
    }
    header = Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([header, content]);
}
const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 | n, inner);
const octets = (b: Buffer): Buffer => tlv(0x04, b);
const bits = (b: Buffer, unused = 0): Buffer => tlv(0x03, Buffer.concat([Buffer.from([unused]), b]));
const bool = (v: boolean): Buffer => tlv(0x01, Buffer.from([v ? 0xff : 0x00]));
const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));

function integer(value: Buffer | number): Buffer {
  let b = typeof value === 'number' ? Buffer.from([value]) : value;
  while (b.length > 1 && b[0] === 0 && (b[1]! & 0x80) === 0) {
    b = b.subarray(1);
  }
  if ((b[0]! & 0x80) !== 0) {
    b = Buffer.concat([Buffer.from([0]), b]);
  }
  return tlv(0x02, b);
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out: number[] = [40 * parts[0]! + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let n = p >> 7; n > 0; n >>= 7) {
      chunk.unshift(0x80 | (n & 0x7f));
    }
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function utcTime(d: Date): Buffer {
  const p = (n: number): string => String(n).padStart(2, '0');
  const s =
    p(d.getUTCFullYear() % 100) + p(d.getUTCMonth() + 1) + p(d.getUTCDate()) +
    p(d.getUTCHours()) + p(d.getUTCMinutes()) + p(d.getUTCSeconds()) + 'Z';
  return tlv(0x17, Buffer.from(s, 'ascii'));
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

const name = (cn: string): Buffer => seq(set(seq(oid(OID.commonName), utf8(cn))));
const extension = (id: string, critical: boolean, value: Buffer): Buffer =>
  critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));

function keyId(publicKey: crypto.KeyObject): Buffer {
  return crypto.createHash('sha1').update(publicKey.export({ type: 'spki', format: 'der' })).digest();
}

function pem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

interface CertSpec {
  readonly subject: string;
  readonly issuer: string;
  readonly publicKey: crypto.KeyObject;
  readonly signer: crypto.KeyObject;
  readonly authorityKey: crypto.KeyObject;
  readonly extensions: Buffer[];
}

function certificate(spec: CertSpec): string {
  const algorithm = seq(oid(OID.ecdsaWithSha256));
  const serial = crypto.randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  const now = Date.now();
  const tbs = seq(
    explicit(0, integer(2)),
    integer(serial),
    algorithm,
    name(spec.issuer),
    seq(utcTime(new Date(now - 3600_000)), utcTime(new Date(now + 2 * 86400_000))),
    name(spec.subject),
    spec.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(
      3,
      seq(
        ...spec.extensions,
        extension(OID.authorityKeyIdentifier, false, seq(tlv(0x80, keyId(spec.authorityKey)))),
      ),
    ),
  );
  const signature = crypto.sign('sha256', tbs, spec.signer);
  return pem('CERTIFICATE', seq(tbs, algorithm, bits(signature)));
}

/** Generates a CA (EC P-256) and a server certificate for 127.0.0.1 / localhost signed by it. */
export function generateTls(host = '127.0.0.1'): EmulatorTls {
  const ca = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const server = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const caPem = certificate({
    subject: 'istio-mesh-tools emulator CA',
    issuer: 'istio-mesh-tools emulator CA',
    publicKey: ca.publicKey,
    signer: ca.privateKey,
    authorityKey: ca.publicKey,
    extensions: [
      extension(OID.basicConstraints, true, seq(bool(true))),
      // digitalSignature, keyCertSign, cRLSign
      extension(OID.keyUsage, true, bits(Buffer.from([0x86]), 1)),
      extension(OID.subjectKeyIdentifier, false, octets(keyId(ca.publicKey))),
    ],
  });
  const ipBytes = Buffer.from(host.split('.').map(Number));
  const certPem = certificate({
    subject: 'kube-apiserver',
    issuer: 'istio-mesh-tools emulator CA',
    publicKey: server.publicKey,
    signer: ca.privateKey,
    authorityKey: ca.publicKey,
    extensions: [
      extension(OID.basicConstraints, true, seq()),
      extension(OID.keyUsage, true, bits(Buffer.from([0x80]), 7)),
      extension(OID.extKeyUsage, false, seq(oid(OID.serverAuth))),
      extension(OID.subjectAltName, false, seq(tlv(0x82, Buffer.from('localhost')), tlv(0x87, ipBytes))),
      extension(OID.subjectKeyIdentifier, false, octets(keyId(server.publicKey))),
    ],
  });
  const keyPem = server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { caPem, certPem, keyPem };
}
