import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { setClusterCrds } from '../../../server/src/core/schema/crdSources';
import type { MeshService } from '../../../server/src/core/service';
import { normalizeSettings } from '../../../server/src/core/settings';
import { FAULTY_VS, strictService, VS_CRD_YAML } from './support';

// The connected cluster's CRDs as the schema source of IST0106, after the workspace's.

/** The CRD as the API server sends it: JSON. */
const CRD_JSON = parse(VS_CRD_YAML) as unknown;
const SETTINGS = normalizeSettings({ profile: 'native' });

function service(): MeshService {
  const s = strictService();
  s.setFile('file:///w/vs.yaml', FAULTY_VS);
  return s;
}

const messages = (s: MeshService, uri = 'file:///w/vs.yaml'): string[] =>
  s.validate(uri, SETTINGS).filter((f) => f.code === 'istio-schema-valid').map((f) => f.message);

test('a CRD of the connected cluster drives IST0106 when the workspace has none; clearing it stops the checks', () => {
  const s = service();
  assert.deepEqual(messages(s), [], 'no CRD anywhere: nothing checked');
  setClusterCrds(s.index, { origin: 'context "dev"', crds: [CRD_JSON] });
  assert.deepEqual(messages(s), [
    '`spec.hostss`: unknown field `hostss` (did you mean `hosts`?): the API server drops it, or refuses the object under strict field validation.',
    '`spec.http[0].timeout`: expected a string, got the number 5. Timeout for HTTP requests, default is disabled.',
  ]);
  setClusterCrds(s.index, null);
  assert.deepEqual(messages(s), [], 'disconnected: the cached findings are not kept');
});

test('the workspace CRD takes precedence over the cluster one', () => {
  const s = service();
  // The cluster's release calls the field `hostss`: by it alone, `hostss` is right and `hosts` unknown.
  const renamed = parse(VS_CRD_YAML.replace('              hosts:\n', '              hostss:\n')) as unknown;
  setClusterCrds(s.index, { origin: 'context "dev"', crds: [renamed] });
  assert.equal(messages(s).length, 1, 'with the cluster CRD only, hostss is known');
  s.setFile('file:///w/crd.yaml', VS_CRD_YAML);
  assert.equal(messages(s).length, 2, 'the workspace CRD wins: hostss is unknown again');
  assert.match(messages(s)[0] ?? '', /unknown field `hostss`/);
  s.removeFile('file:///w/crd.yaml');
  assert.equal(messages(s).length, 1, 'back to the cluster CRD');
});

test('a version the cluster CRD does not serve names the context', () => {
  const s = service();
  setClusterCrds(s.index, { origin: 'context "dev"', crds: [CRD_JSON] });
  s.setFile('file:///w/old.yaml', FAULTY_VS.replace('networking.istio.io/v1', 'networking.istio.io/v1alpha9'));
  const [m] = messages(s, 'file:///w/old.yaml');
  assert.match(m ?? '', /^The VirtualService CRD of context "dev" serves networking\.istio\.io\/v1.*, not networking\.istio\.io\/v1alpha9/);
});

test('CRDs of other groups from the cluster are not read as Istio schemas', () => {
  const s = service();
  const other = parse(VS_CRD_YAML.replace(/group: networking\.istio\.io/, 'group: example.com')) as unknown;
  setClusterCrds(s.index, { origin: 'context "dev"', crds: [other] });
  assert.deepEqual(messages(s), []);
});
