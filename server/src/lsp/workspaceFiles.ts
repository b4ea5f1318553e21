import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CompiledGlobs } from '../core/glob';

/** Folders never worth reading for manifests. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.cache', '.vscode-test']);

/** Files larger than this are not read in the background scan: generated dumps, not manifests being edited. */
export const MAX_SCAN_BYTES = 20 * 1024 * 1024;

/** True for the files the server reads. */
export function isManifestPath(p: string): boolean {
  return /\.ya?ml$/i.test(p);
}

/** Lists the manifest files under the workspace folders, skipping excluded globs. */
export async function listManifests(folderUris: readonly string[], exclude: CompiledGlobs): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, root: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folders are skipped: the user sees the files they can open
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (exclude.matches(rel)) {
        continue;
      }
      if (e.isDirectory() && !SKIP_DIRS.has(e.name)) {
        await walk(full, root);
      } else if (e.isFile() && isManifestPath(e.name)) {
        out.push(pathToFileURL(full).toString());
      }
    }
  };
  for (const uri of folderUris) {
    if (uri.startsWith('file:')) {
      const root = fileURLToPath(uri);
      await walk(root, root);
    }
  }
  return out;
}

/** Reads a file for the index, or undefined when it is gone, too large or not text. */
export async function readManifest(uri: string): Promise<string | undefined> {
  try {
    const p = fileURLToPath(uri);
    const stat = await fs.stat(p);
    if (!stat.isFile() || stat.size > MAX_SCAN_BYTES) {
      return undefined;
    }
    const text = await fs.readFile(p, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}
