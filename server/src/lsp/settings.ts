import type { Connection } from 'vscode-languageserver/node';
import type { CoreSettings } from '../core/settings';
import { DEFAULT_SETTINGS, normalizeSettings } from '../core/settings';

/** Pulls `istio.*` per resource from the client and caches it until the configuration changes. */
export class SettingsCache {
  private readonly cache = new Map<string, Promise<CoreSettings>>();
  private fallback: CoreSettings = DEFAULT_SETTINGS;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
  ) {}

  /** Settings used when the client cannot be asked (no `workspace/configuration` support). */
  setFallback(raw: unknown): void {
    this.fallback = normalizeSettings(raw);
  }

  get(uri: string): Promise<CoreSettings> {
    if (!this.canPull()) {
      return Promise.resolve(this.fallback);
    }
    let s = this.cache.get(uri);
    if (!s) {
      s = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'istio' })
        .then(normalizeSettings, () => this.fallback);
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
