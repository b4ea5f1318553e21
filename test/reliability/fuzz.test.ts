/**
 * Seeded, bounded mutation fuzzing of `samples/` through the full rule set and the injector (see `fuzz.ts`).
 * The seed is printed; `FUZZ_SEED=<n>` replays a run, `FUZZ_CASES` and `FUZZ_BUDGET_MS` make it longer.
 * The cases run in a child process under a watchdog, so a hang names its case instead of hanging the run.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { CoreRunner } from './coreRunner';
import { TIME_FACTOR } from './inputs';

const DEFAULT_SEED = 20240611;

function envNumber(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && process.env[name] !== '' && process.env[name] !== undefined ? v : fallback;
}

const seed = envNumber('FUZZ_SEED', DEFAULT_SEED);
const maxCases = envNumber('FUZZ_CASES', 1500);
/** Wall time for the cases; the test as a whole stays under ~20 s (child start-up included). */
const budgetMs = envNumber('FUZZ_BUDGET_MS', 12_000);
/** A single validate / inject / re-inject of a mutated sample (a few KB) slower than this is a failure. */
const opBoundMs = 2000 * TIME_FACTOR;

describe('fuzzing the samples through the rules and the injector', () => {
  const runner = new CoreRunner();
  after(() => runner.stop());

  it(`seed ${seed}: no exception, no slow run, idempotent injection`, async (t) => {
    t.diagnostic(`FUZZ_SEED=${seed} (set FUZZ_SEED to replay, FUZZ_CASES / FUZZ_BUDGET_MS to go further)`);
    // The watchdog: the budget, plus one case that may run long before the loop sees the clock.
    const summary = await runner.fuzz({ seed, maxCases, budgetMs, opBoundMs }, budgetMs + 10 * opBoundMs + 15_000);
    t.diagnostic(
      `${summary.cases} cases in ${summary.elapsedMs} ms; ${summary.injected} injected, ${summary.idempotenceChecked} ` +
        `re-injected; slowest: ${summary.slowestOp.what} (${summary.slowestOp.ms} ms)`,
    );
    if (summary.failures.length > 0) {
      // Keep the inputs: the description and the seed rebuild them, the files save the trouble.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `istio-fuzz-${seed}-`));
      for (const f of summary.failures) {
        fs.writeFileSync(path.join(dir, `case-${f.index}.yaml`), f.text);
      }
      t.diagnostic(`failing inputs written to ${dir}`);
    }
    assert.ok(summary.cases >= Math.min(maxCases, 100), `only ${summary.cases} cases ran in ${budgetMs} ms`);
    assert.deepEqual(
      summary.failures.map((f) => `case ${f.index} (${f.description}): ${f.problem}`),
      [],
    );
  });
});
