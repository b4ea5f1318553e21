import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { loadBundledSchemas } from '../../../server/src/bundledSchemaLoader';
import { allRules } from '../../../server/src/core/rules/registry';
import { setBundledSchemaLoader } from '../../../server/src/core/schema/bundled';
import { setClusterCrds } from '../../../server/src/core/schema/crdSources';
import { MeshService } from '../../../server/src/core/service';
import { normalizeSettings } from '../../../server/src/core/settings';
import { strictService, VS_CRD_YAML } from './support';

// The last schema source of IST0106: @kubernetes-models/istio's validators (Istio 1.29), loaded on first need.

const SOURCE = " Checked against Istio 1.29's schema (bundled); add your release's CRDs to the workspace or connect a cluster for an exact check.";
const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews }
spec:
  hosts: [reviews]
  gateways: ~
  http:
  - timeout: 5
    mirror: ~
    match:
    - uri: { exact: /a, prefix: /b }
    retries: { attempts: x, perTryTimeout: 0x1F }
`;
// Null fields (`gateways`, `mirror`) are pruned by the API server, never errors.
const SETTINGS = normalizeSettings({ profile: 'native' });

function setup(files: Record<string, string> = {}) {
  const service = strictService();
  service.setFile('file:///w/vs.yaml', VS);
  for (const [uri, text] of Object.entries(files)) {
    service.setFile(uri, text);
  }
  let loads = 0;
  let settledCalls = 0;
  const handle = setBundledSchemaLoader(
    service.index,
    () => {
      loads++;
      return loadBundledSchemas();
    },
    () => settledCalls++,
  );
  const findings = (uri = 'file:///w/vs.yaml') =>
    service.validate(uri, SETTINGS).filter((f) => f.code === 'istio-schema-valid').map((f) => ({ at: VS.slice(f.span.start, f.span.end), message: f.message }));
  return { service, handle, findings, loads: () => loads, settledCalls: () => settledCalls };
}

test('no CRD anywhere: the first check asks for the bundled schemas, the findings come once they are loaded', async () => {
  const s = setup();
  assert.deepEqual(s.findings(), [], 'not loaded yet: nothing checked, nothing waited for');
  assert.equal(s.loads(), 1);
  assert.equal(await s.handle.settled(), true);
  assert.equal(s.settledCalls(), 1, 'the host is told, to pull diagnostics again');
  assert.deepEqual(s.findings(), [
    { at: '{ exact: /a, prefix: /b }', message: `\`spec.http[0].match[0].uri\`: sets more than one of the fields of which only one may be set: keep one.${SOURCE}` },
    { at: 'x', message: `\`spec.http[0].retries.attempts\`: expected an integer, got the string "x".${SOURCE}` },
    // 0x1F is the number 31 to Kubernetes, and perTryTimeout a duration string.
    { at: '0x1F', message: `\`spec.http[0].retries.perTryTimeout\`: expected a string, got \`0x1F\`, which Kubernetes reads as the number 31 (quote it to make it a string).${SOURCE}` },
    { at: '5', message: `\`spec.http[0].timeout\`: expected a string, got the number 5.${SOURCE}` },
  ]);
  s.findings();
  assert.equal(s.loads(), 1, 'loaded once');
});

test('a required field missing is reported on the key holding the map', async () => {
  const s = setup({ 'file:///w/dr.yaml': 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: { name: r }\nspec:\n  subsets:\n  - labels: { v: "1" }\n' });
  s.findings('file:///w/dr.yaml');
  await s.handle.settled();
  const [f] = s.service.validate('file:///w/dr.yaml', SETTINGS).filter((x) => x.code === 'istio-schema-valid');
  assert.ok(f);
  assert.match(f.message, /^`spec`: `host` is required\./);
});

test('a null field is pruned, as the API server prunes it: a required one is then missing, not of the wrong type', async () => {
  const s = setup({ 'file:///w/null.yaml': 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: r }\nspec:\n  http:\n  - route:\n    - destination: ~\n' });
  s.findings('file:///w/null.yaml');
  await s.handle.settled();
  const messages = s.service.validate('file:///w/null.yaml', SETTINGS).filter((x) => x.code === 'istio-schema-valid').map((f) => f.message);
  assert.deepEqual(messages, [`\`spec.http[0].route[0]\`: \`destination\` is required.${SOURCE}`]);
});

test('a workspace or a cluster CRD is used instead, and the bundled schemas are never loaded for it', async () => {
  const ws = setup({ 'file:///w/crd.yaml': VS_CRD_YAML });
  assert.ok(ws.findings().every((f) => !f.message.includes('bundled')));
  assert.ok(ws.findings().length > 0);
  assert.equal(ws.loads(), 0, 'the workspace has the CRD: not loaded');
  const cl = setup();
  setClusterCrds(cl.service.index, { origin: 'context "dev"', crds: [parse(VS_CRD_YAML) as unknown] });
  assert.ok(cl.findings().length > 0);
  assert.equal(cl.loads(), 0, 'the cluster has the CRD: not loaded');
  assert.equal(await cl.handle.settled(), false);
});

test('a kind or version the bundle does not know, and a valid object, give nothing', async () => {
  const s = setup({
    'file:///w/new.yaml': VS.replace('networking.istio.io/v1', 'networking.istio.io/v2'),
    'file:///w/ok.yaml': 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: { name: p }\nspec:\n  mtls: { mode: STRICT }\n',
  });
  s.findings('file:///w/new.yaml');
  await s.handle.settled();
  assert.deepEqual(s.findings('file:///w/new.yaml'), []);
  assert.deepEqual(s.findings('file:///w/ok.yaml'), []);
});

test('a loader that fails: nothing is checked with it, the host is told the error', async () => {
  const service = new MeshService(allRules, () => undefined);
  service.setFile('file:///w/vs.yaml', VS);
  const errors: unknown[] = [];
  const handle = setBundledSchemaLoader(service.index, () => Promise.reject(new Error('gone')), (e) => errors.push(e));
  assert.deepEqual(service.validate('file:///w/vs.yaml', SETTINGS).filter((f) => f.code === 'istio-schema-valid'), []);
  await handle.settled();
  assert.deepEqual(service.validate('file:///w/vs.yaml', SETTINGS).filter((f) => f.code === 'istio-schema-valid'), []);
  assert.equal(String(errors[0]), 'Error: gone');
});
