/** `istio-mesh inject --inject-config`: an installation's injector ConfigMap, what `auto` makes of it, its values. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { runInjectCli } from './cliRun';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx\n';

/** An exported istio-sidecar-injector ConfigMap whose one template labels the pod with a value and a flag. */
function injectorConfigMap(template: string): string {
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: istio-sidecar-injector, namespace: istio-system}',
    'data:',
    '  values: |',
    '    {"global": {"hub": "example.io/istio", "tag": "1.28.2"}}',
    '  config: |',
    '    templates:',
    '      sidecar: |',
    ...template.split('\n').map((l) => `        ${l}`),
    '',
  ].join('\n');
}

const run = runInjectCli;

function labels(text: string): Record<string, unknown> {
  return (parse(text.split('\n---\n')[0] as string) as { metadata: { labels: Record<string, unknown> } }).metadata.labels;
}

describe('istio-mesh inject with an injector ConfigMap', () => {
  // Templates up to Istio 1.26 read the native-sidecar switch from istiod's environment.
  const template = 'metadata:\n  labels:\n    hub: "{{ .Values.global.hub }}"\n    native: "{{ env `ENABLE_NATIVE_SIDECARS` `false` }}"';

  it('auto renders the templates with the ConfigMap\'s own values, and says what it chose', async () => {
    const r = await run(['-f', 'pod.yaml', '--inject-config', 'cm.yaml'], { 'pod.yaml': POD, 'cm.yaml': injectorConfigMap(template) });
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(labels(r.out), { hub: 'example.io/istio', native: 'false' });
    assert.match(r.err, /--profile auto: classic, rendering the config's templates \(sidecar\) with native sidecars off/);
  });

  it('auto turns native sidecars on for templates that read .NativeSidecars', async () => {
    const r = await run(['-f', 'pod.yaml', '--inject-config', 'cm.yaml'], {
      'pod.yaml': POD,
      'cm.yaml': injectorConfigMap('metadata:\n  labels:\n    native: "{{ .NativeSidecars }}"'),
    });
    assert.equal(r.code, 0, r.err);
    assert.equal(labels(r.out)['native'], 'true');
  });

  it('--values wins over the ConfigMap\'s values', async () => {
    const r = await run(['-f', 'pod.yaml', '--profile', 'native', '--inject-config', 'cm.yaml', '--values', 'v.json'], {
      'pod.yaml': POD,
      'cm.yaml': injectorConfigMap(template),
      'v.json': '{"global": {"hub": "mine.io"}}',
    });
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(labels(r.out), { hub: 'mine.io', native: 'true' });
    assert.equal(r.err, '');
  });

  it("auto gives Istio 0.2's istio-inject config to the 0.2 injector", async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio-inject}\ndata:\n  config: |\n    policy: enabled\n';
    const r = await run(['-f', 'pod.yaml', '--inject-config', 'cm.yaml'], { 'pod.yaml': POD, 'cm.yaml': cm });
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /--profile auto: legacy-0\.2, Istio 0\.2's istio-inject config/);
  });

  it('a config of neither shape is exit 2, naming what was expected', async () => {
    const r = await run(['-f', 'pod.yaml', '--inject-config', 'c.yaml'], { 'pod.yaml': POD, 'c.yaml': 'foo: 1\n' });
    assert.equal(r.code, 2);
    assert.match(r.err, /^istio-mesh: inject config: not an injector config: expected `templates`/);
    assert.equal(r.err.trim().split('\n').length, 1);
  });
});
