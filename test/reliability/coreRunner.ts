/**
 * The test-process side of `coreWorker.ts`: sends a job to a forked child and waits for its answer, killing the
 * child when it takes too long (a hang or an endless loop in synchronous core code), so that the failure names the
 * job (and, for the fuzz test, the case) instead of hanging the test run.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { FuzzCase, FuzzOptions, FuzzSummary } from './fuzz';
import type { SweepName, SweepOptions, SweepSummary } from './recentSweeps';

/** One timed operation of a core job. */
export interface OpResult {
  readonly op: string;
  readonly ms: number;
  /** The exception's stack, when the operation threw (or the rules that failed, for `rule failures`). */
  readonly threw?: string;
  /** validate: distinct finding codes, count, `yaml-syntax` count, malformed findings. */
  readonly codes?: readonly string[];
  readonly count?: number;
  readonly syntax?: number;
  readonly malformed?: readonly string[];
  /** inject: the outcome. */
  readonly ok?: boolean;
  readonly error?: string;
  readonly length?: number;
  readonly warnings?: number;
}

export type CoreJob =
  | { readonly id: number; readonly type: 'core'; readonly name: string }
  | { readonly id: number; readonly type: 'fuzz'; readonly options: Omit<FuzzOptions, 'progress'> }
  | { readonly id: number; readonly type: 'sweep'; readonly name: SweepName; readonly options: Omit<SweepOptions, 'progress'> };

export type WorkerMessage =
  | { readonly id: number; readonly result: OpResult[] }
  | { readonly id: number; readonly progress: FuzzCase }
  | { readonly id: number; readonly fuzz: FuzzSummary }
  | { readonly id: number; readonly sweep: SweepSummary };

const WORKER = path.join(__dirname, 'coreWorker.ts');

export class CoreRunner {
  private child: ChildProcess | undefined;
  private nextId = 1;

  private start(): ChildProcess {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) {
      this.child = fork(WORKER, [], {
        execArgv: ['--import', 'tsx'],
        cwd: path.join(__dirname, '..', '..'),
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
    }
    return this.child;
  }

  /** Every core operation on one corpus input. */
  core(name: string, timeoutMs: number): Promise<OpResult[]> {
    return this.request({ id: this.nextId++, type: 'core', name }, timeoutMs).then((m) => {
      if (!('result' in m)) {
        throw new Error('unexpected answer');
      }
      return m.result;
    });
  }

  /** The fuzz loop; `onCase` hears of each case before it runs (the watchdog names the last one). */
  fuzz(options: Omit<FuzzOptions, 'progress'>, timeoutMs: number): Promise<FuzzSummary> {
    return this.request({ id: this.nextId++, type: 'fuzz', options }, timeoutMs).then((m) => {
      if (!('fuzz' in m)) {
        throw new Error('unexpected answer');
      }
      return m.fuzz;
    });
  }

  /** One of `recentSweeps.ts`'s sweeps; the watchdog names the input it was on. */
  sweep(name: SweepName, options: Omit<SweepOptions, 'progress'>, timeoutMs: number): Promise<SweepSummary> {
    return this.request({ id: this.nextId++, type: 'sweep', name, options }, timeoutMs).then((m) => {
      if (!('sweep' in m)) {
        throw new Error('unexpected answer');
      }
      return m.sweep;
    });
  }

  private request(job: CoreJob, timeoutMs: number): Promise<WorkerMessage> {
    const child = this.start();
    return new Promise((resolve, reject) => {
      let last: FuzzCase | undefined;
      const done = (): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      const onMessage = (m: WorkerMessage): void => {
        if (m.id !== job.id) {
          return;
        }
        if ('progress' in m) {
          last = m.progress;
          return;
        }
        done();
        resolve(m);
      };
      const onExit = (code: number | null, signal: string | null): void => {
        done();
        reject(new Error(`the core worker died (exit ${code}, signal ${signal}) on ${describe(job, last)}`));
      };
      const timer = setTimeout(() => {
        done();
        child.kill('SIGKILL');
        reject(new Error(`${describe(job, last)} did not finish within ${timeoutMs} ms (hang?)`));
      }, timeoutMs);
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send(job);
    });
  }

  stop(): void {
    this.child?.kill();
    this.child = undefined;
  }
}

function describe(job: CoreJob, last: FuzzCase | undefined): string {
  if (job.type === 'core') {
    return `core job on ${job.name}`;
  }
  if (job.type === 'sweep') {
    return `${job.name} sweep (seed ${job.options.seed})${last ? ` on ${last.description}` : ''}`;
  }
  return last ? `fuzz case ${last.index} (seed ${job.options.seed}: ${last.description})` : `fuzz (seed ${job.options.seed})`;
}
