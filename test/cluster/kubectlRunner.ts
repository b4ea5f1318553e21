import * as assert from 'node:assert/strict';
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import type { Emulator } from './emulator';

// A real kubectl against the emulator, through a kubeconfig of its own (the emulator's loopback address and CA), the
// way the install guide runs it. Only 127.0.0.1 is ever contacted: the environment carries no proxy settings.

/** How long one kubectl command may take before the test reports it as hung (a watchdog, not a timing check). */
const WATCHDOG_MS = 60_000;

let found: { path: string; version: string } | null | undefined;

/** kubectl on PATH (or $KUBECTL), with its client version; null when there is none. */
export function findKubectl(): { path: string; version: string } | null {
  if (found !== undefined) {
    return found;
  }
  const bin = process.env.KUBECTL || 'kubectl';
  const r = spawnSync(bin, ['version', '--client', '-o', 'json'], { encoding: 'utf8', timeout: WATCHDOG_MS });
  if (r.status !== 0) {
    found = null;
    return found;
  }
  let version = '';
  try {
    version = String((JSON.parse(r.stdout) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion ?? '');
  } catch {
    // An old kubectl without -o json still runs.
  }
  found = { path: bin, version };
  return found;
}

/**
 * The kubectl to test with, or (locally) a skip that says how to get one. In CI a missing kubectl fails the test:
 * `.ci/run` installs Debian's kubernetes-client, so its absence means the CI setup broke.
 */
export function requireKubectl(t: TestContext): { path: string; version: string } | undefined {
  const k = findKubectl();
  if (k) {
    return k;
  }
  const how = "kubectl is not installed: install it (Debian: apt-get install kubernetes-client) or set KUBECTL to its path";
  if (process.env.CI && process.env.CI !== 'false') {
    assert.fail(`${how}. CI must have it (.ci/run installs it when \`command -v kubectl\` fails).`);
  }
  t.skip(`${how}; skipping the kubectl suite locally`);
  return undefined;
}

/** What one kubectl command printed. */
export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** kubectl bound to one emulator: its own kubeconfig and cache directory, removed when the test ends. */
export interface BoundKubectl {
  readonly kubeconfig: string;
  readonly dir: string;
  run(args: readonly string[]): Promise<KubectlResult>;
  /** Runs and asserts exit 0, returning stdout. */
  ok(args: readonly string[]): Promise<string>;
  /** A long-running command (get -w): the test kills it. */
  start(args: readonly string[]): ChildProcess;
  /** Writes a file into the test's directory and returns its path. */
  file(name: string, text: string): string;
}

export function bindKubectl(t: TestContext, emu: Emulator, bin: string): BoundKubectl {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubectl-suite-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const kubeconfig = path.join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, emu.kubeconfigYaml('emulator'), { mode: 0o600 });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    KUBECONFIG: kubeconfig,
    NO_PROXY: '127.0.0.1',
    no_proxy: '127.0.0.1',
  };
  const common = ['--cache-dir', path.join(dir, 'cache')];
  const run = (args: readonly string[]): Promise<KubectlResult> =>
    new Promise((resolve, reject) => {
      execFile(bin, [...common, ...args], { env, timeout: WATCHDOG_MS, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error && (error as { killed?: boolean }).killed) {
          reject(new Error(`kubectl ${args.join(' ')} hung for ${WATCHDOG_MS / 1000}s and was stopped (stderr: ${stderr})`));
          return;
        }
        const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  return {
    kubeconfig,
    dir,
    run,
    async ok(args) {
      const r = await run(args);
      assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
      return r.stdout;
    },
    start(args) {
      const child = spawn(bin, [...common, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      t.after(() => {
        if (child.exitCode === null && child.pid !== undefined) {
          child.kill();
        }
      });
      return child;
    },
    file(name, text) {
      const p = path.join(dir, name);
      writeFileSync(p, text);
      return p;
    },
  };
}

/** Resolves once the child's stdout holds a line matching `re` (rejects if the watchdog fires first or it exits). */
export function waitForOutput(child: ChildProcess, re: RegExp, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => done(new Error(`no ${what} from kubectl within ${WATCHDOG_MS / 1000}s; it printed:\n${out}${err}`)), WATCHDOG_MS);
    const onData = (c: Buffer): void => {
      out += c.toString();
      if (re.test(out)) {
        done(undefined);
      }
    };
    const onErr = (c: Buffer): void => {
      err += c.toString();
    };
    const onExit = (): void => done(re.test(out) ? undefined : new Error(`kubectl exited before ${what}; it printed:\n${out}${err}`));
    function done(e: Error | undefined): void {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onErr);
      child.off('exit', onExit);
      if (e) {
        reject(e);
      } else {
        resolve(out);
      }
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onErr);
    child.on('exit', onExit);
  });
}
