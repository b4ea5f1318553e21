/** Istio 0.2's injection policy table, namespace rules, config errors and Go durations. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  decideLegacyInjection,
  formatGoDuration,
  injectLegacyObject,
  parseGoDuration,
  parseLegacyInjectConfig,
  parseLegacyMeshConfig,
} from '../../../server/src/core/inject/legacy/index';

type Rec = Record<string, unknown>;

function deployment(annotation?: string): Rec {
  return {
    apiVersion: 'extensions/v1beta1',
    kind: 'Deployment',
    metadata: { name: 'myapp', ...(annotation === undefined ? {} : { annotations: { 'sidecar.istio.io/inject': annotation } }) },
    spec: { template: { metadata: { labels: { app: 'myapp' } }, spec: { containers: [{ name: 'myapp', image: 'myapp' }] } } },
  };
}

describe('legacy-0.2 policy table (the install guide)', () => {
  const table: Array<[policy: 'off' | 'disabled' | 'enabled', annotation: string | undefined, injected: boolean]> = [
    ['off', undefined, false],
    ['off', 'true', false],
    ['off', 'false', false],
    ['disabled', undefined, false],
    ['disabled', 'false', false],
    ['disabled', 'true', true],
    ['enabled', undefined, true],
    ['enabled', 'false', false],
    ['enabled', 'true', true],
  ];
  for (const [policy, annotation, want] of table) {
    const label = `policy ${policy}, annotation ${annotation ?? 'omitted'} -> ${want ? 'injected' : 'not injected'}`;
    it(`decideLegacyInjection: ${label}`, () => {
      const d = decideLegacyInjection({ policy, annotation, namespace: 'default' });
      assert.equal(d.inject, want);
      assert.match(d.reason, new RegExp(`^policy ${policy}`));
    });
    it(`injectLegacyObject: ${label}`, () => {
      const r = injectLegacyObject(deployment(annotation), { policy, namespaces: [''] }, undefined);
      assert.equal(r.kind, want ? 'injected' : 'skipped', JSON.stringify(r));
    });
  }

  it('says why in words', () => {
    assert.match(decideLegacyInjection({ policy: 'enabled', annotation: undefined, namespace: 'x' }).reason, /^policy enabled, annotation omitted/);
    assert.match(decideLegacyInjection({ policy: 'disabled', annotation: undefined, namespace: 'x' }).reason, /opt in/);
    assert.match(decideLegacyInjection({ policy: 'enabled', annotation: 'false', namespace: 'x' }).reason, /opts out/);
    assert.match(decideLegacyInjection({ policy: 'off', annotation: 'true', namespace: 'x' }).reason, /switched off/);
  });

  it('reads y / yes / on (any case) as true and any other value as false', () => {
    for (const v of ['y', 'YES', 'True', 'on']) {
      assert.equal(decideLegacyInjection({ policy: 'disabled', annotation: v, namespace: 'a' }).inject, true, v);
    }
    const odd = decideLegacyInjection({ policy: 'enabled', annotation: 'maybe', namespace: 'a' });
    assert.equal(odd.inject, false);
    assert.match(odd.reason, /reads it as "false"/);
  });

  it('exempts kube-system, kube-public and istio-system', () => {
    for (const namespace of ['kube-system', 'kube-public', 'istio-system']) {
      const d = decideLegacyInjection({ policy: 'enabled', annotation: 'true', namespace });
      assert.equal(d.inject, false);
      assert.match(d.reason, new RegExp(`namespace ${namespace} is exempt`));
    }
  });

  it('honours namespaces and excludeNamespaces', () => {
    assert.equal(decideLegacyInjection({ policy: 'enabled', annotation: undefined, namespace: 'a', namespaces: ['b'] }).inject, false);
    assert.match(decideLegacyInjection({ policy: 'enabled', annotation: undefined, namespace: 'a', namespaces: ['b'] }).reason, /not watched/);
    assert.equal(decideLegacyInjection({ policy: 'enabled', annotation: undefined, namespace: 'b', namespaces: ['b'] }).inject, true);
    assert.equal(decideLegacyInjection({ policy: 'enabled', annotation: undefined, namespace: '', namespaces: ['default'] }).inject, true);
    assert.equal(decideLegacyInjection({ policy: 'enabled', annotation: undefined, namespace: 'a', namespaces: [''] }).inject, true);
    const ex = decideLegacyInjection({ policy: 'enabled', annotation: 'true', namespace: 'ibm', excludeNamespaces: ['ibm'] });
    assert.equal(ex.inject, false);
    assert.match(ex.reason, /excludeNamespaces/);
  });
});

describe('legacy-0.2 config errors', () => {
  const err = (cfg: unknown, mesh?: unknown): string => {
    const r = injectLegacyObject(deployment(), cfg, mesh);
    assert.equal(r.kind, 'error', JSON.stringify(r));
    return (r as { message: string }).message;
  };

  it('rejects an unknown policy, naming the valid ones', () => {
    assert.match(err({ policy: 'disable' }), /unknown policy "disable"; use off, disabled or enabled/);
  });
  it('rejects wrong types in params', () => {
    assert.match(err({ params: { verbosity: 'loud' } }), /params\.verbosity must be an integer/);
    assert.match(err({ params: { version: 12345678 } }), /params\.version must be a string \(quote it\)/);
    assert.match(err({ params: { debugMode: 'sure' } }), /params\.debugMode must be true or false/);
    assert.match(err({ params: 'x' }), /params must be a mapping/);
  });
  it('rejects namespaces together with excludeNamespaces, and "" in excludeNamespaces', () => {
    assert.match(err({ namespaces: [''], excludeNamespaces: ['a'] }), /both namespaces and excludeNamespaces/);
    assert.match(err({ excludeNamespaces: [''] }), /excludeNamespaces cannot contain ""/);
  });
  it('rejects a ConfigMap without data.config and unparsable YAML', () => {
    assert.match(err({ kind: 'ConfigMap', metadata: { name: 'istio-inject' }, data: {} }), /no data\.config/);
    assert.match(err({ kind: 'ConfigMap', data: { config: 'policy: [' } }), /not valid YAML/);
    assert.match(err(42), /must be a mapping/);
  });
  it('rejects a bad mesh config', () => {
    assert.match(err(undefined, { authPolicy: 'SOMETIMES' }), /authPolicy must be NONE or MUTUAL_TLS/);
    assert.match(err(undefined, { defaultConfig: { drainDuration: 'soon' } }), /drainDuration must be a duration/);
    assert.match(err(undefined, { proxyListenPort: 70000 }), /proxyListenPort must be a port number/);
  });
  it('rejects non-string annotations, as Kubernetes does', () => {
    const obj = deployment();
    (obj['metadata'] as Rec)['annotations'] = { 'sidecar.istio.io/inject': false };
    const r = injectLegacyObject(obj, undefined, undefined);
    assert.equal(r.kind, 'error');
    assert.match((r as { message: string }).message, /quote the value/);
  });
  it('rejects a workload without a pod template', () => {
    const r = injectLegacyObject({ kind: 'Deployment', metadata: { name: 'x' }, spec: {} }, undefined, undefined);
    assert.equal(r.kind, 'error');
  });
});

describe('legacy-0.2 config reading', () => {
  it('matches params keys case-insensitively, as Go did', () => {
    const r = parseLegacyInjectConfig({ Policy: 'disabled', params: { Version: 'v1', EnableCoreDump: true } });
    assert.ok(r.ok);
    assert.equal(r.value.policy, 'disabled');
    assert.equal(r.value.params.version, 'v1');
    assert.equal(r.value.params.enableCoreDump, true);
  });
  it('applies 0.2 defaults to missing params', () => {
    const r = parseLegacyInjectConfig({ policy: 'enabled' });
    assert.ok(r.ok);
    assert.equal(r.value.params.initImage, 'docker.io/istio/proxy_init:0.2.6');
    assert.equal(r.value.params.proxyImage, 'docker.io/istio/proxy:0.2.6');
    assert.equal(r.value.params.sidecarProxyUID, 1337);
    assert.equal(r.value.params.imagePullPolicy, 'IfNotPresent');
    assert.deepEqual(r.value.namespaces, ['']);
  });
  it('reads the istio ConfigMap mesh key and snake_case names', () => {
    const r = parseLegacyMeshConfig({ kind: 'ConfigMap', data: { mesh: 'auth_policy: MUTUAL_TLS\ndefault_config:\n  drain_duration: 90s\n' } });
    assert.ok(r.ok);
    assert.equal(r.value.authPolicy, 'MUTUAL_TLS');
    assert.equal(r.value.defaultConfig.drainDuration, '1m30s');
    assert.equal(r.value.defaultConfig.discoveryAddress, 'istio-pilot:8080');
  });
});

describe('Go durations', () => {
  it('formats as time.Duration.String()', () => {
    const cases: Array<[string, string]> = [
      ['0', '0s'], ['2s', '2s'], ['60s', '1m0s'], ['1.5s', '1.5s'], ['500ms', '500ms'], ['1h', '1h0m0s'],
      ['90m', '1h30m0s'], ['1500us', '1.5ms'], ['999ns', '999ns'], ['-3s', '-3s'], ['1m30.25s', '1m30.25s'],
    ];
    for (const [input, want] of cases) {
      const n = parseGoDuration(input);
      assert.notEqual(n, undefined, input);
      assert.equal(formatGoDuration(n as bigint), want, input);
    }
  });
  it('rejects malformed durations', () => {
    for (const bad of ['', 's', '1', '1x', '1.s.']) {
      assert.equal(parseGoDuration(bad), undefined, bad);
    }
  });
});
