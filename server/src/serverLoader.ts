import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { runWithCodeCache } from './codeCache';

/**
 * `dist/server.js`: starts the language server (`dist/server-main.js`) from V8's code cache, so that a start after the
 * first one neither parses nor compiles the bundle and the functions the first diagnostics ran. The cache is written
 * once the first start has been up for a while (its first document checked, in the usual case); it lives in the
 * system's temp folder, as Node 22's own compile cache does, in a folder of the user's own (see isPrivateFolder).
 * `ISTIO_MESH_CODE_CACHE=off` starts without it.
 */
const SAVE_AFTER_MS = 5_000;

const main = path.join(__dirname, 'server-main.js');
if (process.env['ISTIO_MESH_CODE_CACHE'] === 'off') {
  createRequire(main)(main);
} else {
  const run = runWithCodeCache(main, codeCacheFolder());
  setTimeout(() => run.save(), SAVE_AFTER_MS).unref();
}

/** One folder per user: the temp folder is shared on POSIX systems, and a folder another user made is refused. */
function codeCacheFolder(): string {
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
  return path.join(os.tmpdir(), `istio-mesh-tools-code-cache-${user}`);
}
