/**
 * Every `classic` and `native` case of ../shared/istio-conformance/inject/cases.tsv through `injectText`, compared
 * with Istio's golden as parsed YAML (ignoring what the README lists as noise). Skips when the folder is absent.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import {
  injectText,
  parseInjectorInput,
  type InjectInputs,
  type InjectProfile,
  type InputKind,
} from '../../../server/src/core/inject/index';

const ROOT = resolve(__dirname, '../../../../shared/istio-conformance');
const CASES = join(ROOT, 'inject', 'cases.tsv');
const HAVE = existsSync(CASES);

type Rec = Record<string, unknown>;

const EMPTY_NOISE = new Set(['strategy', 'resources', 'status', 'securityContext']);

/** Drops `creationTimestamp: null`, empty noise mappings and the status annotation's `version`. */
function clean(x: unknown): unknown {
  if (Array.isArray(x)) {
    return x.map(clean);
  }
  if (x !== null && typeof x === 'object') {
    const out: Rec = {};
    for (const [k, v0] of Object.entries(x as Rec)) {
      let v = v0;
      if (k === 'creationTimestamp' && v === null) {
        continue;
      }
      if (k === 'sidecar.istio.io/status' && typeof v === 'string' && v.startsWith('{')) {
        try {
          const s = JSON.parse(v) as Rec;
          delete s['version'];
          v = s;
        } catch {
          // keep the string
        }
      }
      const c = clean(v);
      if (
        EMPTY_NOISE.has(k) &&
        c !== null &&
        typeof c === 'object' &&
        !Array.isArray(c) &&
        Object.keys(c).length === 0
      ) {
        continue;
      }
      out[k] = c;
    }
    return out;
  }
  return x;
}

function docs(text: string): unknown[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((d) => d !== null && d !== undefined);
}

function readInput(path: string, kind: InputKind): unknown {
  if (path === '-') {
    return undefined;
  }
  const parsed = parseInjectorInput(readFileSync(join(ROOT, path), 'utf8'), kind);
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
  if (!HAVE) {
    return [];
  }
  return readFileSync(CASES, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [profile, name, input, golden, values, mesh, injectConfig] = line.split('\t') as string[];
      return {
        profile: profile as InjectProfile,
        name: name ?? '',
        input: input ?? '',
        golden: golden ?? '',
        values: values ?? '-',
        mesh: mesh ?? '-',
        injectConfig: injectConfig ?? '-',
      };
    })
    .filter((c) => c.profile === 'classic' || c.profile === 'native');
}

describe('injector conformance with Istio goldens (classic, native)', () => {
  if (!HAVE) {
    it('skipped: ../shared/istio-conformance is not present', (t) => {
      t.skip(`no ${CASES}`);
    });
    return;
  }
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
      const result = injectText(readFileSync(join(ROOT, c.input), 'utf8'), inputs, 'istioctl');
      assert.ok(result.ok, result.ok ? '' : result.error);
      const want = clean(docs(readFileSync(join(ROOT, c.golden), 'utf8')));
      assert.deepStrictEqual(clean(docs(result.text)), want);
    });
  }
});
