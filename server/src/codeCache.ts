import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

/** A CommonJS bundle run through V8's code cache, and what became of the cache. */
export interface CodeCacheRun {
  /** Where the bundle's code cache is kept (named for its content, the Node version and the architecture). */
  readonly cacheFile: string;
  /** True when V8 took the cached code: the bundle was neither parsed nor compiled again. */
  readonly used: boolean;
  /**
   * Writes the code compiled so far (the functions run up to now, not only the top level) for the next start, unless
   * the cache was used. Call it once the work a start does first is done. False when nothing was written.
   */
  save(): boolean;
}

/**
 * Runs a CommonJS bundle as `require` would, with V8's code cache kept in `cacheDir`. Node 20 has no compile cache of
 * its own (`module.enableCompileCache` is Node 22): here `vm.Script` takes the cached data and makes it. V8 checks only
 * the source's length against cached code, so the cache file is named for the source's hash; V8 rejects a cache of
 * another V8 version or other flags, and then the bundle is compiled as usual.
 */
export function runWithCodeCache(file: string, cacheDir: string): CodeCacheRun {
  const source = fs.readFileSync(file, 'utf8');
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const cacheFile = path.join(cacheDir, `${path.basename(file, '.js')}-${hash}-${process.version}-${process.arch}.bin`);
  const trusted = isPrivateFolder(cacheDir);
  let cachedData: Buffer | undefined;
  try {
    cachedData = trusted ? readOwnFile(cacheFile) : undefined;
  } catch {
    cachedData = undefined; // the first start of this build
  }
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const used = cachedData !== undefined && !script.cachedDataRejected;
  const run = script.runInThisContext() as (e: object, r: NodeJS.Require, m: object, f: string, d: string) => void;
  const module = { exports: {}, filename: file, id: file, loaded: false };
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  let saved = false;
  return {
    cacheFile,
    used,
    save: () => {
      if (used || saved) {
        return false;
      }
      saved = true;
      try {
        fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
        if (!isPrivateFolder(cacheDir)) {
          return false; // someone else's folder: code written there could be swapped for theirs
        }
        // Written aside and renamed: another server starting now reads the whole cache or none.
        const part = `${cacheFile}.${process.pid}.part`;
        fs.writeFileSync(part, script.createCachedData(), { mode: 0o600, flag: 'wx' });
        fs.renameSync(part, cacheFile);
        return true;
      } catch {
        return false; // a read-only or full temp folder: the next start compiles, as without a cache
      }
    },
  };
}

/**
 * Whether code cached in `dir` can be trusted: V8 runs cached code without checking it against the source, so whoever
 * can write the folder can run code in the server. On POSIX the folder must be a real folder (not a link) owned by this
 * user and writable by no one else; Windows' temp folder is the user's own.
 */
export function isPrivateFolder(dir: string): boolean {
  try {
    const st = fs.lstatSync(dir);
    if (!st.isDirectory()) {
      return false;
    }
    if (process.platform === 'win32' || typeof process.getuid !== 'function') {
      return true;
    }
    return st.uid === process.getuid() && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** A cache file's bytes, when it is a regular file of this user's (not a link to something else). */
function readOwnFile(file: string): Buffer | undefined {
  const st = fs.lstatSync(file);
  if (!st.isFile() || (typeof process.getuid === 'function' && process.platform !== 'win32' && st.uid !== process.getuid())) {
    return undefined;
  }
  return fs.readFileSync(file);
}
