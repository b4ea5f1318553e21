import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { allRules } from '../../../server/src/core/rules/registry';
import { MeshService } from '../../../server/src/core/service';
import { normalizeSettings } from '../../../server/src/core/settings';

/**
 * `istioctl analyze`'s own test inputs (../shared/istio-conformance/analyze): for each file, the multiset of
 * (IST code, "<Kind> <ns>/<name>") we report, restricted to the codes of the analyzer the case runs, equals Istio's:
 * two findings for one object (two unnamed ports of a Service) count twice.
 */
const DIR = path.resolve(__dirname, '../../../../shared/istio-conformance/analyze');
const EXPECTED = path.join(DIR, 'expected.json');

interface Case {
  readonly codes: readonly string[];
  readonly messages: readonly { code: string; origin: string }[];
}

if (!existsSync(EXPECTED)) {
  test('istio analyze conformance', { skip: `${EXPECTED} is absent` }, () => undefined);
} else {
  const cases = JSON.parse(readFileSync(EXPECTED, 'utf8')) as Record<string, Case>;
  for (const [file, c] of Object.entries(cases)) {
    test(`istio analyze conformance: ${file}`, () => {
      const service = new MeshService(allRules, (id, e) => {
        throw new Error(`rule ${id} threw: ${String(e)}`);
      });
      const uri = pathToFileURL(path.join(DIR, file)).href;
      service.setFile(uri, readFileSync(path.join(DIR, file), 'utf8'));
      const got: string[] = [];
      for (const f of service.validate(uri, normalizeSettings({ profile: 'native' }))) {
        if (f.istioCode && c.codes.includes(f.istioCode) && f.resource) {
          const ns = f.resource.namespace ? `${f.resource.namespace}/` : '';
          got.push(`${f.istioCode} ${f.resource.kind} ${ns}${f.resource.name}`);
        }
      }
      const want = c.messages.map((m) => `${m.code} ${m.origin}`);
      assert.deepEqual(got.sort(), want.sort());
    });
  }
}
