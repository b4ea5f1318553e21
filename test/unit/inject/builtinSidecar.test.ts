/**
 * The built-in sidecar renderer where Istio's own goldens showed it wrong: `interceptionMode: NONE` keeps the app's
 * init containers, and `userVolume`/`userVolumeMount` take a JSON list as well as a map, as Istio's template does.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { injectText, type InjectInputs } from '../../../server/src/core/inject/index';
import { clean, CONFORMANCE } from './goldens';

type Rec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const POD = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      initContainers:
      - name: migrate
        image: busybox
      containers:
      - name: web
        image: nginx
`;

const PROFILES: readonly [string, InjectInputs][] = [
  ['classic', { profile: 'classic', values: { global: { hub: 'example.io/istio', tag: '1.24.6' } } }],
  ['native', { profile: 'native', values: { global: { hub: 'example.io/istio', tag: '1.28.0' } } }],
];

function withAnnotations(annotations: Record<string, string>, extraInit = false): string {
  const doc = parse(POD) as Rec;
  doc['spec']['template']['metadata']['annotations'] = annotations;
  if (extraInit) {
    doc['spec']['template']['spec']['initContainers'].push({ name: 'warm', image: 'busybox' });
  }
  return JSON.stringify(doc);
}

/** The injected pod template of the first document. */
function injectedPod(text: string, inputs: InjectInputs): Rec {
  const r = injectText(text, inputs);
  assert.ok(r.ok, r.ok ? '' : r.error);
  const doc = parseAllDocuments(r.text)[0]?.toJS() as Rec;
  return doc['spec']['template'];
}

function injectError(text: string, inputs: InjectInputs): string {
  const r = injectText(text, inputs);
  assert.ok(!r.ok, 'expected the injection to fail');
  return r.error;
}

function names(list: Rec[] | undefined): string[] {
  return (list ?? []).map((c) => c['name']);
}

function proxyOf(pod: Rec): Rec {
  const all = [...(pod['spec']['initContainers'] ?? []), ...(pod['spec']['containers'] ?? [])] as Rec[];
  const proxy = all.find((c) => c['name'] === 'istio-proxy');
  assert.ok(proxy, 'no istio-proxy container');
  return proxy;
}

function status(pod: Rec): Rec {
  return JSON.parse(pod['metadata']['annotations']['sidecar.istio.io/status']) as Rec;
}

describe('built-in sidecar: interceptionMode NONE', () => {
  for (const [label, inputs] of PROFILES) {
    it(`${label}: without a native sidecar, the app's init containers stay and no istio-init is added`, () => {
      const pod = injectedPod(
        withAnnotations({ 'sidecar.istio.io/interceptionMode': 'NONE', 'sidecar.istio.io/nativeSidecar': 'false' }, true),
        inputs,
      );
      assert.deepEqual(names(pod['spec']['initContainers']), ['migrate', 'warm']);
      assert.deepEqual(names(pod['spec']['containers']), ['web', 'istio-proxy']);
      assert.equal(status(pod)['initContainers'], null);
      assert.equal(
        (proxyOf(pod)['env'] as Rec[]).find((e) => e['name'] === 'ISTIO_META_INTERCEPTION_MODE')?.['value'],
        'NONE',
      );
    });
  }

  it('classic with the default layout keeps them too', () => {
    const pod = injectedPod(withAnnotations({ 'sidecar.istio.io/interceptionMode': 'NONE' }), PROFILES[0]![1]);
    assert.deepEqual(names(pod['spec']['initContainers']), ['migrate']);
  });

  it('native with a native sidecar: the proxy starts first, the app\'s init containers stay, still no istio-init', () => {
    const pod = injectedPod(withAnnotations({ 'sidecar.istio.io/interceptionMode': 'NONE' }), PROFILES[1]![1]);
    assert.deepEqual(names(pod['spec']['initContainers']), ['istio-proxy', 'migrate']);
  });

  it('another interception mode still puts istio-init after the app\'s init containers', () => {
    const pod = injectedPod(withAnnotations({}), PROFILES[0]![1]);
    assert.deepEqual(names(pod['spec']['initContainers']), ['migrate', 'istio-init']);
  });

  // Istio's goldens of the case, each with the profile its release's suite gives it.
  const CASE = 'init-no-intercept-no-native-sidecar';
  const goldens = ['1.26.8', '1.29.6']
    .map((release) => ({ release, dir: join(CONFORMANCE, 'inject-versions', release, 'inject') }))
    .filter(({ dir }) => existsSync(join(dir, `${CASE}.yaml.injected`)) && existsSync(join(dir, 'cases.tsv')));
  if (goldens.length === 0) {
    it('skipped: ../shared/istio-conformance/inject-versions is not present', (t) => {
      t.skip('no inject-versions goldens');
    });
  }
  for (const { release, dir } of goldens) {
    const row = readFileSync(join(dir, 'cases.tsv'), 'utf8')
      .split('\n')
      .map((line) => line.split('\t'))
      .find((cols) => cols[1] === CASE);
    const profile = row?.[0] === 'native' ? 'native' : 'classic';
    it(`${profile} keeps the init containers Istio ${release}'s golden keeps`, () => {
      const input = readFileSync(join(dir, `${CASE}.yaml`), 'utf8');
      const golden = parseAllDocuments(readFileSync(join(dir, `${CASE}.yaml.injected`), 'utf8'))[0]?.toJS() as Rec;
      const want = golden['spec']['template']['spec']['initContainers'] as Rec[];
      const got = injectedPod(input, { profile })['spec']['initContainers'] as Rec[];
      assert.deepEqual(names(got), names(want));
      const apps = (list: Rec[]): unknown => clean(list.filter((c) => !String(c['name']).startsWith('istio-')));
      assert.deepEqual(apps(got), apps(want));
    });
  }
});

describe('built-in sidecar: userVolume and userVolumeMount', () => {
  const LIST_MOUNTS = JSON.stringify([
    { name: 'zeta', mountPath: '/zeta', readOnly: true },
    { name: 'alpha', mountPath: '/alpha', subPath: 'a' },
  ]);
  const LIST_VOLUMES = JSON.stringify([
    { name: 'zeta', secret: { secretName: 'z' } },
    { name: 'alpha', emptyDir: {} },
  ]);

  for (const [label, inputs] of PROFILES) {
    it(`${label}: a JSON list gives its items, in the list's order`, () => {
      const pod = injectedPod(
        withAnnotations({ 'sidecar.istio.io/userVolumeMount': LIST_MOUNTS, 'sidecar.istio.io/userVolume': LIST_VOLUMES }),
        inputs,
      );
      const mounts = proxyOf(pod)['volumeMounts'] as Rec[];
      assert.deepEqual(mounts.slice(-2), [
        { name: 'zeta', mountPath: '/zeta', readOnly: true },
        { name: 'alpha', mountPath: '/alpha', subPath: 'a' },
      ]);
      const volumes = pod['spec']['volumes'] as Rec[];
      assert.deepEqual(
        volumes.filter((v) => v['name'] === 'zeta' || v['name'] === 'alpha'),
        [
          { name: 'zeta', secret: { secretName: 'z' } },
          { name: 'alpha', emptyDir: {} },
        ],
      );
      assert.deepEqual(status(pod)['volumes'].slice(-2), ['zeta', 'alpha']);
    });

    it(`${label}: a JSON map still gives one entry per key, sorted, the key as name`, () => {
      const pod = injectedPod(
        withAnnotations({
          'sidecar.istio.io/userVolumeMount': '{"zeta":{"mountPath":"/zeta"},"alpha":{"mountPath":"/alpha"}}',
          'sidecar.istio.io/userVolume': '{"zeta":{"emptyDir":{}},"alpha":{"emptyDir":{}}}',
        }),
        inputs,
      );
      assert.deepEqual((proxyOf(pod)['volumeMounts'] as Rec[]).slice(-2), [
        { name: 'alpha', mountPath: '/alpha' },
        { name: 'zeta', mountPath: '/zeta' },
      ]);
      assert.deepEqual(names(pod['spec']['volumes']).slice(-2), ['alpha', 'zeta']);
    });
  }

  it('a list item without a name is named by its index, as the template writes it', () => {
    const pod = injectedPod(
      withAnnotations({ 'sidecar.istio.io/userVolumeMount': '[{"mountPath":"/first"},{"name":"b","mountPath":"/b"}]' }),
      PROFILES[0]![1],
    );
    assert.deepEqual((proxyOf(pod)['volumeMounts'] as Rec[]).slice(-2), [
      { name: '0', mountPath: '/first' },
      { name: 'b', mountPath: '/b' },
    ]);
  });

  for (const nothing of ['[]', '{}', 'null']) {
    it(`${nothing} adds no volume or mount`, () => {
      const plain = injectedPod(withAnnotations({}), PROFILES[0]![1]);
      const pod = injectedPod(
        withAnnotations({ 'sidecar.istio.io/userVolumeMount': nothing, 'sidecar.istio.io/userVolume': nothing }),
        PROFILES[0]![1],
      );
      assert.deepEqual(proxyOf(pod)['volumeMounts'], proxyOf(plain)['volumeMounts']);
      assert.deepEqual(pod['spec']['volumes'], plain['spec']['volumes']);
    });
  }

  for (const bad of ['"/data"', '7', '{not json']) {
    it(`JSON that is neither a map nor a list (${bad}) is refused, naming the annotation`, () => {
      const err = injectError(withAnnotations({ 'sidecar.istio.io/userVolumeMount': bad }), PROFILES[0]![1]);
      assert.match(err, /annotation 'sidecar\.istio\.io\/userVolumeMount': not a JSON object or list/);
    });
  }
});
