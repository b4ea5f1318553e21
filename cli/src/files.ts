import * as fs from 'node:fs';
import { findManifests } from '../../server/src/lsp/workspaceFiles';
import { UsageError } from './io';
import { describeFsError } from './textFiles';

/**
 * Expands files and folders into the manifest files to read, in a stable order. Folders are walked as the editor
 * walks its workspace (the same skipped folders, file names and size limit, links followed); a file named on the
 * command line is read whatever its name, as an editor reads the file it opens. `notice` hears of the files a folder
 * holds that are skipped (FIFOs, sockets, devices, link loops, files too large).
 */
export async function expandPaths(inputs: readonly string[], notice: (path: string, why: string) => void): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    let stat;
    try {
      stat = fs.statSync(input);
    } catch (e) {
      const problem = describeFsError(e);
      throw new UsageError(`${input}: ${problem.code === 'ENOENT' ? 'no such file or folder' : problem.message}`);
    }
    if (stat.isDirectory()) {
      out.push(...(await findManifests(input, { notice })).map((f) => f.path));
    } else {
      out.push(input);
    }
  }
  return out;
}
