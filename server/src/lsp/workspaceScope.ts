import { compileGlobs, type CompiledGlobs } from '../core/glob';
import type { CoreSettings } from '../core/settings';
import type { ServerSettings, SettingsCache } from './settings';
import { isSelectedPath } from '../core/index/fileSelection';

/** Which files belong to the workspace the server reads from disk: the scan, watched files and the workspace report. */
export class WorkspaceScope {
  private readonly globs = new WeakMap<CoreSettings, CompiledGlobs>();
  /** The folders with their trailing `/`, made once while the folders are the same: each file's report keeps one. */
  private dirs: { readonly of: readonly string[]; readonly dirs: readonly string[] } = { of: [], dirs: [] };

  constructor(
    private readonly folders: () => readonly string[],
    private readonly settings: SettingsCache,
  ) {}

  /** The workspace folder holding a file (the innermost, with a trailing `/`), if any. */
  folderOf(uri: string): string | undefined {
    let folder: string | undefined;
    const folders = this.folders();
    const known = this.dirs.of;
    if (known.length !== folders.length || folders.some((f, i) => f !== known[i])) {
      this.dirs = { of: [...folders], dirs: folders.map((f) => (f.endsWith('/') ? f : `${f}/`)) };
    }
    for (const dir of this.dirs.dirs) {
      if (uri.startsWith(dir) && (!folder || dir.length > folder.length)) {
        folder = dir;
      }
    }
    return folder;
  }

  /**
   * The settings of the folder holding a manifest of the workspace, else undefined: files outside the folders, of
   * other types, or excluded by the folder's `istio.exclude`. Per folder, not per file: VS Code's resource settings
   * differ by folder, and a configuration request per file would be thousands of requests.
   */
  async settingsOf(uri: string): Promise<ServerSettings | undefined> {
    const folder = this.folderOf(uri);
    if (!folder) {
      return undefined;
    }
    const settings = await this.folderSettings(folder);
    return this.includes(uri, folder, settings) ? settings : undefined;
  }

  /** The settings of a folder (as `folderOf` gives it). */
  folderSettings(folder: string): Promise<ServerSettings> {
    return this.settings.all(folder.slice(0, -1));
  }

  /** True for a manifest of the folder, as the folder walk selects them, that its settings do not exclude. */
  includes(uri: string, folder: string, settings: ServerSettings): boolean {
    const rel = decodeURIComponent(uri.slice(folder.length));
    if (!uri.startsWith('file:') || !isSelectedPath(rel)) {
      return false;
    }
    let globs = this.globs.get(settings.core);
    if (!globs) {
      globs = compileGlobs(settings.core.exclude);
      this.globs.set(settings.core, globs);
    }
    return !globs.matches(rel);
  }
}
