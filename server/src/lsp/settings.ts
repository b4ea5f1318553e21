import type { Connection } from 'vscode-languageserver/node';
import type { CoreSettings } from '../core/settings';
import { DEFAULT_SETTINGS, normalizeSettings } from '../core/settings';
import type { DiagnosticsScope } from '../protocol';

/** What the server reads of `istio.*` for one resource: the core's settings and the editor-only ones. */
export interface ServerSettings {
  readonly core: CoreSettings;
  /** `istio.diagnostics.scope`: report the whole workspace, or only the files open in editors. */
  readonly scope: DiagnosticsScope;
}

const DEFAULT_SERVER_SETTINGS: ServerSettings = { core: DEFAULT_SETTINGS, scope: 'workspace' };

/** Pulls `istio.*` per resource from the client and caches it until the configuration changes. */
export class SettingsCache {
  private readonly cache = new Map<string, Promise<ServerSettings>>();
  private fallback: ServerSettings = DEFAULT_SERVER_SETTINGS;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
  ) {}

  /** Settings used when the client cannot be asked (no `workspace/configuration` support). */
  setFallback(raw: unknown): void {
    this.fallback = readServerSettings(raw);
  }

  async get(uri: string): Promise<CoreSettings> {
    return (await this.all(uri)).core;
  }

  all(uri: string): Promise<ServerSettings> {
    if (!this.canPull()) {
      return Promise.resolve(this.fallback);
    }
    let s = this.cache.get(uri);
    if (!s) {
      s = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'istio' })
        .then(readServerSettings, () => this.fallback);
      this.cache.set(uri, s);
    }
    return s;
  }

  clear(uri?: string): void {
    if (uri === undefined) {
      this.cache.clear();
    } else {
      this.cache.delete(uri);
    }
  }
}

/** Raw `istio.*` configuration as the server reads it; malformed values fall back to their defaults. */
export function readServerSettings(raw: unknown): ServerSettings {
  const diagnostics = (raw as { diagnostics?: { scope?: unknown } } | null | undefined)?.diagnostics;
  return { core: normalizeSettings(raw), scope: diagnostics?.scope === 'openFiles' ? 'openFiles' : 'workspace' };
}
