import type { ClusterCrdsParams } from '../../../../server/src/protocol';
import { readIstioCrds, type IstioCrdsRead } from '../istioCrds';
import { TargetSync, type TargetSyncEnv, type TargetSyncResult } from './targetSync';

// Keeps the language server's copy of the chosen cluster's Istio CRDs (IST0106's schemas) in step with the chosen
// target, as the injector ConfigMap is (targetSync.ts): another target, or none, clears what the server holds.
// vscode-free, tested under node.

export type CrdSyncEnv = TargetSyncEnv<NonNullable<ClusterCrdsParams>>;

export type CrdSyncResult = TargetSyncResult<IstioCrdsRead>;

export class CrdSync extends TargetSync<NonNullable<ClusterCrdsParams>, IstioCrdsRead> {
  constructor(env: CrdSyncEnv) {
    super(env, {
      read: (conn, { signal }) => readIstioCrds(conn, { signal }),
      // The same object while unchanged (from the cache): the CRDs are large to compare.
      deliveredAs: (params) => params,
      describe: logLine,
    });
  }
}

const WITHOUT = 'Istio resources are schema-checked only against CRDs in the workspace';

/** What IST0106 validates with now. */
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
