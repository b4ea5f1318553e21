/**
 * Which files of a folder are manifests, for the editor's workspace scan and the CLI's folder walk alike: one
 * selection, so that `istio-mesh check <folder>` in CI and the Problems panel read the same files.
 */

/** Folders never worth reading for manifests: dependencies, version control, build output, caches. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.cache', '.vscode-test']);

/** Files larger than this are skipped when found in a folder: generated dumps, not manifests being edited. */
export const MAX_MANIFEST_BYTES = 20 * 1024 * 1024;

/** True for the file names read as manifests: YAML, and JSON (kubectl takes both). */
export function isManifestName(name: string): boolean {
  return /\.(?:ya?ml|json)$/i.test(name);
}

/**
 * True for a file a folder walk selects, by its path relative to the walked folder (`/`-separated): a manifest name,
 * in no skipped folder. For files the walk did not list itself, such as files changed on disk.
 */
export function isSelectedPath(relativePath: string): boolean {
  const parts = relativePath.split('/');
  return isManifestName(parts[parts.length - 1] ?? '') && !parts.slice(0, -1).some((p) => SKIPPED_FOLDERS.has(p));
}
