import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { LABELS } from '../../../server/src/core/istio/labels';
import type { RawGrammar, RawRule, Token } from './miniTextmate';
import { MiniTokenizer, onigOnlySyntax, scopesOf } from './miniTextmate';

/**
 * The TextMate grammars in syntaxes/. vscode-textmate and vscode-oniguruma are not installed here, so the
 * grammars are run by a small JS tokenizer (miniTextmate.ts); the injection grammar runs without the YAML
 * grammar under it, so these tests pin what our patterns match, not how they interleave with source.yaml.
 */
const REPO = path.resolve(__dirname, '../../..');
const SHARED_REFERENCE = path.resolve(REPO, '../shared/reference');

interface GrammarContribution {
  readonly language?: string;
  readonly scopeName: string;
  readonly path: string;
  readonly injectTo?: readonly string[];
}
interface LanguageContribution {
  readonly id: string;
  readonly filenames?: readonly string[];
  readonly configuration?: string;
}

const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
  contributes: { grammars?: GrammarContribution[]; languages?: LanguageContribution[] };
};
const contributions = pkg.contributes.grammars ?? [];
const load = (rel: string): RawGrammar => JSON.parse(readFileSync(path.join(REPO, rel), 'utf8')) as RawGrammar;

const INJECTION = 'istio.annotations.injection';
const ENV = 'source.istio-env';
const DNSMASQ = 'source.istio-dnsmasq';
/** Each grammar's scopes end with this suffix, so themes and tests can tell them apart. */
const SUFFIX: Readonly<Record<string, string>> = { [INJECTION]: '.yaml', [ENV]: '.istio-env', [DNSMASQ]: '.istio-dnsmasq' };

function grammarFor(scopeName: string): RawGrammar {
  const c = contributions.find((g) => g.scopeName === scopeName);
  assert.ok(c, `package.json contributes no grammar with scopeName ${scopeName}`);
  return load(c.path);
}

/** Every rule of a grammar, repository included, with a path for messages. */
function* rules(g: RawGrammar): Generator<{ where: string; rule: RawRule }> {
  function* walk(rule: RawRule, where: string): Generator<{ where: string; rule: RawRule }> {
    yield { where, rule };
    for (const [i, p] of (rule.patterns ?? []).entries()) {
      yield* walk(p, `${where}.patterns[${i}]`);
    }
  }
  for (const [i, p] of g.patterns.entries()) {
    yield* walk(p, `patterns[${i}]`);
  }
  for (const [k, r] of Object.entries(g.repository ?? {})) {
    yield* walk(r, `repository.${k}`);
  }
}

function scopeNames(rule: RawRule): string[] {
  const caps = [rule.captures, rule.beginCaptures, rule.endCaptures].flatMap((c) => Object.values(c ?? {}).map((x) => x.name));
  return [rule.name, rule.contentName, ...caps].flatMap((n) => (n ? n.split(/\s+/) : []));
}

describe('grammar files', () => {
  test('package.json contributes the three grammars, each file present with a matching scopeName', () => {
    for (const scope of [INJECTION, ENV, DNSMASQ]) {
      const c = contributions.find((g) => g.scopeName === scope);
      assert.ok(c, `no grammar contribution for ${scope}`);
      assert.ok(existsSync(path.join(REPO, c.path)), `${c.path} does not exist`);
      assert.equal(load(c.path).scopeName, scope, `${c.path}: scopeName differs from package.json`);
    }
  });

  test('the Istio grammar is injected into YAML keys, not into comments or strings', () => {
    const c = contributions.find((g) => g.scopeName === INJECTION)!;
    assert.deepEqual(c.injectTo, ['source.yaml']);
    assert.equal(c.language, undefined, 'an injection grammar belongs to no language');
    const sel = load(c.path).injectionSelector ?? '';
    assert.match(sel, /^L:source\.yaml\b/, 'L: so it wins over the YAML grammar at the same position');
    assert.match(sel, /-comment\b/);
    assert.match(sel, /-string\b/);
  });

  test('istio-env and istio-dnsmasq are languages with their file names and a comment setting', () => {
    const langs = pkg.contributes.languages ?? [];
    const expected: Record<string, string[]> = { 'istio-env': ['cluster.env', 'sidecar.env'], 'istio-dnsmasq': ['kubedns'] };
    for (const [id, files] of Object.entries(expected)) {
      const lang = langs.find((l) => l.id === id);
      assert.ok(lang, `language ${id} is not contributed`);
      assert.deepEqual([...(lang.filenames ?? [])].sort(), [...files].sort());
      assert.ok(lang.configuration && existsSync(path.join(REPO, lang.configuration)), `${id}: language configuration missing`);
      const conf = JSON.parse(readFileSync(path.join(REPO, lang.configuration), 'utf8')) as { comments?: { lineComment?: string } };
      assert.equal(conf.comments?.lineComment, '#');
      const g = contributions.find((c) => c.language === id);
      assert.ok(g, `no grammar for language ${id}`);
    }
  });

  for (const scope of [INJECTION, ENV, DNSMASQ]) {
    test(`${scope}: regexes compile in JS, includes resolve, scopes end with ${SUFFIX[scope]}`, (t) => {
      const g = grammarFor(scope);
      const onig: string[] = [];
      for (const { where, rule } of rules(g)) {
        for (const key of ['match', 'begin', 'end', 'while'] as const) {
          const src = rule[key];
          if (src === undefined) {
            continue;
          }
          const only = onigOnlySyntax(src);
          if (only.length > 0) {
            onig.push(`${where}.${key}: ${only.join(', ')}`);
            continue;
          }
          assert.doesNotThrow(() => new RegExp(src, 'd'), `${where}.${key} does not compile: ${src}`);
        }
        if (rule.begin !== undefined) {
          assert.ok(rule.end !== undefined || rule.while !== undefined, `${where}: begin without end`);
        }
        if (rule.include?.startsWith('#')) {
          assert.ok(g.repository?.[rule.include.slice(1)], `${where}: include ${rule.include} does not resolve`);
        }
        for (const name of scopeNames(rule)) {
          assert.ok(name.endsWith(SUFFIX[scope]!), `${where}: scope "${name}" does not end with ${SUFFIX[scope]}`);
        }
      }
      if (onig.length > 0) {
        t.diagnostic(`not compiled in JS (Oniguruma-only syntax): ${onig.join('; ')}`);
      }
      // The tokenizer below needs them all in JS: keep it that way so the grammar stays testable.
      assert.deepEqual(onig, [], 'the grammar uses Oniguruma-only syntax; the tests below could not run it');
    });
  }
});

/** Tokenizes one line; returns a lookup for the scopes on a piece of it. */
function line(g: RawGrammar, text: string): (piece: string, from?: number) => readonly string[] {
  const tokens: Token[] = new MiniTokenizer(g).tokenize(text)[0]!;
  return (piece, from) => scopesOf(text, tokens, piece, from);
}

const has = (scopes: readonly string[], prefix: string): boolean => scopes.some((s) => s === prefix || s.startsWith(`${prefix}.`));

describe('Istio annotation and label keys in YAML', () => {
  const g = grammarFor(INJECTION);

  test('a known annotation with a valid inject value', () => {
    const at = line(g, '        sidecar.istio.io/inject: "true"');
    assert.ok(at('sidecar.istio.io/inject').includes('entity.name.tag.istio.annotation.yaml'));
    assert.ok(at('sidecar.istio.io/inject').includes('meta.map.key.yaml'));
    assert.ok(at(':').includes('punctuation.separator.map.value.yaml'));
    assert.ok(at('true').includes('constant.language.boolean.istio.yaml'));
    assert.ok(at('"', 30).includes('punctuation.definition.string.begin.istio.yaml'));
  });

  test('inject values other than "true"/"false" are invalid; unquoted booleans too (label and annotation values are strings)', () => {
    assert.ok(line(g, '  sidecar.istio.io/inject: "yes"')('yes').includes('invalid.illegal.istio.value.yaml'));
    assert.ok(line(g, "  sidecar.istio.io/inject: 'enabled'")('enabled').includes('invalid.illegal.istio.value.yaml'));
    assert.ok(line(g, '  sidecar.istio.io/inject: true')('true').includes('invalid.illegal.istio.unquoted.yaml'));
    assert.ok(line(g, '  sidecar.istio.io/inject: maybe')('maybe').includes('invalid.illegal.istio.value.yaml'));
    assert.ok(line(g, "  sidecar.istio.io/inject: 'false'")('false').includes('constant.language.boolean.istio.yaml'));
  });

  test('the namespace label istio-injection takes enabled or disabled', () => {
    const ok = line(g, '    istio-injection: enabled');
    assert.ok(ok('istio-injection').includes('entity.name.tag.istio.label.yaml'));
    assert.ok(ok('enabled').includes('constant.language.istio.yaml'));
    assert.ok(line(g, '    istio-injection: "disabled"')('disabled').includes('constant.language.istio.yaml'));
    assert.ok(line(g, '    istio-injection: on')('on', 20).includes('invalid.illegal.istio.unquoted.yaml'));
    assert.ok(line(g, '    istio-injection: "true"')('true').includes('invalid.illegal.istio.value.yaml'));
    assert.ok(line(g, '    istio-injection: yes-please')('yes-please').includes('invalid.illegal.istio.value.yaml'));
  });

  test('unknown keys under an istio.io domain are invalid; deprecated keys are marked deprecated', () => {
    assert.ok(line(g, '    sidecar.istio.io/foo: "bar"')('sidecar.istio.io/foo').includes('invalid.illegal.istio.annotation.yaml'));
    assert.ok(line(g, '    foo.sidecar.istio.io/inject: "true"')('foo.sidecar.istio.io/inject').includes('invalid.illegal.istio.annotation.yaml'));
    assert.ok(line(g, '    istio.io/nope: x')('istio.io/nope').includes('invalid.illegal.istio.annotation.yaml'));
    assert.ok(line(g, '    sidecar.istio.io/injectx: "true"')('sidecar.istio.io/injectx').includes('invalid.illegal.istio.annotation.yaml'));
    const dep = line(g, '    sidecar.istio.io/statsInclusionPrefixes: "cluster"')('sidecar.istio.io/statsInclusionPrefixes');
    assert.ok(dep.includes('invalid.deprecated.istio.annotation.yaml'));
  });

  test('other known keys: labels and annotations, values as strings, constants, unquoted numbers invalid', () => {
    const rev = line(g, '    istio.io/rev: canary');
    assert.ok(rev('istio.io/rev').includes('entity.name.tag.istio.annotation.yaml'));
    assert.ok(rev('canary').includes('string.unquoted.plain.istio.yaml'));
    const cpu = line(g, '    sidecar.istio.io/proxyCPULimit: "500m"');
    assert.ok(cpu('sidecar.istio.io/proxyCPULimit').includes('entity.name.tag.istio.annotation.yaml'));
    assert.ok(cpu('500m').includes('string.quoted.double.istio.yaml'));
    assert.ok(line(g, '    topology.istio.io/network: net1')('topology.istio.io/network').includes('entity.name.tag.istio.label.yaml'));
    const ports = line(g, '    traffic.sidecar.istio.io/excludeOutboundPorts: 3306');
    assert.ok(ports('3306').includes('invalid.illegal.istio.unquoted.yaml'));
    assert.ok(line(g, '    istio.io/dataplane-mode: "enabled"')('enabled').includes('constant.language.istio.yaml'));
  });

  test('quoted keys, trailing comments and flow values', () => {
    const quoted = line(g, '    "sidecar.istio.io/inject": "false" # opt out');
    assert.ok(quoted('sidecar.istio.io/inject').includes('entity.name.tag.istio.annotation.yaml'));
    assert.ok(quoted('"', 4).includes('punctuation.definition.string.istio.yaml'));
    assert.ok(quoted('"', 5).includes('punctuation.definition.string.istio.yaml'), 'the closing quote of the key');
    assert.ok(quoted('false').includes('constant.language.boolean.istio.yaml'));
    assert.ok(!has(quoted('# opt out'), 'string'), 'the comment is left to the YAML grammar');
    // A flow or block value is the YAML grammar's business: only the key is matched, not even the colon.
    const block = line(g, '        proxy.istio.io/config: |');
    assert.ok(block('proxy.istio.io/config').includes('entity.name.tag.istio.annotation.yaml'));
    assert.deepEqual(block(': |'), []);
    const flow = line(g, '    sidecar.istio.io/userVolume: [{"name": "x"}]');
    assert.deepEqual(flow(': ['), []);
    // Inside a flow mapping each key is matched alone; the values stay with the YAML grammar.
    const inFlow = line(g, '  labels: {istio-injection: enabled, istio.io/rev: canary}');
    assert.ok(inFlow('istio-injection').includes('entity.name.tag.istio.label.yaml'));
    assert.deepEqual(inFlow(': enabled, '), []);
    assert.ok(inFlow('istio.io/rev').includes('entity.name.tag.istio.annotation.yaml'));
    assert.deepEqual(inFlow(': canary}'), []);
    // Neither plain text nor other keys are touched.
    assert.deepEqual(line(g, '    app: reviews')('app: reviews'), []);
    assert.deepEqual(line(g, '    image: docker.io/istio/proxy:0.2.6')('docker.io/istio/proxy:0.2.6'), []);
  });

  test("Istio's documented annotations and labels are all known (or deprecated)", (t) => {
    const files = ['istio-api-annotations.yaml', 'istio-api-labels.yaml'].map((f) => path.join(SHARED_REFERENCE, f));
    if (!files.every(existsSync)) {
      t.skip(`reference files not found in ${SHARED_REFERENCE}`);
      return;
    }
    type Entry = { name: string; deprecated?: boolean };
    const annotations = (parse(readFileSync(files[0]!, 'utf8')) as { annotations: Entry[] }).annotations;
    const labels = (parse(readFileSync(files[1]!, 'utf8')) as { labels: Entry[] }).labels;
    const labelNames = new Set(labels.map((l) => l.name));
    for (const entry of [...annotations, ...labels]) {
      if (!/^(?:[\w-]+\.)*istio\.io\//.test(entry.name)) {
        continue; // kubernetes.io/…, gateway.networking.k8s.io/…: not Istio's domain, left alone.
      }
      const scopes = line(g, `    ${entry.name}: "x"`)(entry.name);
      // The inject annotation is deprecated only as an annotation: the label of the same name is current. A label the
      // injector writes on every pod (security.istio.io/tlsMode) is not struck through in the injected preview.
      const deprecated =
        Boolean(entry.deprecated) &&
        !(labelNames.has(entry.name) && entry.name === 'sidecar.istio.io/inject') &&
        !LABELS.some((l) => l.name === entry.name && l.writtenByIstio);
      const want = deprecated ? 'invalid.deprecated.istio.annotation.yaml' : 'entity.name.tag.istio.';
      assert.ok(
        scopes.some((s) => s.startsWith(want)),
        `${entry.name}: expected a scope starting with ${want}, got ${scopes.join(' ') || '(none)'}`,
      );
    }
  });
});

describe('cluster.env / sidecar.env', () => {
  const g = grammarFor(ENV);

  test('known keys, values, comments', () => {
    const cidr = line(g, 'ISTIO_SERVICE_CIDR=10.63.240.0/20');
    assert.ok(cidr('ISTIO_SERVICE_CIDR').includes('support.variable.istio.istio-env'));
    assert.ok(cidr('=').includes('keyword.operator.assignment.istio-env'));
    assert.ok(cidr('10.63.240.0').includes('constant.numeric.ip.istio-env'));
    assert.ok(cidr('20').includes('constant.numeric.prefix-length.istio-env'));
    const ports = line(g, 'ISTIO_INBOUND_PORTS=27017,3306,8080');
    assert.ok(ports('ISTIO_INBOUND_PORTS').includes('support.variable.istio.istio-env'));
    assert.ok(ports('3306').includes('constant.numeric.integer.istio-env'));
    assert.ok(ports(',').includes('punctuation.separator.comma.istio-env'));
    assert.ok(line(g, 'ISTIO_CP_AUTH=MUTUAL_TLS')('MUTUAL_TLS').includes('constant.language.istio-env'));
    assert.ok(line(g, 'ISTIO_META_NETWORK=vm-net')('ISTIO_META_NETWORK').includes('support.variable.istio.istio-env'));
    assert.ok(line(g, 'ISTIO_SERVICE_FOO=1')('ISTIO_SERVICE_FOO').includes('variable.other.istio-env'));
    assert.ok(line(g, '# ISTIO_SERVICE_CIDR=')('ISTIO_SERVICE_CIDR').includes('comment.line.number-sign.istio-env'));
    const quoted = line(g, 'ISTIO_AGENT_FLAGS="--proxyLogLevel debug" # verbose');
    assert.ok(quoted('--proxyLogLevel debug').includes('string.quoted.double.istio-env'));
    assert.ok(quoted('verbose').includes('comment.line.number-sign.istio-env'));
    assert.ok(line(g, 'export ENVOY_PORT=15001')('export').includes('storage.modifier.export.istio-env'));
    assert.ok(line(g, 'not an assignment')('not an assignment').includes('invalid.illegal.line.istio-env'));
  });

  test('the sample files have no invalid lines', () => {
    for (const f of ['samples/mesh-expansion/cluster.env', 'samples/mesh-expansion/sidecar.env']) {
      const bad = invalidTokens(g, readFileSync(path.join(REPO, f), 'utf8'));
      assert.deepEqual(bad, [], `${f}: ${bad.join(', ')}`);
    }
  });
});

describe('kubedns (dnsmasq)', () => {
  const g = grammarFor(DNSMASQ);

  test('address= and server= lines', () => {
    const addr = line(g, 'address=/istio-pilot.istio-system/10.150.0.6');
    assert.ok(addr('address').includes('keyword.other.option.istio-dnsmasq'));
    assert.ok(addr('istio-pilot.istio-system').includes('entity.name.tag.domain.istio-dnsmasq'));
    assert.ok(addr('10.150.0.6').includes('constant.numeric.ip.istio-dnsmasq'));
    assert.ok(addr('/').includes('punctuation.separator.slash.istio-dnsmasq'));
    const server = line(g, 'server=/svc.cluster.local/10.150.0.7#5353');
    assert.ok(server('svc.cluster.local').includes('entity.name.tag.domain.istio-dnsmasq'));
    assert.ok(server('5353').includes('constant.numeric.port.istio-dnsmasq'));
    assert.ok(line(g, 'address=istio-pilot/10.0.0.1')('istio-pilot/10.0.0.1').includes('invalid.illegal.expected-slash.istio-dnsmasq'));
    assert.ok(line(g, 'address=/istio-ca/not-an-ip')('not-an-ip').includes('invalid.illegal.target.istio-dnsmasq'));
    assert.ok(line(g, 'no-resolv')('no-resolv').includes('keyword.other.option.istio-dnsmasq'));
    assert.ok(line(g, '# comment')('comment').includes('comment.line.number-sign.istio-dnsmasq'));
  });

  test('the sample kubedns has no invalid lines', () => {
    const bad = invalidTokens(g, readFileSync(path.join(REPO, 'samples/mesh-expansion/kubedns'), 'utf8'));
    assert.deepEqual(bad, []);
  });
});

function invalidTokens(g: RawGrammar, text: string): string[] {
  return new MiniTokenizer(g)
    .tokenize(text)
    .flatMap((l, i) => l.filter((t) => t.scopes.some((s) => s.startsWith('invalid.'))).map((t) => `line ${i + 1}: "${t.text}"`));
}
