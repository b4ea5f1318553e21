import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCheck } from '../../../cli/src/check';
import type { JsonFinding } from '../../../cli/src/report';
import { readTextFile } from '../../../cli/src/textFiles';

// `check` on an Istio resource without its CRD: the bundled schemas are loaded then, and their findings reported.

test('check: an Istio resource without a CRD is checked against the bundled schemas, saying so', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-bundled-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'vs.yaml'), 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: r }\nspec:\n  hosts: [r]\n  http:\n  - timeout: 5\n');
  let out = '';
  let err = '';
  const code = await runCheck(['--format', 'json', dir], {
    readFile: readTextFile,
    readStdin: () => Promise.resolve(''),
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
  }, 'test');
  const findings = (JSON.parse(out) as JsonFinding[]).filter((f) => f.code === 'istio-schema-valid');
  assert.equal(err, '');
  assert.equal(code, 1);
  assert.deepEqual(findings.map((f) => f.message), [
    "`spec.http[0].timeout`: expected a string, got the number 5. Checked against Istio 1.29's schema (bundled); add your release's CRDs to the workspace or connect a cluster for an exact check.",
  ]);
});
