/**
 * Runs the core (MeshService, injectText) on bad inputs in a child process, so that the test process can put a
 * watchdog on it: synchronous code that hangs cannot be timed out in-process, a child can be killed and the input
 * it was on named. Started by `coreRunner.ts`; speaks `process.send` messages.
 */
import { injectText, INJECT_PROFILES, OUTPUT_STYLES } from '../../server/src/core/inject/index';
import type { InjectProfile, OutputStyle } from '../../server/src/core/inject/index';
import { injectionInputs } from '../../server/src/core/injectionInputs';
import { MeshService } from '../../server/src/core/service';
import type { Finding } from '../../server/src/core/service';
import { normalizeSettings } from '../../server/src/core/settings';
import type { ProfileSetting } from '../../server/src/core/settings';
import { reinjectionProblem, runFuzz } from './fuzz';
import type { FuzzOptions } from './fuzz';
import { corpusInputs } from './inputs';
import { runSweep } from './recentSweeps';
import type { CoreJob, OpResult, WorkerMessage } from './coreRunner';

const PROFILES: readonly ProfileSetting[] = ['auto', 'legacy-0.2', 'classic', 'native'];

function send(m: WorkerMessage): void {
  process.send?.(m);
}

function describeError(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

/** Times one operation; an exception is recorded, never propagated. */
function timed(op: string, f: () => Partial<OpResult>): OpResult {
  const start = performance.now();
  try {
    const r = f();
    return { op, ms: performance.now() - start, ...r };
  } catch (e) {
    return { op, ms: performance.now() - start, threw: describeError(e) };
  }
}

/** What the test asserts about a validate: codes, and findings whose span or message is malformed. */
export function summarizeFindings(findings: readonly Finding[], textLength: number): Partial<OpResult> {
  const malformed: string[] = [];
  for (const f of findings) {
    if (!(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= textLength)) {
      malformed.push(`${f.code}: span ${f.span.start}-${f.span.end} outside 0-${textLength}`);
    }
    if (f.message.trim() === '') {
      malformed.push(`${f.code}: empty message`);
    }
  }
  const codes = [...new Set(findings.map((f) => f.code))].sort();
  return { codes, count: findings.length, syntax: findings.filter((f) => f.code === 'yaml-syntax').length, malformed: malformed.slice(0, 5) };
}

function summarizeInject(r: ReturnType<typeof injectText>): Partial<OpResult> {
  return r.ok ? { ok: true, length: r.text.length, warnings: r.warnings.length } : { ok: false, error: r.error };
}

/** Every core operation on one corpus input. */
function coreJob(name: string): OpResult[] {
  const input = corpusInputs().find((i) => i.name === name);
  if (!input) {
    return [{ op: 'load', ms: 0, threw: `no corpus input named ${name}` }];
  }
  const text = input.text();
  const uri = `file:///corpus/${name}`;
  const failures: string[] = [];
  const service = new MeshService(undefined, (id, e) => failures.push(`${id}: ${describeError(e)}`));
  const ops: OpResult[] = [];
  ops.push(timed('setFile', () => (service.setFile(uri, text, 1), {})));
  const profiles = input.heavy ? (['auto', 'native'] as const) : PROFILES;
  for (const profile of profiles) {
    ops.push(timed(`validate ${profile}`, () => summarizeFindings(service.validate(uri, normalizeSettings({ profile })), text.length)));
  }
  if (!input.heavy) {
    // A line added at the top: the incremental re-parse path (documents reused, their offsets moved).
    const bom = text.startsWith('\ufeff') ? 1 : 0;
    const edited = `${text.slice(0, bom)}# edited\n${text.slice(bom)}`;
    ops.push(timed('setFile edited', () => (service.setFile(uri, edited, 2), {})));
    ops.push(timed('validate edited', () => summarizeFindings(service.validate(uri, normalizeSettings({ profile: 'native' })), edited.length)));
    ops.push(timed('setFile back', () => (service.setFile(uri, text, 3), {})));
    ops.push(timed('validate back', () => summarizeFindings(service.validate(uri, normalizeSettings({ profile: 'auto' })), text.length)));
  }
  const combos: [InjectProfile, OutputStyle][] = input.heavy
    ? [
        ['native', 'istioctl'],
        ['legacy-0.2', 'minimal'],
      ]
    : INJECT_PROFILES.flatMap((p) => OUTPUT_STYLES.map((s): [InjectProfile, OutputStyle] => [p, s]));
  for (const [profile, style] of combos) {
    let first: ReturnType<typeof injectText> | undefined;
    ops.push(timed(`inject ${profile} ${style}`, () => summarizeInject((first = injectText(text, { profile }, style)))));
    const injected = first?.ok === true && !input.heavy ? first.text : undefined;
    if (injected !== undefined) {
      ops.push(
        timed(`re-inject ${profile} ${style}`, () => {
          const problem = reinjectionProblem(injected, { profile }, style);
          return problem ? { ok: false, error: problem } : { ok: true };
        }),
      );
    }
  }
  // The preview's inputs: what the workspace's ConfigMaps say (garbage ConfigMaps included).
  if (!input.heavy && /kind:\s*ConfigMap/.test(text)) {
    for (const profile of INJECT_PROFILES) {
      ops.push(
        timed(`inject ${profile} minimal with workspace inputs`, () =>
          summarizeInject(injectText(text, injectionInputs(profile, service.index), 'minimal')),
        ),
      );
    }
  }
  if (failures.length > 0) {
    ops.push({ op: 'rule failures', ms: 0, threw: failures.join('\n') });
  }
  return ops;
}

process.on('message', (job: CoreJob) => {
  if (job.type === 'core') {
    send({ id: job.id, result: coreJob(job.name) });
  } else if (job.type === 'sweep') {
    send({ id: job.id, sweep: runSweep(job.name, { ...job.options, progress: (c) => send({ id: job.id, progress: c }) }) });
  } else {
    const options: FuzzOptions = { ...job.options, progress: (c) => send({ id: job.id, progress: c }) };
    send({ id: job.id, fuzz: runFuzz(options) });
  }
});
