// code-server (VS Code for the browser, from npm) for the end-to-end tests: installed or found, started on a free port
// with a temp workspace, user data and extensions folder, and never left running when this process ends.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess, ChildProcessByStdio } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { repoRoot, runDir } from './paths';

/** Paths printed by `scripts/ensure-code-server.mjs --json`. */
export interface CodeServerInstall {
  node: string;
  nodeBin: string;
  entry: string;
  chromium: string;
}

/** Installs (first run, about 2 minutes) or finds code-server, Node 24 and Chromium. */
export function ensureCodeServer(): CodeServerInstall {
  const script = join(repoRoot, 'scripts', 'ensure-code-server.mjs');
  const res = spawnSync(process.execPath, [script, '--json'], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (res.status !== 0) {
    throw new Error(`scripts/ensure-code-server.mjs failed (exit ${String(res.status)}); see its message above`);
  }
  const lines = res.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? '{}') as CodeServerInstall;
}

/** `npm run package` → `dist/istio-mesh-tools.vsix`, unless `vsix` names one already built. */
export function packageExtension(vsix?: string): string {
  if (vsix) {
    const file = resolve(vsix);
    if (!existsSync(file)) {
      throw new Error(`no such .vsix: ${file}`);
    }
    return file;
  }
  // Its output goes to stderr: stdout carries the test runner's report.
  const res = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, stdio: ['ignore', 2, 2] });
  if (res.status !== 0) {
    throw new Error(`npm run package failed (exit ${String(res.status)}); see its output above`);
  }
  return join(repoRoot, 'dist', 'istio-mesh-tools.vsix');
}

/** A free TCP port on 127.0.0.1 (asked of the OS, then released). */
export async function freePort(preferred?: number): Promise<number> {
  const tryListen = (port: number): Promise<number | undefined> =>
    new Promise((done) => {
      const srv = createServer();
      srv.once('error', () => done(undefined));
      srv.listen(port, '127.0.0.1', () => {
        const addr = srv.address();
        const got = typeof addr === 'object' && addr ? addr.port : undefined;
        srv.close(() => done(got));
      });
    });
  if (preferred !== undefined) {
    const got = await tryListen(preferred);
    if (got !== undefined) {
      return got;
    }
  }
  const got = await tryListen(0);
  if (got === undefined) {
    throw new Error('no free port on 127.0.0.1');
  }
  return got;
}

/** Settings that keep the workbench quiet and predictable: no Restricted Mode, no welcome page, no chat. */
export const defaultSettings: Record<string, unknown> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'files.hotExit': 'off',
  'window.restoreWindows': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** A running code-server; `stop()` ends its whole process group. */
export interface CodeServer {
  url: string;
  port: number;
  workspace: string;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  /** Opens the workspace folder in this server. */
  folderUrl: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  install: CodeServerInstall;
  /** A folder copied to a temp dir and opened, so tests never change the repository. */
  workspaceSource: string;
  /** A .vsix installed into a fresh extensions folder. */
  vsix?: string;
  /** Loaded as the extension under development (an absolute folder), instead of installing a .vsix. */
  extensionDevelopmentPath?: string;
  settings?: Record<string, unknown>;
  port?: number;
  /** Where the server's output goes; default `test/e2e/.run/code-server.log`. */
  logFile?: string;
  /** Keep the temp folder (workspace, user data, extensions) after stop, for debugging. */
  keepTemp?: boolean;
}

/** Servers still running, with the temp folder to delete when this process ends early (none if kept). */
const running = new Map<ChildProcess, string | undefined>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) {
    return;
  }
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function killAll(): void {
  for (const [child, temp] of running) {
    killGroup(child, 'SIGKILL');
    if (temp) {
      rmSync(temp, { recursive: true, force: true });
    }
  }
  running.clear();
}

// Never leave a code-server (or its temp folder) behind, whatever way this process ends.
process.once('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    killAll();
    process.exit(130);
  });
}

function runEntry(install: CodeServerInstall, env: NodeJS.ProcessEnv, args: string[]): void {
  const res = spawnSync(install.node, [install.entry, ...args], { env, encoding: 'utf8' });
  if (res.status !== 0) {
    throw new Error(`code-server ${args.join(' ')} failed (exit ${String(res.status)}):\n${res.stdout}\n${res.stderr}`);
  }
}

/** The temp folder of one server: the workspace copy, user data with our settings, extensions; and how to run it. */
interface ServerFolders {
  readonly temp: string;
  readonly workspace: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** The options every code-server command line of this server takes. */
  readonly common: string[];
}

function prepareFolders(opts: StartOptions): ServerFolders {
  const temp = mkdtempSync(join(tmpdir(), 'istio-e2e-'));
  const workspace = join(temp, 'workspace');
  const userDataDir = join(temp, 'user-data');
  const extensionsDir = join(temp, 'extensions');
  cpSync(opts.workspaceSource, workspace, { recursive: true });
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(temp, 'code-server.yaml'), 'auth: none\n');
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...defaultSettings, ...opts.settings }, null, 2),
  );

  const env = {
    ...process.env,
    PATH: `${opts.install.nodeBin}:${process.env.PATH ?? ''}`,
    // code-server keeps logs and a heartbeat under XDG_DATA_HOME: keep them out of the home folder.
    XDG_DATA_HOME: join(temp, 'xdg-data'),
    XDG_CONFIG_HOME: join(temp, 'xdg-config'),
    // The cluster commands never reach a real cluster of the machine: KUBECONFIG names a file that does not exist (as
    // kubectl, they then find no kubeconfig). Scenarios that need a cluster set `istio.kubeconfig` to an emulator's.
    KUBECONFIG: join(temp, 'no-kubeconfig'),
  };
  // Its own config file, so code-server never writes ~/.config/code-server/config.yaml.
  const common = [
    '--config',
    join(temp, 'code-server.yaml'),
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
  ];
  return { temp, workspace, userDataDir, extensionsDir, env, common };
}

/** Starts code-server on 127.0.0.1 in its own process group and waits for "HTTP server listening". */
export async function startCodeServer(opts: StartOptions): Promise<CodeServer> {
  const { temp, workspace, userDataDir, extensionsDir, env, common } = prepareFolders(opts);
  if (opts.vsix) {
    try {
      runEntry(opts.install, env, [...common, '--install-extension', opts.vsix]);
    } catch (err) {
      rmSync(temp, { recursive: true, force: true });
      throw err;
    }
  }

  const port = opts.port ?? (await freePort());
  mkdirSync(runDir, { recursive: true });
  const logFile = opts.logFile ?? join(runDir, 'code-server.log');
  const log = createWriteStream(logFile);
  const args = [
    opts.install.entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${String(port)}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...common,
    // code-server's CLI has no --extensionDevelopmentPath/--extensionTestsPath. The built workbench takes them from
    // the URL's `payload` (see workbenchUrl), but only when the server runs with the smoke-test driver enabled.
    '--vscode-option',
    'enable-smoke-test-driver',
    workspace,
  ];
  const child = spawn(opts.install.node, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.set(child, opts.keepTemp ? undefined : temp);

  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    // Helpers forked by the server (extension host, file watcher) are in the same group.
    killGroup(child, 'SIGKILL');
    running.delete(child);
    log.end();
    if (!opts.keepTemp) {
      rmSync(temp, { recursive: true, force: true });
    }
  };

  try {
    await listening(child, log, logFile);
  } catch (err) {
    await stop();
    throw err;
  }

  const url = `http://127.0.0.1:${String(port)}/`;
  return {
    url,
    port,
    workspace,
    userDataDir,
    extensionsDir,
    logFile,
    folderUrl: workbenchUrl(url, workspace, { extensionDevelopmentPath: opts.extensionDevelopmentPath }),
    stop,
  };
}

/** Resolves when the server prints "HTTP server listening" (its output copied to `log`); rejects after 60 s or an exit. */
function listening(child: ChildProcessByStdio<null, Readable, Readable>, log: WriteStream, logFile: string): Promise<void> {
  return new Promise<void>((ready, fail) => {
    let seen = '';
    const timer = setTimeout(
      () => fail(new Error(`code-server did not start within 60 s; see ${logFile}`)),
      60_000,
    );
    const onData = (chunk: Buffer): void => {
      log.write(chunk);
      seen = (seen + chunk.toString('utf8')).slice(-4096);
      if (seen.includes('HTTP server listening')) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`code-server exited early (${String(code ?? signal)}); see ${logFile}`));
    });
  });
}

/** Extension development options carried by the workbench URL (absolute paths on the server's machine). */
export interface DevelopmentOptions {
  /** Loaded as the extension under development, in place of an installed one with the same id. */
  extensionDevelopmentPath?: string;
  /** A bundled test module whose `run()` the extension host calls (as with `@vscode/test-electron`). */
  extensionTestsPath?: string;
}

/** The URL of a workbench window on `base` that opens `folder`, with development options if any. */
export function workbenchUrl(base: string, folder: string, dev: DevelopmentOptions = {}): string {
  let url = `${base}?folder=${encodeURIComponent(folder)}`;
  // Paths in the payload are URIs of the remote (the server's) file system.
  const remote = (p: string): string => `vscode-remote://${new URL(base).host}${p}`;
  const payload: [string, string][] = [];
  if (dev.extensionDevelopmentPath) {
    payload.push(['extensionDevelopmentPath', remote(dev.extensionDevelopmentPath)]);
  }
  if (dev.extensionTestsPath) {
    payload.push(['extensionTestsPath', remote(dev.extensionTestsPath)]);
  }
  if (payload.length > 0) {
    url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }
  return url;
}
