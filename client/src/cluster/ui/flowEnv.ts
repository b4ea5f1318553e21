import type { ClusterConnection, KubeconfigResult } from '../kubeconfig';
import type { FlowUi } from './flowUi';
import type { Translator } from './translator';

// What every cluster flow is given by its host, and the words the flows share about how they end.

/** What every flow needs from its host. */
export interface FlowEnv {
  readonly ui: FlowUi;
  readonly l10n: Translator;
  /** The connection the user chose (istio.kubeconfig; the context and namespace chosen for this workspace). */
  readonly load: () => KubeconfigResult;
  /** `istio.cluster.productionPattern`. */
  readonly productionPattern?: string | null;
  /** `istio.cluster.dryRunFirst`: a server dry run always comes before the real write. */
  readonly dryRunFirst?: boolean;
  /** Targets the user already confirmed in this workspace (reads ask once per target); without it, reads always ask. */
  readonly targets?: TargetMemory;
}

/** Remembers which targets the user confirmed (workspace state in VS Code). */
export interface TargetMemory {
  confirmed(key: string): boolean;
  remember(key: string): void;
}

/** What identifies a target: the files it came from and every name a confirmation shows. */
export function targetKey(c: ClusterConnection): string {
  return JSON.stringify([c.source, c.files, c.context, c.cluster, c.server, c.user]);
}

/** A connection that answered, and the Kubernetes version it reported. */
export interface Connected {
  readonly conn: ClusterConnection;
  readonly serverVersion: string;
}

/** Why a flow stopped before writing. */
export type Stopped = 'invalid-manifest' | 'empty' | 'no-connection' | 'cancelled' | 'dry-run-failed';
