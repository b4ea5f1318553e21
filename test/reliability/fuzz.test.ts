/**
 * Seeded mutation fuzzing of `samples/` through the full rule set and the injector (see `fuzz.ts`): a fixed number of
 * cases, so a seed always runs the same inputs whatever the machine. The seed is printed; `FUZZ_SEED=<n>` replays a
 * run, `FUZZ_CASES=<n>` makes it longer. The cases run in a child process under a watchdog, so a hang names its case
 * instead of hanging the run. No timing is judged here: `bench/robustness.ts` prints the speed figures.
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
const cases = envNumber('FUZZ_CASES', 400);
/** A hang, not slowness: a case takes milliseconds; the watchdog allows a second per case on top of a minute. */
const watchdogMs = (60_000 + cases * 1000) * TIME_FACTOR;

describe('fuzzing the samples through the rules and the injector', () => {
  const runner = new CoreRunner();
  after(() => runner.stop());

  it(`seed ${seed}, ${cases} cases: no exception, well-formed findings, idempotent injection`, async (t) => {
    t.diagnostic(`FUZZ_SEED=${seed} FUZZ_CASES=${cases} (set them to replay or to go further)`);
    const summary = await runner.fuzz({ seed, cases }, watchdogMs);
    t.diagnostic(`${summary.cases} cases; ${summary.injected} injected, ${summary.idempotenceChecked} re-injected`);
    if (summary.failures.length > 0) {
      // Keep the inputs: the description and the seed rebuild them, the files save the trouble.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `istio-fuzz-${seed}-`));
      for (const f of summary.failures) {
        fs.writeFileSync(path.join(dir, `case-${f.index}.yaml`), f.text);
      }
      t.diagnostic(`failing inputs written to ${dir}`);
    }
    assert.equal(summary.cases, cases, 'every case ran');
    assert.ok(summary.injected > 0 && summary.idempotenceChecked > 0, 'some mutated samples were injected and re-injected');
    assert.deepEqual(
      summary.failures.map((f) => `case ${f.index} (${f.description}): ${f.problem}`),
      [],
    );
  });
});
