import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './io';
import { describeFsError } from './textFiles';

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.cache']);

/** True for files `check` reads: YAML, and JSON manifests. */
export function isCheckable(p: string): boolean {
  return /\.(ya?ml|json)$/i.test(p);
}

/** Expands files and folders into the manifest files under them, in a stable order. */
export function expandPaths(inputs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) {
          walk(full);
        }
      } else if (e.isFile() && isCheckable(e.name)) {
        out.push(full);
      }
    }
  };
  for (const input of inputs) {
    let stat;
    try {
      stat = fs.statSync(input);
    } catch (e) {
      const problem = describeFsError(e);
      throw new UsageError(`${input}: ${problem.code === 'ENOENT' ? 'no such file or folder' : problem.message}`);
    }
    if (stat.isDirectory()) {
      walk(input);
    } else {
      out.push(input);
    }
  }
  return out;
}
