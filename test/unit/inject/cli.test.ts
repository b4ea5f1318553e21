/** `istio-mesh inject` through runInject with an in-memory file system: arguments, inputs, exit codes. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { runInjectCli } from './cliRun';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx\n';

const run = runInjectCli;

type Rec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function firstDoc(text: string): Rec {
  return parse(text.split('\n---\n')[0] as string) as Rec;
}

describe('istio-mesh inject', () => {
  it('injects a file; native is the default profile', async () => {
    const r = await run(['-f', 'pod.yaml'], { 'pod.yaml': POD });
    assert.equal(r.code, 0, r.err);
    const pod = firstDoc(r.out);
    assert.deepEqual(
      pod['spec']['initContainers'].map((c: Rec) => c['name']),
      ['istio-init', 'istio-proxy'],
    );
    assert.ok(r.out.endsWith('---\n'));
  });

  it('reads stdin with -f -', async () => {
    const r = await run(['-f', '-', '--profile', 'classic'], {}, POD);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(
      firstDoc(r.out)['spec']['containers'].map((c: Rec) => c['name']),
      ['app', 'istio-proxy'],
    );
  });

  it('reads values from the istio-sidecar-injector ConfigMap and mesh from the istio ConfigMap', async () => {
    const values = `apiVersion: v1
kind: ConfigMap
metadata:
  name: istio-sidecar-injector
data:
  values: |-
    {"global": {"hub": "my.registry/istio", "tag": "9.9.9"}}
`;
    const mesh =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio\ndata:\n  mesh: |\n    trustDomain: example.org\n';
    const r = await run(['--profile=classic', '-f', 'pod.yaml', '--values', 'v.yaml', '--mesh-config', 'm.yaml'], {
      'pod.yaml': POD,
      'v.yaml': values,
      'm.yaml': mesh,
    });
    assert.equal(r.code, 0, r.err);
    const proxy = firstDoc(r.out)['spec']['containers'][1];
    assert.equal(proxy['image'], 'my.registry/istio/proxyv2:9.9.9');
    assert.equal(proxy['env'].find((e: Rec) => e['name'] === 'TRUST_DOMAIN')['value'], 'example.org');
  });

  it('accepts bare JSON values', async () => {
    const r = await run(['-f', 'pod.yaml', '--values', 'v.json'], {
      'pod.yaml': POD,
      'v.json': '{"global":{"tag":"x"}}',
    });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /proxyv2:x/);
  });

  it('minimal style keeps the input text', async () => {
    const r = await run(['-f', 'pod.yaml', '--style', 'minimal'], { 'pod.yaml': `# mine\n${POD}` });
    assert.equal(r.code, 0, r.err);
    assert.ok(r.out.startsWith('# mine\napiVersion: v1\nkind: Pod\n'));
    assert.ok(!r.out.includes('creationTimestamp'));
  });

  it('prints skip warnings on stderr and exits 0', async () => {
    const skipped = POD.replace('  name: p\n', '  name: p\n  annotations:\n    sidecar.istio.io/inject: "false"\n');
    const r = await run(['-f', 'pod.yaml'], { 'pod.yaml': skipped });
    assert.equal(r.code, 0);
    assert.match(r.err, /Skipping injection because Pod "p"/);
  });

  for (const [what, argv, files, message] of [
    ['no -f', [], {}, /missing -f/],
    ['unknown flag', ['-f', 'pod.yaml', '--bogus'], { 'pod.yaml': POD }, /unknown flag --bogus/],
    ['unknown profile', ['-f', 'pod.yaml', '--profile', 'istio-2'], { 'pod.yaml': POD }, /unknown profile/],
    ['unknown style', ['-f', 'pod.yaml', '--style', 'pretty'], { 'pod.yaml': POD }, /unknown style/],
    ['missing file', ['-f', 'nope.yaml'], {}, /cannot read file nope\.yaml: no such file/],
    ['bad YAML', ['-f', 'pod.yaml'], { 'pod.yaml': 'a: [\n' }, /document 1/],
    [
      'bad values',
      ['-f', 'pod.yaml', '--values', 'v.yaml'],
      { 'pod.yaml': POD, 'v.yaml': '- a\n- b\n' },
      /invalid values file/,
    ],
    ['flag without value', ['-f'], {}, /-f needs a value/],
    [
      'invalid annotation',
      ['-f', 'pod.yaml'],
      {
        'pod.yaml': POD.replace('  name: p\n', '  name: p\n  annotations:\n    sidecar.istio.io/interceptionMode: X\n'),
      },
      /sidecar\.istio\.io\/interceptionMode/,
    ],
  ] as const) {
    it(`exit 2 with one line on stderr: ${what}`, async () => {
      const r = await run([...argv], { ...files });
      assert.equal(r.code, 2);
      assert.equal(r.out, '');
      assert.match(r.err, message);
      assert.equal(r.err.trimEnd().split('\n').length, 1, r.err);
    });
  }

  it('--help prints usage', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /Usage: istio-mesh inject/);
  });
});
