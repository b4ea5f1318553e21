// The in-process Kubernetes API emulator (test/cluster/emulator) as a process of its own, for scenarios that drive the
// cluster commands: the extension host (another process) reaches it through the kubeconfig it writes.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './harness';

export interface EmulatorProcess {
  url: string;
  /** The kubeconfig file it wrote (context `emulator`, user admin). */
  kubeconfig: string;
  /** GET on the emulator as admin; undefined on 404. */
  get(path: string): Promise<Record<string, unknown> | undefined>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((c) => c.pid !== undefined && tryKill(-c.pid, 'SIGKILL')));

function tryKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** Starts `test/cluster/emulator/serve.ts` (`seed`: `istiod` or `istio-0.2` installs a control plane) and waits for it. */
export async function startEmulatorProcess(kubeconfig: string, opts: { seed?: 'istiod' | 'istio-0.2' } = {}): Promise<EmulatorProcess> {
  const args = ['--import', 'tsx', join(repoRoot, 'test', 'cluster', 'emulator', 'serve.ts'), '--kubeconfig', kubeconfig];
  if (opts.seed) {
    args.push('--seed', opts.seed);
  }
  const child = spawn(process.execPath, args, { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async (): Promise<void> => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      tryKill(-child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.pid !== undefined && tryKill(-child.pid, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    running.delete(child);
  };

  let ready: { url: string; tokens: Record<string, string> };
  try {
    ready = await new Promise((done, fail) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => fail(new Error(`the emulator did not start within 30 s:\n${err}`)), 30_000);
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line && out.includes('\n')) {
          clearTimeout(timer);
          done(JSON.parse(line) as { url: string; tokens: Record<string, string> });
        }
      });
      child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`the emulator exited (${String(code)}):\n${err}`));
      });
    });
  } catch (e) {
    await stop();
    throw e;
  }

  const config = parse(readFileSync(kubeconfig, 'utf8')) as { clusters: { cluster: Record<string, string> }[] };
  const caData = config.clusters[0]?.cluster['certificate-authority-data'];
  const ca = caData ? Buffer.from(caData, 'base64') : undefined;
  const token = ready.tokens.admin ?? '';
  const get = (path: string): Promise<Record<string, unknown> | undefined> =>
    new Promise((done, fail) => {
      const req = request(new URL(path, ready.url), { method: 'GET', ca, headers: { authorization: `Bearer ${token}` } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => {
          if (res.statusCode === 404) {
            done(undefined);
          } else if (res.statusCode !== 200) {
            fail(new Error(`GET ${path}: ${String(res.statusCode)} ${body}`));
          } else {
            done(JSON.parse(body) as Record<string, unknown>);
          }
        });
      });
      req.on('error', fail);
      req.end();
    });
  return { url: ready.url, kubeconfig, get, stop };
}
