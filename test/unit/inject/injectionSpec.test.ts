/** Templates of Istio before 1.8 rendered a SidecarInjectionSpec (containers, volumes at the top), not a pod. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { injectText } from '../../../server/src/core/inject/index';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n  - name: setup\n    image: busybox\n  containers:\n  - name: app\n    image: nginx\n';

type Rec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('an old injector config with one template', () => {
  it('adds the containers, volumes and pod annotations of a SidecarInjectionSpec', () => {
    const template = [
      'rewriteAppHTTPProbe: false',
      'initContainers:',
      '- name: istio-init',
      '  image: "{{ .Values.global.hub }}/proxy_init:1.5.0"',
      'containers:',
      '- name: istio-proxy',
      '  image: "{{ .Values.global.hub }}/proxyv2:1.5.0"',
      'volumes:',
      '- name: istio-envoy',
      '  emptyDir: {medium: Memory}',
      'podRedirectAnnot:',
      '  sidecar.istio.io/interceptionMode: REDIRECT',
      '',
    ].join('\n');
    const r = injectText(POD, { profile: 'classic', values: { global: { hub: 'docker.io/istio' } }, injectConfig: { policy: 'enabled', template } });
    assert.ok(r.ok, r.ok ? '' : r.error);
    const pod = parse(r.text.split('\n---\n')[0] as string) as Rec;
    assert.deepEqual(pod['spec']['initContainers'].map((c: Rec) => c['name']), ['setup', 'istio-init']);
    assert.deepEqual(pod['spec']['containers'].map((c: Rec) => c['name']), ['app', 'istio-proxy']);
    assert.deepEqual(pod['spec']['volumes'].map((v: Rec) => v['name']), ['istio-envoy']);
    assert.equal(pod['metadata']['annotations']['sidecar.istio.io/interceptionMode'], 'REDIRECT');
    assert.equal(pod['rewriteAppHTTPProbe'], undefined);
  });

  it('keeps the last of duplicate keys a template writes, as go-yaml does', () => {
    const r = injectText(POD, {
      profile: 'native',
      injectConfig: { templates: { sidecar: 'metadata:\n  labels:\n    a: first\n    a: last\n' } },
    });
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal((parse(r.text.split('\n---\n')[0] as string) as Rec)['metadata']['labels']['a'], 'last');
  });
});
