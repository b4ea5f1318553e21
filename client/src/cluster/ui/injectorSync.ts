import type { ClusterInjectorParams } from '../../../../server/src/protocol';
import type { ClusterProblem } from '../errors';
import { readInjectorConfig, type InjectorRead } from '../injectorConfig';
import type { KubeconfigResult } from '../kubeconfig';
import type { Redactor } from '../redact';
import { targetKey, type TargetMemory } from './flowEnv';

// Keeps the language server's copy of the cluster's injector ConfigMap in step with the chosen target, in the
// background: no question, no notification, nothing read in Restricted Mode or from a target the user has not
// confirmed (confirming is Select Cluster Context, or a cluster command's question). vscode-free, tested under node.

/** What the background read needs from its host. */
export interface InjectorSyncEnv {
  /** The connection the user chose; loading sends nothing. */
  readonly load: () => KubeconfigResult;
  /** Targets confirmed in this workspace: only those are read. */
  readonly targets: TargetMemory;
  /** Workspace Trust; false in Restricted Mode. */
  readonly trusted: () => boolean;
  /** The revision whose injector to read; undefined reads the default revision's. */
  readonly revision?: () => string | undefined;
  /** Hands the params to the language server; false when it is not running (serverStarted() sends them later). */
  readonly send: (params: ClusterInjectorParams) => boolean;
  readonly log: (level: 'info' | 'warn', line: string) => void;
}

/** How a sync ended; `found` is the only outcome after which the server has an injector from the cluster. */
export type InjectorSyncResult =
  | { readonly kind: 'untrusted' }
  | { readonly kind: 'no-connection'; readonly problem: ClusterProblem }
  | { readonly kind: 'unconfirmed'; readonly context: string }
  | (InjectorRead & { readonly context: string })
  /** A later sync (another context, a refresh) started meanwhile and decides what the server gets. */
  | { readonly kind: 'superseded' };

export const REFRESH_COMMAND_TITLE = 'Istio: Refresh Cluster Injector Config';

export class InjectorSync {
  /** Reads that answered (found or missing), per target and revision; failures are read again next time. */
  private readonly cache = new Map<string, InjectorRead>();
  private readonly pending = new Map<string, Promise<InjectorRead>>();
  private current: ClusterInjectorParams = null;
  /** What the running server holds, as JSON; a server that just started holds nothing. */
  private delivered = 'null';
  private generation = 0;
  private lastLogged = '';

  constructor(private readonly env: InjectorSyncEnv) {}

  /** What the language server should hold now. */
  params(): ClusterInjectorParams {
    return this.current;
  }

  /**
   * Reads the chosen target's injector ConfigMap (from the cache unless `refresh`) and sends it, or null when there is
   * none, to the language server. A cancelled read leaves the server with what it had.
   */
  async sync(opts: { readonly refresh?: boolean; readonly signal?: AbortSignal } = {}): Promise<InjectorSyncResult> {
    const generation = ++this.generation;
    const { result, redactor } = await this.resolve(opts);
    if (generation !== this.generation) {
      return { kind: 'superseded' };
    }
    if (result.kind === 'failed' && result.problem.kind === 'cancelled') {
      return result;
    }
    this.publish(result.kind === 'found' ? result.params : null);
    this.note(result, redactor);
    return result;
  }

  /** The language server (re)started and holds nothing: send it what it should hold. */
  serverStarted(): void {
    this.delivered = 'null';
    this.publish(this.current);
  }

  private async resolve(opts: { readonly refresh?: boolean; readonly signal?: AbortSignal }): Promise<{ result: InjectorSyncResult; redactor?: Redactor }> {
    if (!this.env.trusted()) {
      return { result: { kind: 'untrusted' } };
    }
    const r = this.env.load();
    if (!r.ok) {
      return { result: { kind: 'no-connection', problem: r.problem } };
    }
    const conn = r.connection;
    const target = targetKey(conn);
    if (!this.env.targets.confirmed(target)) {
      return { result: { kind: 'unconfirmed', context: conn.context }, redactor: conn.redactor };
    }
    const revision = this.env.revision?.();
    const key = JSON.stringify([target, revision ?? '']);
    const cached = opts.refresh ? undefined : this.cache.get(key);
    if (cached) {
      return { result: { ...cached, context: conn.context }, redactor: conn.redactor };
    }
    // Background syncs of one target share a read; a refresh (or a cancellable read) makes its own.
    const shared = !opts.refresh && !opts.signal;
    let read = shared ? this.pending.get(key) : undefined;
    if (!read) {
      read = readInjectorConfig(conn, { revision, signal: opts.signal });
      if (shared) {
        this.pending.set(key, read);
      }
    }
    const done = await read.finally(() => {
      if (this.pending.get(key) === read) {
        this.pending.delete(key);
      }
    });
    if (done.kind === 'failed') {
      this.cache.delete(key);
    } else {
      this.cache.set(key, done);
    }
    return { result: { ...done, context: conn.context }, redactor: conn.redactor };
  }

  private publish(params: ClusterInjectorParams): void {
    this.current = params;
    const json = JSON.stringify(params);
    if (json !== this.delivered && this.env.send(params)) {
      this.delivered = json;
    }
  }

  /** Logs what the preview renders with now, once per change (a refresh of the status bar repeats a sync). */
  private note(r: InjectorSyncResult, redactor: Redactor | undefined): void {
    const line = logLine(r);
    if (!line || line.text === this.lastLogged) {
      return;
    }
    this.lastLogged = line.text;
    this.env.log(line.level, redactor ? redactor.redact(line.text) : line.text);
  }
}

const BUILT_IN = 'the injection preview uses the workspace or built-in injector';

function logLine(r: InjectorSyncResult): { level: 'info' | 'warn'; text: string } | undefined {
  switch (r.kind) {
    case 'superseded':
      return undefined;
    case 'untrusted':
      return { level: 'info', text: `Cluster injector: not read in Restricted Mode; ${BUILT_IN}. Trust the folder to use the cluster's.` };
    case 'no-connection':
      return { level: 'info', text: `Cluster injector: none (${r.problem.message}); ${BUILT_IN}.` };
    case 'unconfirmed':
      return {
        level: 'info',
        text: `Cluster injector: context "${r.context}" is not read before you confirm it (Istio: Select Cluster Context, or ${REFRESH_COMMAND_TITLE}); ${BUILT_IN}.`,
      };
    case 'found':
      return { level: 'info', text: `Cluster injector: read ${r.params.origin}; the injection preview renders with it unless settings or the workspace hold injection templates.` };
    case 'missing':
      return { level: 'info', text: `Cluster injector: ${r.reason} ${r.nextStep}` };
    case 'failed':
      return {
        level: 'warn',
        text: `Cluster injector: reading it from context "${r.context}" failed: ${r.problem.message} Next step: ${r.problem.nextStep} Then run ${REFRESH_COMMAND_TITLE}; ${BUILT_IN} meanwhile.`,
      };
  }
}
