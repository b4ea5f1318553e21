/**
 * Every `classic` and `native` case of ../shared/istio-conformance/inject/cases.tsv through `injectText`, compared
 * with Istio's golden as parsed YAML (ignoring what the README lists as noise). Skips when the folder is absent.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  injectText,
  parseInjectorInput,
  type InjectInputs,
  type InjectProfile,
  type InputKind,
} from '../../../server/src/core/inject/index';
import { CASES, caseRows, clean, CONFORMANCE, docs, HAVE_CONFORMANCE } from './goldens';

function readInput(path: string, kind: InputKind): unknown {
  if (path === '-') {
    return undefined;
  }
  const parsed = parseInjectorInput(readFileSync(join(CONFORMANCE, path), 'utf8'), kind);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return parsed.value;
}

interface Case {
  profile: InjectProfile;
  name: string;
  input: string;
  golden: string;
  values: string;
  mesh: string;
  injectConfig: string;
}

function cases(): Case[] {
  if (!HAVE_CONFORMANCE) {
    return [];
  }
  return caseRows()
    .map(([profile, name, input, golden, values, mesh, injectConfig]) => ({
      profile: profile as InjectProfile,
      name: name ?? '',
      input: input ?? '',
      golden: golden ?? '',
      values: values ?? '-',
      mesh: mesh ?? '-',
      injectConfig: injectConfig ?? '-',
    }))
    .filter((c) => c.profile === 'classic' || c.profile === 'native');
}

describe('injector conformance with Istio goldens (classic, native)', () => {
  if (!HAVE_CONFORMANCE) {
    it('skipped: ../shared/istio-conformance is not present', (t) => {
      t.skip(`no ${CASES}`);
    });
    return;
  }
  it('the case table holds classic and native cases', () => {
    // An empty or misread cases.tsv would otherwise pass with no test at all.
    const all = cases();
    for (const profile of ['classic', 'native'] as const) {
      assert.ok(all.some((c) => c.profile === profile), `${CASES} has no ${profile} case: is it the table the README describes?`);
    }
    assert.ok(all.every((c) => c.name !== '' && c.input !== '' && c.golden !== ''), `${CASES}: every row needs a name, an input and a golden`);
  });
  for (const c of cases()) {
    it(`${c.profile}/${c.name}`, () => {
      const inputs: InjectInputs = { profile: c.profile };
      const values = readInput(c.values, 'values');
      const mesh = readInput(c.mesh, 'mesh');
      if (values !== undefined) {
        inputs.values = values;
      }
      if (mesh !== undefined) {
        inputs.meshConfig = mesh;
      }
      const result = injectText(readFileSync(join(CONFORMANCE, c.input), 'utf8'), inputs, 'istioctl');
      assert.ok(result.ok, result.ok ? '' : result.error);
      const want = clean(docs(readFileSync(join(CONFORMANCE, c.golden), 'utf8')));
      assert.deepStrictEqual(clean(docs(result.text)), want);
    });
  }
});
