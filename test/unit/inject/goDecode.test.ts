import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { goDecodeProblem } from '../../../server/src/core/inject/goDecode';
import { injectText } from '../../../server/src/core/inject/index';

const pod = (spec: string): Record<string, unknown> =>
  parse(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${spec.replace(/^/gm, '  ')}\n`) as Record<string, unknown>;

describe("kube-inject's typed decode", () => {
  it('accepts what Go decodes: scalars in string fields, whole floats in integer fields, null, unknown fields', () => {
    for (const spec of [
      'containers:\n- name: 8080\n  image: true\n  args: [1, true, x]',
      'securityContext: {runAsUser: 1337}\ncontainers: [{name: a, securityContext: {runAsUser: 1337.0}}]',
      'hostNetwork: yes\ncontainers: null\nvolumes: ~',
      'containers: [{name: a, ports: [{containerPort: 80}], resources: {limits: {cpu: 1, memory: 1Gi}}}]',
      'containers: [{name: a, readinessProbe: {httpGet: {port: http}}}]\nsomethingNew: {a: [1]}',
    ]) {
      assert.equal(goDecodeProblem(pod(spec), 'Pod'), undefined, spec);
    }
  });

  it('refuses what Go refuses, naming the field', () => {
    const cases: [string, RegExp][] = [
      ['containers: {app: {image: nginx}}', /^spec\.containers is a map, where Kubernetes wants a list;/],
      ['containers: [{name: a, args: 12}]', /^spec\.containers\[0\]\.args is the number 12, where Kubernetes wants a list of strings/],
      ['containers: [{name: a, ports: [{containerPort: "80"}]}]', /containers\[0\]\.ports\[0\]\.containerPort is the string "80", where Kubernetes wants an integer/],
      ['containers: [{name: a, securityContext: {runAsUser: 1337.5}}]', /runAsUser is the number 1337.5, where Kubernetes wants an integer/],
      ['hostNetwork: "maybe"', /^spec\.hostNetwork is the string "maybe", where Kubernetes wants true or false/],
      ['volumes: {a: 1}', /^spec\.volumes is a map, where Kubernetes wants a list/],
      ['containers: [{name: a, resources: {limits: [1]}}]', /resources\.limits is a list, where Kubernetes wants a map/],
      ['containers: [{name: [a]}]', /containers\[0\]\.name is a list, where Kubernetes wants a string/],
    ];
    for (const [spec, want] of cases) {
      assert.match(goDecodeProblem(pod(spec), 'Pod') ?? '(decodes)', want, spec);
    }
  });

  it('checks the items of a List by their own kinds', () => {
    const list = parse('apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  spec: {containers: 5}\n');
    assert.match(goDecodeProblem(list as Record<string, unknown>, 'List') ?? '', /^items\[0\]: spec\.containers is the number 5/);
  });

  it('makes the injector refuse the document with the reason, as kube-inject does', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {app: web}}\n' +
      '  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: web\n        args: 12\n';
    const r = injectText(text, { profile: 'native' });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /^Deployment web.*: spec\.template\.spec\.containers\[0\]\.args is the number 12, where Kubernetes wants a list of strings; kube-inject cannot decode it$/);
  });
});
