import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyOrder, deleteOrder, parseManifest, refString } from '../../client/src/cluster/manifest';
import { Redactor, secretValues } from '../../client/src/cluster/redact';
import { docs } from './helpers';

describe('parseManifest', () => {
  test('multi-document YAML as kubectl reads it (YAML 1.1 booleans, merge keys, List flattened, empty docs skipped)', () => {
    const r = parseManifest(
      docs(
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {flag: yes}',
        '# only a comment',
        'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b, namespace: x}}',
      ),
    );
    assert.ok(r.ok);
    assert.deepEqual(r.objects.map((o) => [o.ref.name, o.ref.namespace, o.doc]), [['a', undefined, 0], ['b', 'x', 2]]);
    assert.equal((r.objects[0]!.body.data as Record<string, unknown>).flag, true, 'yes is a boolean in YAML 1.1, as kubectl reads it');
  });

  test('reports every bad document with its line; nothing is returned to send', () => {
    const r = parseManifest(docs('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}', 'kind: Service\nmetadata: {name: x}', 'apiVersion: v1\nkind: Pod\nmetadata: {generateName: p-}', 'a: [b'));
    assert.ok(!r.ok);
    assert.deepEqual(r.errors.map((e) => [e.doc, e.message]), [
      [1, "Object 'apiVersion' is missing"],
      [2, 'Pod: metadata.generateName is not supported by apply; set metadata.name'],
      [3, r.errors[2]!.message],
    ]);
    assert.equal(r.errors[0]!.line, 5);
    assert.ok(r.errors[2]!.line !== undefined);
  });
});

describe('ordering and names', () => {
  const objs = ['v1/Service', 'apiextensions.k8s.io/v1/CustomResourceDefinition', 'v1/Namespace', 'networking.istio.io/v1/Gateway', 'v1/Namespace'].map((k, i) => {
    const slash = k.lastIndexOf('/');
    return { ref: { apiVersion: k.slice(0, slash), kind: k.slice(slash + 1), name: `n${i}` } };
  });

  test('apply: Namespaces, CRDs, then document order; delete is the reverse', () => {
    assert.deepEqual(applyOrder(objs).map((o) => o.ref.name), ['n2', 'n4', 'n1', 'n0', 'n3']);
    assert.deepEqual(deleteOrder(objs).map((o) => o.ref.name), ['n3', 'n0', 'n1', 'n4', 'n2']);
  });

  test('refString is kubectl-like', () => {
    assert.equal(refString({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'istio-pilot', namespace: 'istio-system' }), 'deployment.apps/istio-pilot (istio-system)');
    assert.equal(refString({ apiVersion: 'v1', kind: 'Namespace', name: 'istio-system' }), 'namespace/istio-system');
  });
});

describe('Redactor', () => {
  test('redacts Secret data (base64 and decoded, multi-line PEM lines) and stringData', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';
    const values = secretValues([
      { kind: 'Secret', data: { 'key.pem': Buffer.from(pem).toString('base64') }, stringData: { password: 'hunter22' } },
      { kind: 'ConfigMap', data: { public: 'not-secret-value' } },
    ]);
    const r = new Redactor(values);
    assert.equal(r.redact('line MIIEvQIBADANBgkqhkiG9w0BAQEFAASC and hunter22 and not-secret-value'), 'line [redacted] and [redacted] and not-secret-value');
    assert.equal(r.redact(Buffer.from('hunter22').toString('base64')), '[redacted]');
  });
});

describe('parseManifest: values and size as kubectl reads them', () => {
  test('YAML 1.1 values as go-yaml decodes them: octal modes, yes/no, 010, !!binary; quoted stays a string', () => {
    const r = parseManifest(
      docs(
        'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: no\n  volumes:\n  - name: s\n    secret: {secretName: s, defaultMode: 0400}\n  - name: c\n    configMap: {name: c, defaultMode: 0755}',
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, labels: {v: "0400"}}\nspec: {replicas: 010}\ndata: !!binary aGk=',
      ),
    );
    assert.ok(r.ok, JSON.stringify(r));
    const pod = r.objects[0]!.body as { spec: { hostNetwork: unknown; volumes: { secret?: { defaultMode: unknown }; configMap?: { defaultMode: unknown } }[] } };
    assert.equal(pod.spec.hostNetwork, false);
    assert.equal(pod.spec.volumes[0]!.secret!.defaultMode, 256);
    assert.equal(pod.spec.volumes[1]!.configMap!.defaultMode, 493);
    const dep = r.objects[1]!.body as { metadata: { labels: { v: unknown } }; spec: { replicas: unknown }; data: unknown };
    assert.equal(dep.spec.replicas, 8);
    assert.equal(dep.metadata.labels.v, '0400');
    assert.equal(dep.data, 'hi');
  });

  test('an alias bomb is a message naming the document, not an exception', () => {
    const bomb = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: bomb}', 'data:', '  a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 6; i++) {
      bomb.push(`  ${'bcdef'[i - 1]}: &${'bcdef'[i - 1]} [${Array(10).fill(`*${'abcde'[i - 1]}`).join(', ')}]`);
    }
    const r = parseManifest(docs('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}', bomb.join('\n')));
    assert.ok(!r.ok);
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0]!.doc, 1);
    assert.equal(r.errors[0]!.line, 5);
    assert.match(r.errors[0]!.message, /more than 100 copies, which looks like an alias bomb; write the repeated parts out/);
  });

  test('20,000 documents: every object read, lines right to the last one', () => {
    const one = (i: number): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata: {k: "${i}"}`;
    const text = docs(...Array.from({ length: 20000 }, (_, i) => one(i)));
    const r = parseManifest(`${text}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n`);
    assert.ok(r.ok, 'one document kubectl would refuse fails alone; the others are still sent');
    assert.deepEqual(r.rejected.map((e) => [e.doc, e.line]), [[20000, 20000 * 6 + 2]]);
    const ok = parseManifest(text);
    assert.ok(ok.ok);
    assert.equal(ok.objects.length, 20000);
    assert.equal(ok.objects[19999]!.ref.name, 'c19999');
  });
});
