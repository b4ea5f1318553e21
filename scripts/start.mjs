#!/usr/bin/env node
// Quick start: run the extension on samples/ in a real VS Code.
//
//   npm start            build, then VS Code desktop (`code` on PATH) or, without it, VS Code in the browser
//   npm start -- --web   always the browser one (code-server, installed into .cache/vscode-web/ on first use)
//   PORT=9000 npm start  the port for the browser one (default 8080 when free, else any free port)
//
// The browser one loads this folder as the extension under development (no packaging), opens samples/ and runs until
// Ctrl+C. After a change, `npm run build` (or keep `npm run watch` running) and reload the browser tab.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer } from './ensure-code-server.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const samples = join(repoRoot, 'samples');
const stateDir = join(repoRoot, '.cache', 'vscode-web', 'start');

const settings = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
};

function say(msg) {
  process.stdout.write(`[start] ${msg}\n`);
}

function fail(msg) {
  process.stderr.write(`[start] error: ${msg}\n`);
  process.exit(1);
}

function onPath(cmd) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

function portFree(port) {
  return new Promise((done) => {
    const srv = createServer();
    srv.once('error', () => done(undefined));
    srv.listen(port, '127.0.0.1', () => {
      const { port: got } = srv.address();
      srv.close(() => done(got));
    });
  });
}

async function choosePort() {
  if (process.env.PORT) {
    const port = Number(process.env.PORT);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) {
      fail(`PORT=${process.env.PORT} is not a port number`);
    }
    if ((await portFree(port)) === undefined) {
      fail(`port ${port} (from PORT) is in use on 127.0.0.1`);
    }
    return port;
  }
  return (await portFree(8080)) ?? (await portFree(0)) ?? fail('no free port on 127.0.0.1');
}

function build() {
  say('npm run build');
  const res = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (res.status !== 0) {
    fail(`npm run build failed (exit ${res.status})`);
  }
}

function runDesktop() {
  say(`code --extensionDevelopmentPath=${repoRoot} ${samples}`);
  const res = spawnSync('code', [`--extensionDevelopmentPath=${repoRoot}`, samples], { stdio: 'inherit' });
  process.exit(res.status ?? 1);
}

async function runWeb() {
  let install;
  try {
    install = ensureCodeServer({ needChromium: false });
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  const userDataDir = join(stateDir, 'user-data');
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  if (!existsSync(settingsFile)) {
    // Written once: changes made in the editor are kept between starts.
    mkdirSync(dirname(settingsFile), { recursive: true });
    writeFileSync(settingsFile, JSON.stringify(settings, null, 2) + '\n');
  }
  writeFileSync(join(stateDir, 'code-server.yaml'), 'auth: none\n');

  const port = await choosePort();
  const logFile = join(stateDir, 'code-server.log');
  const log = createWriteStream(logFile);
  const env = {
    ...process.env,
    PATH: `${install.nodeBin}${delimiter}${process.env.PATH ?? ''}`,
    XDG_DATA_HOME: join(stateDir, 'xdg-data'),
    XDG_CONFIG_HOME: join(stateDir, 'xdg-config'),
  };
  const args = [
    install.entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--config',
    join(stateDir, 'code-server.yaml'),
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    join(stateDir, 'extensions'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    // The built workbench takes the extension under development from the URL's payload only with this on.
    '--vscode-option',
    'enable-smoke-test-driver',
    samples,
  ];
  const child = spawn(install.node, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = (code) => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      process.exit(code);
    }, 1500).unref();
  };
  process.once('SIGINT', () => {
    say('stopping code-server');
    stop(0);
  });
  process.once('SIGTERM', () => stop(0));

  const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${repoRoot}`]];
  const url =
    `http://127.0.0.1:${port}/?folder=${encodeURIComponent(samples)}` +
    `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  let seen = '';
  let ready = false;
  const onData = (chunk) => {
    log.write(chunk);
    if (ready) {
      return;
    }
    seen = (seen + chunk.toString('utf8')).slice(-4096);
    if (seen.includes('HTTP server listening')) {
      ready = true;
      say(`code-server ${install.codeServerDir.split('-').pop()} is running (log: ${logFile})`);
      process.stdout.write(`\n  Open samples/ with Istio Mesh Tools loaded:\n\n  ${url}\n\n`);
      say('press Ctrl+C to stop');
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.once('exit', (code, signal) => {
    log.end();
    if (!ready) {
      fail(`code-server exited before it was ready (${code ?? signal}); see ${logFile}`);
    }
    say(`code-server stopped (${code ?? signal})`);
    process.exit(code ?? 0);
  });
}

const web = process.argv.includes('--web');
mkdirSync(stateDir, { recursive: true });
build();
if (!web && onPath('code')) {
  runDesktop();
} else {
  if (!web) {
    say('`code` is not on PATH: using VS Code in the browser (code-server) instead');
  }
  await runWeb();
}
