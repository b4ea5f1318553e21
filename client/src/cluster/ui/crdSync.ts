import type { ClusterCrdsParams } from '../../../../server/src/protocol';
import { readIstioCrds, type IstioCrdsRead } from '../istioCrds';
import type { KubeconfigResult } from '../kubeconfig';
import type { Redactor } from '../redact';
import { targetKey, type TargetMemory } from './flowEnv';

// Keeps the language server's copy of the chosen cluster's Istio CRDs (IST0106's schemas) in step with the chosen
// target, in the background, as the injector ConfigMap is: no question, no notification, nothing read in Restricted
// Mode or from a target the user has not confirmed; another target, or none, clears what the server holds.
// vscode-free, tested under node.

export interface CrdSyncEnv {
  /** The connection the user chose; loading sends nothing. */
  readonly load: () => KubeconfigResult;
  /** Targets confirmed in this workspace: only those are read. */
  readonly targets: TargetMemory;
  /** Workspace Trust; false in Restricted Mode. */
  readonly trusted: () => boolean;
  /** Hands the params to the language server; false when it is not running (serverStarted() sends them later). */
  readonly send: (params: ClusterCrdsParams) => boolean;
  readonly log: (level: 'info' | 'warn', line: string) => void;
}

export type CrdSyncResult =
  | { readonly kind: 'untrusted' | 'no-connection' | 'superseded' }
  | { readonly kind: 'unconfirmed'; readonly context: string }
  | (IstioCrdsRead & { readonly context: string });

export class CrdSync {
  /** Reads that answered (found or missing), per target; failures are read again next time. */
  private readonly cache = new Map<string, IstioCrdsRead>();
  private current: ClusterCrdsParams = null;
  /** What the running server holds (the same object when unchanged: the CRDs are large to compare). */
  private delivered: ClusterCrdsParams | 'nothing' = null;
  private generation = 0;
  private lastLogged = '';

  constructor(private readonly env: CrdSyncEnv) {}

  /** What the language server should hold now. */
  params(): ClusterCrdsParams {
    return this.current;
  }

  /** Reads the chosen target's Istio CRDs (from the cache unless `refresh`) and sends them, or null, to the server. */
  async sync(opts: { readonly refresh?: boolean; readonly signal?: AbortSignal } = {}): Promise<CrdSyncResult> {
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
    this.delivered = 'nothing';
    this.publish(this.current);
  }

  private async resolve(opts: { readonly refresh?: boolean; readonly signal?: AbortSignal }): Promise<{ result: CrdSyncResult; redactor?: Redactor }> {
    if (!this.env.trusted()) {
      return { result: { kind: 'untrusted' } };
    }
    const r = this.env.load();
    if (!r.ok) {
      return { result: { kind: 'no-connection' } };
    }
    const conn = r.connection;
    const target = targetKey(conn);
    if (!this.env.targets.confirmed(target)) {
      return { result: { kind: 'unconfirmed', context: conn.context }, redactor: conn.redactor };
    }
    let read = opts.refresh ? undefined : this.cache.get(target);
    if (!read) {
      read = await readIstioCrds(conn, { signal: opts.signal });
      if (read.kind === 'failed') {
        this.cache.delete(target);
      } else {
        this.cache.set(target, read);
      }
    }
    return { result: { ...read, context: conn.context }, redactor: conn.redactor };
  }

  private publish(params: ClusterCrdsParams): void {
    this.current = params;
    if (params !== this.delivered && this.env.send(params)) {
      this.delivered = params;
    }
  }

  /** Logs what IST0106 validates with now, once per change. */
  private note(r: CrdSyncResult, redactor: Redactor | undefined): void {
    const text = logLine(r);
    if (!text || text === this.lastLogged) {
      return;
    }
    this.lastLogged = text;
    const line = redactor ? redactor.redact(text) : text;
    this.env.log(r.kind === 'failed' ? 'warn' : 'info', line);
  }
}

const WITHOUT = 'Istio resources are schema-checked only against CRDs in the workspace';

function logLine(r: CrdSyncResult): string | undefined {
  switch (r.kind) {
    case 'superseded':
    case 'untrusted':
    case 'no-connection':
      return undefined;
    case 'unconfirmed':
      return `Cluster CRDs: context "${r.context}" is not read before you confirm it (Istio: Select Cluster Context); ${WITHOUT}.`;
    case 'found':
      return `Cluster CRDs: read ${r.params.crds.length} Istio CRD(s) of ${r.params.origin}; IST0106 validates with them the kinds the workspace has no CRD for.`;
    case 'missing':
      return `Cluster CRDs: ${r.reason} ${WITHOUT}.`;
    case 'failed':
      return `Cluster CRDs: reading them from context "${r.context}" failed: ${r.problem.message} Next step: ${r.problem.nextStep} ${WITHOUT} meanwhile.`;
  }
}
