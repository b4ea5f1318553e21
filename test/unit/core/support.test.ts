import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { globToRegExp, matchesAny } from '../../../server/src/core/glob';
import { portProtocol, suggestPortName } from '../../../server/src/core/model/protocol';
import { MeshService } from '../../../server/src/core/service';
import { normalizeSettings } from '../../../server/src/core/settings';
import { suppressedByComment } from '../../../server/src/core/suppression';

describe('portProtocol', () => {
  const cases: [Parameters<typeof portProtocol>[0], string][] = [
    [{ name: 'http' }, 'http'],
    [{ name: 'HTTP2-foo' }, 'http2'],
    [{ name: 'grpc-web' }, 'grpc-web'],
    [{ name: 'grpc-web-ui' }, 'grpc-web'],
    [{ name: 'grpc-foo' }, 'grpc'],
    [{ name: 'tcp' }, 'tcp'],
    [{ name: 'dns', protocol: 'UDP' }, 'udp'],
    [{ name: 'web', appProtocol: 'http' }, 'http'],
    [{ appProtocol: 'kubernetes.io/h2c' }, 'http2'],
  ];
  for (const [port, want] of cases) {
    it(`${JSON.stringify(port)} → ${want}`, () => {
      const r = portProtocol(port);
      assert.equal(r.kind === 'protocol' ? r.protocol : r.kind, want);
    });
  }
  it('rejects unnamed ports and unknown prefixes', () => {
    assert.equal(portProtocol({}).kind, 'unnamed');
    assert.deepEqual(portProtocol({ name: 'http2foo' }), { kind: 'unrecognised', prefix: 'http2foo' });
    assert.equal(portProtocol({ name: 'web', appProtocol: 'bogus' }).kind, 'unrecognised');
  });
  it('suggests names that keep what the user meant', () => {
    assert.equal(suggestPortName('http2', 'http2foo'), 'http2-foo');
    assert.equal(suggestPortName('http', undefined), 'http');
    assert.equal(suggestPortName('tcp', 'My_Port'), 'tcp-my-port');
    assert.ok(suggestPortName('grpc-web', 'averyveryverylongname').length <= 15);
  });
});

describe('suppression comments', () => {
  const text = 'a: 1\n# istio-mesh-disable-next-line svc-port-named\nb: 2\n#istio-mesh-disable-next-line\nc: 3\nd: 4\n';
  it('silence the named rule on the next line only', () => {
    assert.equal(suppressedByComment(text, text.indexOf('b: 2'), 'svc-port-named'), true);
    assert.equal(suppressedByComment(text, text.indexOf('b: 2'), 'other-rule'), false);
    assert.equal(suppressedByComment(text, text.indexOf('c: 3'), 'any-rule'), true);
    assert.equal(suppressedByComment(text, text.indexOf('d: 4'), 'svc-port-named'), false);
    assert.equal(suppressedByComment(text, 0, 'svc-port-named'), false);
  });
  it('and Istio\'s analyze-suppress annotation silences by code', () => {
    const s = new MeshService();
    const svc = (ann: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n    galley.istio.io/analyze-suppress: "${ann}"\nspec:\n  ports:\n  - port: 80\n`;
    s.setFile('a', svc('IST0118'));
    s.setFile('b', svc('IST0001'));
    s.setFile('c', svc('*'));
    assert.equal(s.validate('a').length, 0);
    assert.equal(s.validate('b').length, 1);
    assert.equal(s.validate('c').length, 0);
  });
});

describe('rule failures', () => {
  it('are logged once and do not remove other findings', () => {
    const failures: string[] = [];
    const boom = { id: 'boom', description: '', istioCode: null, defaultSeverity: 'error' as const, kinds: ['Service'], check: () => { throw new Error('bad'); } };
    const ok = { id: 'ok', description: '', istioCode: null, defaultSeverity: 'warning' as const, kinds: ['Service'], check: () => [{ span: { start: 0, end: 1 }, message: 'm' }] };
    const s = new MeshService([boom, ok], (id) => failures.push(id));
    s.setFile('a', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n');
    s.setFile('b', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: t\n');
    assert.deepEqual(s.validate('a').map((f) => f.code), ['ok']);
    assert.deepEqual(s.validate('b').map((f) => f.code), ['ok']);
    assert.deepEqual(failures, ['boom']);
  });
});

describe('settings and globs', () => {
  it('normalizeSettings drops malformed values', () => {
    const s = normalizeSettings({ profile: 'nope', rules: { a: 'error', b: 'loud' }, defaultNamespace: '  ', validate: { enable: false } });
    assert.equal(s.profile, 'auto');
    assert.deepEqual(s.rules, { a: 'error' });
    assert.equal(s.defaultNamespace, 'default');
    assert.equal(s.enable, false);
    assert.deepEqual(normalizeSettings(null).rules, {});
  });
  it('globs match like VS Code excludes', () => {
    assert.ok(matchesAny('charts/x/templates/a.yaml', ['**/templates/**']));
    assert.ok(globToRegExp('*.{yaml,yml}').test('dir/a.yml'));
    assert.ok(!globToRegExp('gen/*.yaml').test('gen/sub/a.yaml'));
  });
});

describe('profile auto', () => {
  it('follows the injector ConfigMap nearest above the file', () => {
    const s = new MeshService();
    s.setFile('file:///ws/legacy/istio-inject.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio-inject\ndata:\n  config: "policy: enabled"\n');
    s.setFile('file:///ws/legacy/native/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio-sidecar-injector\ndata:\n  values: "{}"\n');
    s.setFile('file:///ws/classic/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio-sidecar-injector\ndata:\n  values: \'{"global":{"nativeSidecar":false}}\'\n');
    const auto = normalizeSettings({});
    assert.equal(s.resolveProfile(auto, 'file:///ws/legacy/app.yaml'), 'legacy-0.2');
    assert.equal(s.resolveProfile(auto, 'file:///ws/legacy/native/deep/app.yaml'), 'native');
    assert.equal(s.resolveProfile(auto, 'file:///ws/classic/app.yaml'), 'classic');
    assert.equal(s.resolveProfile(auto, 'file:///ws/other/app.yaml'), 'native');
    assert.equal(s.resolveProfile(normalizeSettings({ profile: 'classic' }), 'file:///ws/legacy/app.yaml'), 'classic');
  });

  it("reads the injector ConfigMap as kubectl exports it, templates in its block scalars included", () => {
    const s = new MeshService();
    const cm =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio-sidecar-injector\n  namespace: istio-system\ndata:\n' +
      '  values: |-\n    {"pilot": {"env": {"ENABLE_NATIVE_SIDECARS": false}}}\n' +
      '  config: |-\n    policy: enabled\n    templates:\n      sidecar: |\n        spec:\n          containers:\n' +
      '          - name: istio-proxy\n            image: "{{ .Values.global.proxy.image }}"\n' +
      '            args: [{{ range .ProxyConfig.Args }}"{{ . }}",{{ end }}]\n';
    s.setFile('file:///ws/cluster/injector.yaml', cm);
    assert.equal(s.resolveProfile(normalizeSettings({}), 'file:///ws/cluster/app.yaml'), 'classic');
  });
});
