/**
 * Just enough of X.509 to check a gateway credential offline: base64 and PEM decoding, and the validity period of a
 * DER certificate (RFC 5280 §4.1: Certificate → tbsCertificate → [version], serial, signature, issuer, validity).
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes base64 (whitespace ignored); undefined when it is not base64. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) {
    return undefined;
  }
  const body = clean.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let n = 0;
  for (const ch of body) {
    acc = (acc << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

/** The bytes of each PEM block of a type (`CERTIFICATE`, `PRIVATE KEY`, …) in a text. */
export function pemBlocks(text: string, type: RegExp): Uint8Array[] {
  const out: Uint8Array[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const bytes = type.test(m[1] ?? '') ? decodeBase64(m[2] ?? '') : undefined;
    if (bytes) {
      out.push(bytes);
    }
  }
  return out;
}

interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

function readTlv(der: Uint8Array, at: number): Tlv | undefined {
  const tag = der[at];
  let len = der[at + 1];
  if (tag === undefined || len === undefined) {
    return undefined;
  }
  let start = at + 2;
  if (len & 0x80) {
    const count = len & 0x7f;
    if (count === 0 || count > 4) {
      return undefined;
    }
    len = 0;
    for (let i = 0; i < count; i++) {
      const b = der[start + i];
      if (b === undefined) {
        return undefined;
      }
      len = len * 256 + b;
    }
    start += count;
  }
  return start + len <= der.length ? { tag, start, end: start + len } : undefined;
}

function children(der: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.start; at < parent.end; ) {
    const t = readTlv(der, at);
    if (!t) {
      return [];
    }
    out.push(t);
    at = t.end;
  }
  return out;
}

function readTime(der: Uint8Array, t: Tlv): number | undefined {
  const s = String.fromCharCode(...der.subarray(t.start, t.end));
  const m = t.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s) : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) {
    return undefined;
  }
  let year = Number(m[1]);
  if (t.tag === 0x17) {
    year += year < 50 ? 2000 : 1900; // RFC 5280: UTCTime years 50–99 are 19xx
  }
  return Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/** The validity period of a DER certificate (milliseconds since the epoch), or undefined when it is not one. */
export function certificateValidity(der: Uint8Array): { notBefore: number; notAfter: number } | undefined {
  const cert = readTlv(der, 0);
  const tbs = cert && cert.tag === 0x30 ? children(der, cert)[0] : undefined;
  if (!tbs || tbs.tag !== 0x30) {
    return undefined;
  }
  const fields = children(der, tbs);
  const offset = fields[0]?.tag === 0xa0 ? 1 : 0; // the explicit [0] version is optional
  const validity = fields[offset + 3];
  if (!validity || validity.tag !== 0x30) {
    return undefined;
  }
  const [nb, na] = children(der, validity);
  const notBefore = nb && readTime(der, nb);
  const notAfter = na && readTime(der, na);
  return notBefore !== undefined && notAfter !== undefined ? { notBefore, notAfter } : undefined;
}
