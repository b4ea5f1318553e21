import { compileGlobs } from '../core/glob';
import { MAX_MANIFEST_BYTES } from '../core/index/fileSelection';
import { fileUri, listManifests, readListedManifest } from './workspaceFiles';

/**
 * What the background scan reads at most. Past it the server would hold more parsed YAML than its heap takes (a
 * workspace of generated dumps drove it into a crash loop); open editors are read whatever the budget.
 */
export interface ScanBudget {
  readonly files: number;
  readonly bytes: number;
  /** Larger files are skipped one by one (generated dumps, not manifests being edited). */
  readonly fileBytes: number;
}

export const SCAN_BUDGET: ScanBudget = { files: 10_000, bytes: 64 * 1024 * 1024, fileBytes: MAX_MANIFEST_BYTES };

/** Files the background scan reads at once. */
const SCAN_BATCH = 50;

/** The longest the scan indexes without letting requests through. */
const SCAN_SLICE_MS = 4;

export interface ScanHooks {
  /** True when an editor has the file open: the editor's text wins over the disk. */
  isOpen(uri: string): boolean;
  index(uri: string, text: string): void;
  /** A batch of files was read into the index. */
  batchIndexed?(): void;
  /** Something the user should know and can act on (a bad setting, the budget reached). */
  warn(message: string): void;
  /** A file left unread for a reason of its own (a FIFO, a link loop, too large), for the log. */
  notice?(message: string): void;
  /** Something that went wrong on our side, for the log. */
  error(message: string): void;
}

export interface ScanResult {
  readonly files: number;
  readonly bytes: number;
  /** Set when the budget stopped the scan: the files left unread. */
  readonly unread?: number;
}

/** Reads the manifests of the workspace folders into the index, within the budget, yielding to requests as it goes. */
export async function scanWorkspace(
  folders: readonly string[],
  exclude: readonly string[],
  hooks: ScanHooks,
  budget: ScanBudget = SCAN_BUDGET,
): Promise<ScanResult> {
  const globs = compileGlobs(exclude);
  for (const problem of globs.problems) {
    hooks.warn(`Setting istio.exclude: the pattern ${problem}, so it excludes nothing. Fix it in your settings (for example "**/{tmp,gen}/**").`);
  }
  const found = await listManifests(folders, globs, (p, why) => hooks.notice?.(`${p} ${why}.`));
  const uris = found.map((f) => fileUri(f.path));
  const sizeOf = new Map(found.map((f, i) => [uris[i] ?? '', f.size]));
  let files = 0;
  let bytes = 0;
  for (let i = 0; i < uris.length; i += SCAN_BATCH) {
    const batch = uris.slice(i, i + SCAN_BATCH);
    // Sizes first, so the batch read at once stays within what is left of the budget.
    const sizes = batch.map((uri) => (hooks.isOpen(uri) ? 0 : (sizeOf.get(uri) ?? 0)));
    const toRead: string[] = [];
    for (const [j, uri] of batch.entries()) {
      const size = sizes[j] ?? 0;
      if (size > budget.fileBytes || hooks.isOpen(uri)) {
        continue;
      }
      if (files + 1 > budget.files || bytes + size > budget.bytes) {
        const unread = uris.length - i - j;
        hooks.warn(
          `Istio Mesh Tools read ${files} files (${megabytes(bytes)}) of this workspace, the most its background scan reads; ` +
            `${unread} more are checked only when opened. Exclude generated folders with the istio.exclude setting.`,
        );
        indexAll(toRead, await Promise.all(toRead.map((u) => readListedManifest(u))), hooks);
        return { files, bytes, unread };
      }
      files++;
      bytes += size;
      toRead.push(uri);
    }
    // A batch is read concurrently, then indexed a few milliseconds at a time: requests are answered in between.
    const texts = await Promise.all(toRead.map((uri) => readListedManifest(uri)));
    let slice = performance.now();
    for (const [j, uri] of toRead.entries()) {
      indexAll([uri], [texts[j]], hooks);
      if (performance.now() - slice > SCAN_SLICE_MS) {
        await new Promise((r) => setImmediate(r));
        slice = performance.now();
      }
    }
    hooks.batchIndexed?.();
    await new Promise((r) => setImmediate(r));
  }
  return { files, bytes };
}

function indexAll(uris: readonly string[], texts: readonly (string | undefined)[], hooks: ScanHooks): void {
  for (const [j, uri] of uris.entries()) {
    const text = texts[j];
    if (text !== undefined && !hooks.isOpen(uri)) {
      try {
        hooks.index(uri, text);
      } catch (e) {
        // One file the index cannot take must not end the scan of the others.
        hooks.error(`Could not read ${uri} into the workspace index, so it is checked only when opened: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
    }
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
