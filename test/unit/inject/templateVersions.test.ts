/**
 * Istio's whole kube-inject suites of several releases (../shared/istio-conformance/inject-versions/<release>), each
 * case injected by rendering that release's own injector templates with its values and mesh config, compared with
 * the release's golden as parsed YAML. Each injector config is read once and renders all its cases (templates are
 * parsed once). Skips, saying so, when the folder is absent.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  injectText,
  parseInjectorInput,
  readInjectorConfig,
  type InjectorConfig,
  type InjectProfile,
  type InputKind,
} from '../../../server/src/core/inject/index';
import { clean, CONFORMANCE, docs } from './goldens';

const VERSIONS = join(CONFORMANCE, 'inject-versions');

function releases(): string[] {
  if (!existsSync(VERSIONS)) {
    return [];
  }
  return readdirSync(VERSIONS)
    .filter((r) => existsSync(join(VERSIONS, r, 'inject', 'cases.tsv')))
    .sort();
}

function read(root: string, path: string, kind: InputKind): unknown {
  const parsed = parseInjectorInput(readFileSync(join(root, path), 'utf8'), kind);
  assert.ok(parsed.ok, parsed.ok ? '' : `${path}: ${parsed.error}`);
  return parsed.value;
}

describe('injection by the installation\'s own templates, on Istio releases\' kube-inject suites', () => {
  const found = releases();
  if (found.length === 0) {
    it('skipped: ../shared/istio-conformance/inject-versions is not present', (t) => {
      t.skip(`no ${VERSIONS}`);
    });
    return;
  }
  for (const release of found) {
    const root = join(VERSIONS, release);
    const rows = readFileSync(join(root, 'inject', 'cases.tsv'), 'utf8').trim().split('\n').slice(1);
    const configs = new Map<string, InjectorConfig>();
    describe(`Istio ${release}`, () => {
      it('has cases of both profiles', () => {
        // A misread table would otherwise pass with nothing tested.
        assert.ok(rows.length >= 20, `${release}: only ${rows.length} cases`);
        const profiles = new Set(rows.map((r) => r.split('\t')[0]));
        assert.ok(profiles.has('native') && profiles.has('classic'), `${release}: profiles ${[...profiles].join(', ')}`);
      });
      for (const row of rows) {
        const [profile, name, input, golden, values, mesh, injectConfig] = row.split('\t') as string[];
        it(`${profile}/${name}`, () => {
          let config = configs.get(injectConfig as string);
          if (!config) {
            const shape = readInjectorConfig(read(root, injectConfig as string, 'inject-config'));
            assert.equal(shape.kind, 'templates', shape.kind === 'error' ? shape.error : '');
            config = (shape as { config: InjectorConfig }).config;
            configs.set(injectConfig as string, config);
          }
          const result = injectText(readFileSync(join(root, input as string), 'utf8'), {
            profile: profile as InjectProfile,
            values: read(root, values as string, 'values'),
            meshConfig: read(root, mesh as string, 'mesh'),
            injectConfig: config,
          });
          assert.ok(result.ok, result.ok ? '' : result.error);
          const want = clean(docs(readFileSync(join(root, golden as string), 'utf8')));
          assert.deepStrictEqual(clean(docs(result.text)), want);
        });
      }
    });
  }
});
