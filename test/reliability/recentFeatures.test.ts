/**
 * Bad input for the recent features (see `recentSweeps.ts`): Istio editor help at every offset of mutated resources,
 * hostile CRDs for `istio-schema-valid`, and edits of `kind: List` documents whose findings must equal a fresh
 * service's. Each sweep runs in the core worker under a generous watchdog: a hang fails the test and names the input.
 * `FUZZ_SEED=<n>` replays, `FUZZ_CASES=<n>` goes further. No timing is judged.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CoreRunner } from './coreRunner';
import { TIME_FACTOR } from './inputs';
import type { SweepName } from './recentSweeps';

const envNumber = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return process.env[name] !== undefined && process.env[name] !== '' && Number.isFinite(v) ? v : fallback;
};

const seed = envNumber('FUZZ_SEED', 20261204);
const SWEEPS: readonly { readonly name: SweepName; readonly title: string; readonly cases: number }[] = [
  { name: 'istio-editor', title: 'hover, completion, definition and route lenses at every offset of mutated Istio resources', cases: envNumber('FUZZ_CASES', 200) },
  { name: 'hostile-crds', title: 'istio-schema-valid with hostile CRDs in the workspace: findings or nothing', cases: 1 },
  { name: 'list-edits', title: 'edits inside, at and between List items: the findings of a fresh service', cases: envNumber('FUZZ_CASES', 400) },
];

describe('recent features under bad input', () => {
  const runner = new CoreRunner();
  after(() => runner.stop());
  for (const s of SWEEPS) {
    it(`${s.title} (seed ${seed})`, async (t) => {
      // A hang, not slowness: minutes for what takes seconds.
      const summary = await runner.sweep(s.name, { seed, cases: s.cases }, (180_000 + s.cases * 1000) * TIME_FACTOR);
      t.diagnostic(`${summary.inputs} inputs, ${summary.operations} operations`);
      for (const n of summary.notes ?? []) {
        t.diagnostic(`note: ${n}`);
      }
      assert.ok(summary.inputs > 0 && summary.operations > summary.inputs, 'the sweep ran');
      assert.deepEqual(summary.failures, []);
    });
  }
});
