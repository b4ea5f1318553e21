/**
 * Rendering an installation's injection templates: Istio's function map, the data istiod gives templates (Go field
 * names over the pod, proto getters, enums, Go ints), reading injector configs, and what a broken or hostile
 * template gets (a clear error naming template and line, never a hang).
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { autoProfile, injectText, readInjectorConfig, type InjectProfile } from '../../../server/src/core/inject/index';
import { injectionFuncs } from '../../../server/src/core/inject/templates/funcs';
import { excludeInboundPort, formatGoDuration } from '../../../server/src/core/inject/templates/istioFuncs';
import { k8sStruct } from '../../../server/src/core/inject/templates/k8sView';
import { protoMessage } from '../../../server/src/core/inject/templates/protoView';
import { stringMap } from '../../../server/src/core/gotemplate';

type Rec = Record<string, unknown>;

const f = injectionFuncs({ env: { MY_FLAG: 'on' } });
const call = (name: string, ...args: unknown[]): unknown => (f[name] as (...a: unknown[]) => unknown)(...args);

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  annotations:
    a: "1"
    empty: ""
  labels:
    app: web
spec:
  serviceAccountName: web-sa
  containers:
  - name: web
    image: web:1
    ports:
    - containerPort: 8080
      name: http
    - containerPort: 53
      protocol: UDP
  - name: istio-proxy
    image: auto
    ports:
    - containerPort: 15090
`;

/** Injects POD with one template whose annotations are `body` (lines `key: value` under annotations). */
function renderAnnotations(body: string, opts: { profile?: InjectProfile; mesh?: Rec; values?: Rec; pod?: string } = {}): Rec {
  const template = `metadata:\n  annotations:\n${body
    .trim()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n`;
  const result = injectText(opts.pod ?? POD, {
    profile: opts.profile ?? 'native',
    values: opts.values ?? { global: { hub: 'docker.io/istio', tag: '1.0.0', proxy: { statusPort: 15020 } } },
    ...(opts.mesh ? { meshConfig: opts.mesh } : {}),
    injectConfig: { templates: { sidecar: template } },
  });
  assert.ok(result.ok, result.ok ? '' : result.error);
  const doc = parse(result.text.split('\n---\n')[0] as string) as Rec;
  return ((doc['metadata'] as Rec)['annotations'] ?? {}) as Rec;
}

function injectError(template: string): string {
  const result = injectText(POD, { profile: 'native', injectConfig: { templates: { sidecar: template } } });
  assert.ok(!result.ok, 'expected the injection to fail');
  return result.error;
}

describe("Istio's template functions", () => {
  it('indent leaves the first line alone; nindent starts a new line and indents every line', () => {
    assert.equal(call('indent', 2n, 'a\nb\nc'), 'a\n  b\n  c');
    assert.equal(call('nindent', 2n, 'a\nb'), '\n  a\n  b');
    assert.throws(() => call('indent', 2, 'a'), /expected int; got float64/);
  });

  it('contains takes the needle first; toLower, directory, trimSuffix, trunc', () => {
    assert.equal(call('contains', 'cni', 'istio-cni'), true);
    assert.equal(call('contains', 'istio-cni', 'cni'), false);
    assert.equal(call('toLower', 'TPROXY'), 'tproxy');
    assert.equal(call('directory', '/etc/certs/cert.pem'), '/etc/certs/');
    assert.equal(call('trimSuffix', '-', 'abc-'), 'abc');
    assert.equal(call('trunc', 3n, 'abcdef'), 'abc');
    assert.equal(call('trunc', -2n, 'abcdef'), 'ef');
  });

  it('valueOrDefault replaces "" and nil only; default replaces every empty value', () => {
    assert.equal(call('valueOrDefault', '', 'd'), 'd');
    assert.equal(call('valueOrDefault', null, 'd'), 'd');
    assert.equal(call('valueOrDefault', false, 'd'), false);
    assert.equal(call('valueOrDefault', 0, 'd'), 0);
    for (const empty of ['', 0, 0n, false, null, [], {}]) {
      assert.equal(call('default', 'd', empty), 'd', JSON.stringify(String(empty)));
    }
    assert.equal(call('default', 'd'), 'd');
    assert.equal(call('default', 'd', 'x'), 'x');
    assert.equal(call('default', 'd', k8sStruct({}, 'Container', 'native')) !== 'd', true);
  });

  it('quote writes Go strings and skips nil; join and list and append', () => {
    assert.equal(call('quote', 'a"b\n'), '"a\\"b\\n"');
    assert.equal(call('quote', null, 'x', 2n), '"x" "2"');
    assert.deepEqual(call('append', call('list', 'a'), 'b'), ['a', 'b']);
    assert.equal(call('join', ',', ['a', 1n, null, 'c']), 'a,1,c');
    assert.throws(() => call('append', null, 'x'), /Cannot push on type nil/);
  });

  // Each expected value is what Go's strings function under sprig's (or Istio's) name returns; the title cases are
  // Go's own strings_test.go TitleTests and the empty-old replace its ReplaceTests.
  it("sprig's string functions return what Go's strings package does", () => {
    assert.equal(call('upper', 'istio-proxy v1.2: grüße'), 'ISTIO-PROXY V1.2: GRÜßE');
    assert.equal(call('lower', 'TPROXY-İstanbul ΟΔΟΣ'), 'tproxy-istanbul οδοσ');
    assert.equal(call('title', 'double-blind'), 'Double-Blind');
    assert.equal(call('title', 'with_underscore 123a456 ÿøû'), 'With_underscore 123a456 Ÿøû');
    assert.equal(call('title', 'unicode \u2028 line separator'), 'Unicode \u2028 Line Separator');
    assert.equal(call('trim', '\t\u0085 a b \r\n'), 'a b');
    assert.equal(call('trim', '\ufeffa'), '\ufeffa');
    assert.equal(call('trimAll', '$-', '-$5.00$$'), '5.00');
    assert.equal(call('trimPrefix', 'istio-', 'istio-istio-proxy'), 'istio-proxy');
    assert.equal(call('trimPrefix', 'x', 'istio'), 'istio');
    assert.equal(call('replace', 'a', 'o', 'banana'), 'bonono');
    assert.equal(call('replace', '', '<>', '☺☻☹'), '<>☺<>☻<>☹<>');
    assert.equal(call('contains', 'proxy', 'istio-proxy'), true);
    assert.equal(call('hasPrefix', 'istio', 'istio-proxy'), true);
    assert.equal(call('hasPrefix', 'proxy', 'istio-proxy'), false);
    assert.equal(call('quote', 'tab\té\u0007'), '"tab\\té\\a"');
    assert.equal(call('squote', 'it', null, 2n), "'it' '2'");
    assert.equal(call('indent', 4n, 'a\n\nb'), 'a\n    \n    b');
    assert.equal(call('nindent', 4n, 'a\n\nb'), '\n    a\n    \n    b');
  });

  // sprig works on Go strings, which are bytes: trunc and substr cut bytes, and nospace (goutils' DeleteWhiteSpace)
  // reads them one by one, writing each kept byte back as the rune of its value once it dropped anything.
  it("sprig's trunc, substr and nospace read a string's bytes as Go does", () => {
    assert.equal(call('trunc', 4n, 'grüße'), 'grü');
    assert.equal(call('trunc', -3n, 'grüße'), 'ße');
    assert.equal(call('trunc', 10n, 'grüße'), 'grüße');
    assert.equal(call('substr', 2n, 4n, 'grüße'), 'ü');
    assert.equal(call('substr', 1n, 100n, 'abc'), 'bc');
    assert.equal(call('substr', -1n, 2n, 'abc'), 'ab');
    assert.throws(() => call('substr', -1n, 5n, 'abc'), /slice bounds out of range \[:5\] with length 3/);
    assert.throws(() => call('substr', 5n, -1n, 'abc'), /slice bounds out of range \[5:3\]$/);
    assert.throws(() => call('substr', 2n, 1n, 'abc'), /slice bounds out of range \[2:1\]$/);
    assert.match(injectError('{{ substr -1 9 "abc" }}'), /error calling substr: runtime error: slice bounds out of range \[:9\] with length 3/);
    assert.equal(call('nospace', ' a b\tc\r\n\u000bd\u000c'), 'abcd');
    assert.equal(call('nospace', 'grüße'), 'grüße');
    assert.equal(call('nospace', 'grü ße'), 'gr\u00c3\u00bc\u00c3\u009fe');
    assert.equal(call('nospace', 'a\u00a0b'), 'a\u00c2b');
    assert.equal(call('nospace', 'a\u2003b'), 'a\u2003b');
  });

  it('excludeInboundPort adds a port once and ignores 0', () => {
    assert.equal(excludeInboundPort(15020, ''), '15020');
    assert.equal(excludeInboundPort('15020', '80,15020'), '80,15020');
    // Istio compares the entries before trimming them, so a spaced duplicate is added again.
    assert.equal(excludeInboundPort('15020', '80, 15020'), '80,15020,15020');
    assert.equal(excludeInboundPort('15020', '80, 81'), '80,81,15020');
    assert.equal(excludeInboundPort(0n, '80'), '80');
  });

  it('toJSON and structToJSON marshal as encoding/json does (sorted map keys, escapes, Go field order)', () => {
    assert.equal(call('toJSON', stringMap({ b: '<x>', a: '&' })), '{"a":"\\u0026","b":"\\u003cx\\u003e"}');
    assert.equal(call('toJSON', null), '{}');
    const port = k8sStruct({ protocol: 'TCP', containerPort: 80, name: 'http' }, 'ContainerPort', 'native');
    assert.equal(call('structToJSON', port), '{"name":"http","containerPort":80,"protocol":"TCP"}');
    assert.equal(call('structToJSON', null), '{}');
  });

  it('fromJSON decodes numbers as float64 and gives "{}" for invalid JSON', () => {
    assert.deepEqual(call('fromJSON', '[{"a":1}]'), [{ a: 1 }]);
    assert.equal(call('fromJSON', 'not json'), '{}');
  });

  it('toYaml writes sorted keys with a trailing newline; omitNil drops nil entries', () => {
    assert.equal(call('toYaml', { b: 1, a: ['x'] }), 'a:\n- x\nb: 1\n');
    assert.deepEqual(call('omitNil', { cpu: null, memory: '1Gi', limits: { cpu: null } }), { memory: '1Gi', limits: {} });
    assert.deepEqual(call('omitNil', null), {});
  });

  it('protoToJSON of the ProxyConfig drops what equals the defaults', () => {
    const pc = protoMessage('ProxyConfig', { discoveryAddress: 'istiod.istio-system.svc:15012', statusPort: 15020, meshId: 'm1' });
    assert.equal(call('protoToJSON', pc), '{"meshId":"m1"}');
  });

  it('appendMultusNetwork keeps a JSON list JSON and a comma list a comma list', () => {
    assert.equal(call('appendMultusNetwork', '', 'default/istio-cni'), 'default/istio-cni');
    assert.equal(call('appendMultusNetwork', 'alt', 'istio-cni'), 'alt, istio-cni');
    assert.equal(call('appendMultusNetwork', 'alt, istio-cni', 'istio-cni'), 'alt, istio-cni');
    assert.equal(
      call('appendMultusNetwork', '[{"name": "alt"}]', 'default/istio-cni'),
      '[{"name": "alt"}, {"name": "istio-cni", "namespace": "default"}]',
    );
  });

  it('env reads only the configured map, never the process environment', () => {
    assert.equal(call('env', 'MY_FLAG', 'off'), 'on');
    assert.equal(call('env', 'PATH', 'none'), 'none');
    assert.equal(call('env', 'HOME', ''), '');
  });

  it('formatDuration prints time.Duration', () => {
    assert.equal(formatGoDuration(45n, 0n), '45s');
    assert.equal(formatGoDuration(90n, 0n), '1m30s');
    assert.equal(formatGoDuration(3600n, 0n), '1h0m0s');
    assert.equal(formatGoDuration(1n, 500_000_000n), '1.5s');
    assert.equal(formatGoDuration(0n, 500_000_000n), '500ms');
    assert.equal(formatGoDuration(0n, 0n), '0s');
    assert.equal(call('formatDuration', protoMessage('Duration', '5s')), '5s');
    assert.equal(call('formatDuration', null), '0s');
  });

  it('regexMatch runs RE2-like patterns and refuses ones that could backtrack without bound', () => {
    assert.equal(call('regexMatch', '^[a-z]+-v[0-9]+$', 'reviews-v2'), true);
    assert.equal(call('regexReplaceAll', 'v([0-9]+)', 'app-v2', 'w${1}'), 'app-w2');
    assert.throws(() => call('regexMatch', '^(a+)+$', `${'a'.repeat(40)}!`), /nests quantifiers/);
    assert.throws(() => call('regexMatch', '(x*)*y', 'xx'), /nests quantifiers/);
    assert.throws(() => call('regexMatch', '(a)\\1', 'aa'), /unsupported Perl syntax/);
    assert.throws(() => call('regexMatch', 'a(?=b)', 'ab'), /unsupported Perl syntax/);
  });

  it('isset tells a set annotation from a missing one, on a nil map too', () => {
    assert.equal(call('isset', stringMap({ a: '' }), 'a'), true);
    assert.equal(call('isset', stringMap({}), 'a'), false);
    assert.equal(call('isset', null, 'a'), false);
  });
});

describe('what an injection template sees', () => {
  it('the pod by Go field names, ints as ints, annotations with their defaults', () => {
    const a = renderAnnotations(`
name: "{{ .ObjectMeta.Name }}/{{ .ObjectMeta.Namespace }}"
sa: "{{ .Spec.ServiceAccountName }}"
ports: "{{ range $c := .Spec.Containers }}{{ range $c.Ports }}{{ .ContainerPort }};{{ end }}{{ end }}"
inbound: "{{ includeInboundPorts .Spec.Containers }}"
app: "{{ applicationPorts .Spec.Containers }}"
ann: "{{ annotation .ObjectMeta \`a\` 2 }}|{{ annotation .ObjectMeta \`empty\` 2 }}|{{ annotation .ObjectMeta \`none\` .Values.global.proxy.statusPort }}|{{ annotation .ObjectMeta \`none\` nil }}"
missing: "{{ index .ObjectMeta.Annotations \`none\` }}|{{ .Values.nothing }}"
kind: "{{ .TypeMeta.Kind }} {{ .DeploymentMeta.Name }}"
uid: "{{ .ProxyUID }} {{ printf "%d" .ProxyGID }}"
image: "{{ .ProxyImage }}"
`);
    assert.equal(a['name'], 'web/shop');
    assert.equal(a['sa'], 'web-sa');
    assert.equal(a['ports'], '8080;53;15090;');
    assert.equal(a['inbound'], '8080,15090');
    assert.equal(a['app'], '8080');
    assert.equal(a['ann'], '1||15020|<nil>');
    assert.equal(a['missing'], '|<no value>');
    assert.equal(a['kind'], 'Pod web');
    assert.equal(a['uid'], '1337 1337');
    assert.equal(a['image'], 'docker.io/istio/proxyv2:1.0.0');
  });

  it('ProxyConfig and MeshConfig with proto getters, enums and wrappers', () => {
    const a = renderAnnotations(
      `
mode: "{{ .ProxyConfig.InterceptionMode }} {{ .ProxyConfig.InterceptionMode.String }}"
ca: "[{{ .ProxyConfig.GetTracing.GetTlsSettings.GetCaCertificates }}]"
hold: "{{ .ProxyConfig.HoldApplicationUntilProxyStarts.GetValue }}"
meta: "{{ range $k, $v := .ProxyConfig.ProxyMetadata }}{{ $k }}={{ $v }},{{ end }}"
trust: "{{ .MeshConfig.TrustDomain }} {{ .MeshConfig.ProxyListenPort }}"
policy: "{{ .InboundTrafficPolicyMode }}"
native: "{{ .NativeSidecars }}"
`,
      {
        profile: 'classic',
        mesh: {
          trustDomain: 'example.org',
          inboundTrafficPolicy: { mode: 'LOCALHOST' },
          defaultConfig: { interceptionMode: 'TPROXY', proxyMetadata: { B: '2', A: '1' } },
        },
      },
    );
    assert.equal(a['mode'], 'TPROXY TPROXY');
    assert.equal(a['ca'], '[]');
    assert.equal(a['hold'], 'false');
    assert.equal(a['meta'], 'A=1,B=2,');
    assert.equal(a['trust'], 'example.org 15001');
    assert.equal(a['policy'], 'localhost');
    assert.equal(a['native'], 'false');
  });

  it('an enum is the int32 it is for if, eq and lt, and prints its name', () => {
    const body = `
truth: "{{ if .ProxyConfig.InterceptionMode }}set{{ else }}zero{{ end }}"
eq: "{{ eq .ProxyConfig.InterceptionMode 1 }} {{ lt .ProxyConfig.InterceptionMode 2 }}"
name: "{{ .ProxyConfig.InterceptionMode }}"`;
    const pick = (a: Rec): Rec => ({ truth: a['truth'], eq: a['eq'], name: a['name'] });
    assert.deepEqual(pick(renderAnnotations(body)), { truth: 'zero', eq: 'false true', name: 'REDIRECT' });
    assert.deepEqual(pick(renderAnnotations(body, { mesh: { defaultConfig: { interceptionMode: 'TPROXY' } } })), {
      truth: 'set',
      eq: 'true true',
      name: 'TPROXY',
    });
  });

  it('templates read ENABLE_NATIVE_SIDECARS through env, as istiod sets it, from the profile', () => {
    assert.equal(renderAnnotations('flag: "{{ env `ENABLE_NATIVE_SIDECARS` `x` }}"', { profile: 'native' })['flag'], 'true');
    assert.equal(renderAnnotations('flag: "{{ env `ENABLE_NATIVE_SIDECARS` `x` }}"', { profile: 'classic' })['flag'], 'false');
  });

  it('a field newer than the schema reads as empty, and its getters too, instead of failing the release', () => {
    const a = renderAnnotations(`
pc: "[{{ .ProxyConfig.SomeFutureField }}|{{ .ProxyConfig.GetSomeFutureMessage.GetValue }}|{{ if .ProxyConfig.SomeFutureFlag }}on{{ end }}]"
spec: "[{{ .Spec.SomeFutureField }}|{{ eq .Spec.SomeFutureField \"\" }}]"
`);
    assert.equal(a['pc'], '[||]');
    assert.equal(a['spec'], '[|true]');
  });

  it('fields of a nil message fail as in Go, while its getters give zero values', () => {
    assert.match(injectError('{{ .ProxyConfig.Tracing.Sampling }}'), /nil pointer evaluating \*v1alpha1\.Tracing\.Sampling/);
    assert.equal(renderAnnotations('s: "{{ .ProxyConfig.GetTracing.GetSampling }}"')['s'], '0');
  });
});

describe('injector configs', () => {
  it("tells today's config from Istio 0.2's and from neither", () => {
    assert.equal(readInjectorConfig({ policy: 'enabled', params: { initImage: 'x' } }).kind, 'legacy-0.2');
    assert.equal(readInjectorConfig({ policy: 'enabled', templates: { sidecar: '{}' } }).kind, 'templates');
    const neither = readInjectorConfig({ foo: 1 });
    assert.equal(neither.kind, 'error');
    assert.match(neither.kind === 'error' ? neither.error : '', /expected `templates`.*`policy` and `params`/);
    const cm = readInjectorConfig({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'istio-sidecar-injector' },
      data: { config: 'templates:\n  sidecar: |\n    metadata: {}\n' },
    });
    assert.equal(cm.kind, 'templates');
    const old = readInjectorConfig({ policy: 'enabled', template: 'metadata: {}' });
    assert.deepEqual(old.kind === 'templates' ? old.config.names() : [], ['sidecar']);
  });

  it('auto picks the profile from the config it is given', () => {
    assert.equal(autoProfile({ policy: 'disabled', params: {} }).profile, 'legacy-0.2');
    assert.equal(autoProfile({ templates: { sidecar: '{{ if .NativeSidecars }}{{ end }}' } }).profile, 'native');
    assert.equal(autoProfile({ templates: { sidecar: '{{ env "ENABLE_NATIVE_SIDECARS" "false" }}' } }).profile, 'classic');
    assert.equal(autoProfile(undefined).profile, 'native');
  });

  it('a 0.2 config with a profile of today is refused, saying which profile it goes with', () => {
    const r = injectText(POD, { profile: 'native', injectConfig: { policy: 'enabled', params: {} } });
    assert.ok(!r.ok && /legacy-0\.2/.test(r.error));
  });

  it('inject.istio.io/templates renders several templates, aliases included, merged in order', () => {
    const pod = POD.replace('    a: "1"', '    a: "1"\n    inject.istio.io/templates: both');
    const result = injectText(pod, {
      profile: 'native',
      injectConfig: {
        templates: {
          sidecar: 'metadata:\n  labels:\n    from: sidecar\n    first: "yes"\n',
          spire: 'metadata:\n  labels:\n    from: spire\n',
        },
        aliases: { both: ['sidecar', 'spire'] },
      },
    });
    assert.ok(result.ok, result.ok ? '' : result.error);
    const labels = ((parse(result.text.split('\n---\n')[0] as string) as Rec)['metadata'] as Rec)['labels'] as Rec;
    assert.equal(labels['from'], 'spire');
    assert.equal(labels['first'], 'yes');
  });

  it('an unknown template is refused, listing the ones there are', () => {
    const pod = POD.replace('    a: "1"', '    a: "1"\n    inject.istio.io/templates: sidecar,spire');
    const r = injectText(pod, { profile: 'native', injectConfig: { templates: { sidecar: '{}', gateway: '{}' } } });
    assert.ok(!r.ok);
    assert.match(r.error, /requested template "spire" not found; have gateway, sidecar/);
  });
});

describe('broken and hostile templates', () => {
  it('a template that does not parse names the template and the line', () => {
    assert.match(injectError('metadata:\n  labels:\n    x: {{ nosuchfunc }}\n'), /template "sidecar" does not parse: template: sidecar:3: function "nosuchfunc" not defined/);
  });

  it('a failing action names template, line, column and the action', () => {
    assert.match(
      injectError('metadata: {}\n{{ index .Spec.Containers 5 }}\n'),
      /sidecar:2:\d+: executing "sidecar" at <index \.Spec\.Containers 5>: error calling index: index out of range: 5/,
    );
  });

  it('output that is not YAML is an error, not a crash', () => {
    assert.match(injectError('metadata: [\n'), /rendered YAML that does not parse/);
  });

  it('functions cannot build values without bound', () => {
    assert.match(injectError('{{ repeat 1000000000 "xx" }}'), /repeat would build 2000000000 characters/);
    assert.match(injectError("{{ indent 100000000 `a\nb` }}"), /indent would build/);
    assert.match(injectError('{{ nindent 100000000 "a" }}'), /nindent would build/);
    assert.match(injectError('{{ range until 1000000000 }}{{ end }}'), /until would build/);
    assert.match(
      injectError('{{ $l := list }}{{ range until 100000 }}{{ $l = append $l . }}{{ end }}'),
      /append would make a list of 10001 items/,
    );
  });

  it('endless recursion and loops stop with an error', () => {
    assert.match(injectError('{{ define "a" }}{{ template "a" . }}{{ end }}{{ template "a" . }}'), /maximum template depth/);
    assert.match(injectError('{{ range $i := 100000000 }}x{{ end }}'), /steps/);
    assert.match(injectError('{{ range $i := 100000 }}{{ printf "%099999d" 1 }}{{ end }}'), /output exceeds|steps/);
  });
});
