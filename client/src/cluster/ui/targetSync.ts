import type { ClusterProblem } from '../errors';
import type { ClusterConnection, KubeconfigResult } from '../kubeconfig';
import type { Redactor } from '../redact';
import { targetKey, type TargetMemory } from './flowEnv';

// A value read from the chosen cluster target and sent to the language server, kept in step with the target in the
// background: no question, no notification, nothing read in Restricted Mode or from a target the user has not
// confirmed; another target, or none, sends null. What is read, and what the log says of it, is the user's (crdSync.ts,
// injectorSync.ts). vscode-free, tested under node.

/** What the background read needs from its host. */
export interface TargetSyncEnv<P> {
  /** The connection the user chose; loading sends nothing. */
  readonly load: () => KubeconfigResult;
  /** Targets confirmed in this workspace: only those are read. */
  readonly targets: TargetMemory;
  /** Workspace Trust; false in Restricted Mode. */
  readonly trusted: () => boolean;
  /** Hands the params to the language server; false when it is not running (serverStarted() sends them later). */
  readonly send: (params: P | null) => boolean;
  readonly log: (level: 'info' | 'warn', line: string) => void;
}

/** What one read of the target answers: `found` is the only answer that gives the server something. */
export type TargetRead<P> =
  | { readonly kind: 'found'; readonly params: P }
  | { readonly kind: 'missing' }
  | { readonly kind: 'failed'; readonly problem: ClusterProblem };

/** How a sync ended. */
export type TargetSyncResult<R> =
  | { readonly kind: 'untrusted' }
  | { readonly kind: 'no-connection'; readonly problem: ClusterProblem }
  | { readonly kind: 'unconfirmed'; readonly context: string }
  | (R & { readonly context: string })
  /** A later sync (another context, a refresh) started meanwhile and decides what the server gets. */
  | { readonly kind: 'superseded' };

export interface SyncOptions {
  /** Read again instead of from the cache. */
  readonly refresh?: boolean;
  readonly signal?: AbortSignal;
}

/** What is read, and how it is told apart and logged. */
export interface TargetSource<P, R extends TargetRead<P>> {
  /** What else than the target selects the read (the injector's revision); part of the cache key, given to `read`. */
  readonly variant?: () => string | undefined;
  readonly read: (conn: ClusterConnection, opts: { readonly variant: string | undefined; readonly signal?: AbortSignal }) => Promise<R>;
  /** What the server holding these params is remembered as: equal values are not sent again. */
  readonly deliveredAs: (params: P | null) => unknown;
  /** The log line for an outcome (`failed` is logged as a warning), or undefined for none. */
  readonly describe: (r: TargetSyncResult<R>) => string | undefined;
}

export class TargetSync<P, R extends TargetRead<P>> {
  /** Reads that answered (found or missing), per target and variant; failures are read again next time. */
  private readonly cache = new Map<string, R>();
  private readonly pending = new Map<string, Promise<R>>();
  private current: P | null = null;
  /** What the running server holds, as `deliveredAs` gives it; a server that just started holds null. */
  private delivered: unknown;
  private generation = 0;
  private lastLogged = '';

  constructor(
    private readonly env: TargetSyncEnv<P>,
    private readonly source: TargetSource<P, R>,
  ) {
    this.delivered = source.deliveredAs(null);
  }

  /** What the language server should hold now. */
  params(): P | null {
    return this.current;
  }

  /**
   * Reads the chosen target's value (from the cache unless `refresh`) and sends it, or null when there is none, to the
   * language server. A cancelled read leaves the server with what it had.
   */
  async sync(opts: SyncOptions = {}): Promise<TargetSyncResult<R>> {
    const generation = ++this.generation;
    const { result, redactor } = await this.resolve(opts);
    if (generation !== this.generation) {
      return { kind: 'superseded' };
    }
    const seen: TargetSyncResult<TargetRead<P>> = result;
    if (seen.kind === 'failed' && seen.problem.kind === 'cancelled') {
      return result;
    }
    this.publish(seen.kind === 'found' ? seen.params : null);
    this.note(result, seen.kind === 'failed' ? 'warn' : 'info', redactor);
    return result;
  }

  /** The language server (re)started and holds nothing: send it what it should hold. */
  serverStarted(): void {
    this.delivered = this.source.deliveredAs(null);
    this.publish(this.current);
  }

  private async resolve(opts: SyncOptions): Promise<{ result: TargetSyncResult<R>; redactor?: Redactor }> {
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
    const variant = this.source.variant?.();
    const key = JSON.stringify([target, variant ?? '']);
    const cached = opts.refresh ? undefined : this.cache.get(key);
    if (cached) {
      return { result: { ...cached, context: conn.context }, redactor: conn.redactor };
    }
    // Background syncs of one target share a read; a refresh (or a cancellable read) makes its own.
    const shared = !opts.refresh && !opts.signal;
    let read = shared ? this.pending.get(key) : undefined;
    if (!read) {
      read = this.source.read(conn, { variant, signal: opts.signal });
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

  private publish(params: P | null): void {
    this.current = params;
    const as = this.source.deliveredAs(params);
    if (as !== this.delivered && this.env.send(params)) {
      this.delivered = as;
    }
  }

  /** Logs what the server works with now, once per change (a refresh of the status bar repeats a sync). */
  private note(r: TargetSyncResult<R>, level: 'info' | 'warn', redactor: Redactor | undefined): void {
    const text = this.source.describe(r);
    if (!text || text === this.lastLogged) {
      return;
    }
    this.lastLogged = text;
    this.env.log(level, redactor ? redactor.redact(text) : text);
  }
}
