/**
 * Speed figures of the reliability inputs, moved out of test/reliability (whose tests judge no timing): every corpus
 * input through the core operations of the reliability test (validate in each profile, inject in each profile and
 * style, re-inject), and the fuzz loop. Usage: node --import tsx bench/robustness.ts [corpus] [fuzz] [--cases N]
 */
import { CoreRunner } from '../test/reliability/coreRunner';
import { corpusInputs } from '../test/reliability/inputs';

const args = process.argv.slice(2);
const casesArg = args.indexOf('--cases');
const CASES = casesArg >= 0 ? Number(args[casesArg + 1]) : 1500;
const selected = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--cases');
const want = (name: string): boolean => selected.length === 0 || selected.includes(name);
/** Only a hang stops the bench. */
const WATCHDOG_MS = 30 * 60_000;

function kb(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.ceil(n / 1e3)} KB`;
}

async function main(): Promise<void> {
  const runner = new CoreRunner();
  try {
    if (want('corpus')) {
      console.log('corpus input | size | all core operations (ms) | slowest operation (ms)');
      for (const input of corpusInputs()) {
        const ops = await runner.core(input.name, WATCHDOG_MS);
        const total = ops.reduce((s, o) => s + o.ms, 0);
        const slowest = ops.reduce((a, b) => (b.ms > a.ms ? b : a), ops[0] ?? { op: '-', ms: 0 });
        console.log(`${input.name} | ${kb(input.text().length)} | ${Math.round(total)} | ${slowest.op}: ${Math.round(slowest.ms)}`);
      }
    }
    if (want('fuzz')) {
      const s = await runner.fuzz({ seed: 20240611, cases: CASES }, WATCHDOG_MS);
      const perSecond = s.elapsedMs > 0 ? Math.round((s.cases / s.elapsedMs) * 1000) : s.cases;
      console.log(`fuzz: ${s.cases} cases in ${s.elapsedMs} ms (${perSecond} cases/s); slowest: ${s.slowestOp.what} (${s.slowestOp.ms} ms)`);
      if (s.failures.length > 0) {
        console.log(`fuzz: ${s.failures.length} failures; run npm run test:reliability for them`);
      }
    }
  } finally {
    runner.stop();
  }
}

void main();
