import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { certificateValidity, decodeBase64, pemBlocks } from '../../../server/src/core/model/x509';

const FIXTURES = path.resolve(__dirname, '../../fixtures/rules/gw-credential-valid');

/** The decoded `tls.crt` of a Secret of a fixture file. */
function secretCert(file: string, name: string): string {
  const docs = readFileSync(path.join(FIXTURES, file), 'utf8')
    .split(/^---$/m)
    .map((d) => parse(d) as { kind?: string; metadata?: { name?: string }; data?: Record<string, string> } | null);
  const secret = docs.find((d) => d?.kind === 'Secret' && d.metadata?.name === name);
  const bytes = decodeBase64(secret?.data?.['tls.crt'] ?? '');
  assert.ok(bytes, `${name}: tls.crt is base64`);
  return new TextDecoder().decode(bytes);
}

test('decodeBase64 decodes with and without padding, and refuses what is not base64', () => {
  assert.equal(new TextDecoder().decode(decodeBase64('aHVzaCBodXNoIGh1c2gK')), 'hush hush hush\n');
  assert.equal(new TextDecoder().decode(decodeBase64('YWI=')), 'ab');
  assert.equal(new TextDecoder().decode(decodeBase64('YWI')), 'ab');
  assert.equal(decodeBase64('not base64!'), undefined);
});

test('certificateValidity reads notBefore and notAfter (UTCTime and GeneralizedTime)', () => {
  const expired = pemBlocks(secretCert('invalid/bad.yaml', 'expired'), /^CERTIFICATE$/);
  assert.equal(expired.length, 1);
  const v = expired[0] && certificateValidity(expired[0]);
  assert.equal(v && new Date(v.notAfter).toISOString(), '2023-03-14T06:15:41.000Z');
  const good = pemBlocks(secretCert('valid/good.yaml', 'httpbin-credential'), /^CERTIFICATE$/);
  const g = good[0] && certificateValidity(good[0]);
  assert.equal(g && new Date(g.notAfter).getUTCFullYear(), 2126);
  assert.ok(g && g.notBefore < g.notAfter);
});

test('pemBlocks and certificateValidity find nothing in text that is no certificate', () => {
  assert.deepEqual(pemBlocks(secretCert('invalid/bad.yaml', 'invalid-cert'), /^CERTIFICATE$/), []);
  assert.equal(certificateValidity(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])), undefined);
});
