import type { ClusterInjectorParams } from '../../../../server/src/protocol';
import { readInjectorConfig, type InjectorRead } from '../injectorConfig';
import { TargetSync, type TargetSyncEnv, type TargetSyncResult } from './targetSync';

// Keeps the language server's copy of the cluster's injector ConfigMap in step with the chosen target, in the
// background (targetSync.ts); confirming a target is Select Cluster Context, or a cluster command's question.
// vscode-free, tested under node.

/** What the background read needs from its host. */
export interface InjectorSyncEnv extends TargetSyncEnv<NonNullable<ClusterInjectorParams>> {
  /** The revision whose injector to read; undefined reads the default revision's. */
  readonly revision?: () => string | undefined;
}

/** How a sync ended; `found` is the only outcome after which the server has an injector from the cluster. */
export type InjectorSyncResult = TargetSyncResult<InjectorRead>;

export const REFRESH_COMMAND_TITLE = 'Istio: Refresh Cluster Injector Config';

export class InjectorSync extends TargetSync<NonNullable<ClusterInjectorParams>, InjectorRead> {
  constructor(env: InjectorSyncEnv) {
    super(env, {
      variant: () => env.revision?.(),
      read: (conn, { variant, signal }) => readInjectorConfig(conn, { revision: variant, signal }),
      deliveredAs: (params) => JSON.stringify(params),
      describe: logLine,
    });
  }
}

const BUILT_IN = 'the injection preview uses the workspace or built-in injector';

/** What the preview renders with now. */
function logLine(r: InjectorSyncResult): string | undefined {
  switch (r.kind) {
    case 'superseded':
      return undefined;
    case 'untrusted':
      return `Cluster injector: not read in Restricted Mode; ${BUILT_IN}. Trust the folder to use the cluster's.`;
    case 'no-connection':
      return `Cluster injector: none (${r.problem.message}); ${BUILT_IN}.`;
    case 'unconfirmed':
      return `Cluster injector: context "${r.context}" is not read before you confirm it (Istio: Select Cluster Context, or ${REFRESH_COMMAND_TITLE}); ${BUILT_IN}.`;
    case 'found':
      return `Cluster injector: read ${r.params.origin}; the injection preview renders with it unless settings or the workspace hold injection templates.`;
    case 'missing':
      return `Cluster injector: ${r.reason} ${r.nextStep}`;
    case 'failed':
      return `Cluster injector: reading it from context "${r.context}" failed: ${r.problem.message} Next step: ${r.problem.nextStep} Then run ${REFRESH_COMMAND_TITLE}; ${BUILT_IN} meanwhile.`;
  }
}
