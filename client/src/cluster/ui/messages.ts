import type { ClusterProblem, ClusterProblemKind } from '../errors';
import type { ClusterConnection } from '../kubeconfig';
import { refString } from '../manifest';
import type { FailedOutcome } from '../objects';
import type { ObjectRef } from '../types';
import type { Choice, CommonAction, Notice } from './flowUi';
import type { ProductionCheck } from './production';
import type { Translator } from './translator';

// Texts of the cluster flows: confirmations that name the target, problems with their next step, conflicts.

/** Who a write goes to, one line each (never credentials). */
export function targetLines(l10n: Translator, conn: ClusterConnection, serverVersion?: string): string[] {
  const from = { override: l10n.t('chosen for Istio Mesh Tools'), context: l10n.t('from the context'), default: l10n.t('default') }[conn.namespaceFrom];
  return [
    l10n.t('Context: {0}', conn.context),
    l10n.t('Cluster: {0}', conn.cluster),
    l10n.t('Server: {0}', conn.server),
    ...(serverVersion ? [l10n.t('Kubernetes version: {0}', serverVersion)] : []),
    l10n.t('User: {0}', conn.user),
    l10n.t('Namespace for objects that name none: {0} ({1})', conn.namespace, from),
  ];
}

/** The first `max` objects, kubectl style, and how many more. */
export function objectLines(l10n: Translator, refs: readonly ObjectRef[], max = 12): string[] {
  const lines = refs.slice(0, max).map((r) => `• ${refString(r)}`);
  if (refs.length > max) {
    lines.push(l10n.t('… and {0} more', refs.length - max));
  }
  return lines;
}

/** The loud part of a confirmation for a production target. */
export function productionLines(l10n: Translator, prod: ProductionCheck): string[] {
  const unusable =
    prod.patternError === undefined
      ? []
      : [l10n.t('The istio.cluster.productionPattern setting cannot be used ({0}); the default "{1}" applies. Fix it in your user settings.', prod.patternError, prod.pattern)];
  if (!prod.production || !prod.matched) {
    return unusable;
  }
  return [
    ...unusable,
    l10n.t('⚠ PRODUCTION: the {0} name "{1}" matches the pattern "{2}" (setting istio.cluster.productionPattern).', prod.matched.field, prod.matched.name, prod.pattern),
    l10n.t('You will be asked to type the context name before anything is changed.'),
  ];
}

/** Which common actions help with a problem: where to fix it. */
export function problemActions(kind: ClusterProblemKind): CommonAction[] {
  switch (kind) {
    case 'no-kubeconfig':
    case 'invalid-kubeconfig':
      return ['openSettings', 'showLogs'];
    case 'no-current-context':
    case 'unknown-context':
      return ['selectContext', 'openSettings'];
    case 'namespace-not-found':
      return ['selectNamespace', 'showLogs'];
    case 'unauthorized':
    case 'credentials':
    case 'forbidden':
    case 'tls':
    case 'unreachable':
    case 'timeout':
      return ['selectContext', 'showLogs'];
    default:
      return ['showLogs'];
  }
}

export function commonChoices(l10n: Translator, actions: readonly CommonAction[]): Choice[] {
  const labels: Record<CommonAction, string> = {
    showLogs: l10n.t('Show Logs'),
    selectContext: l10n.t('Select Context'),
    selectNamespace: l10n.t('Select Namespace'),
    openSettings: l10n.t('Open Settings'),
  };
  return actions.map((id) => ({ id, label: labels[id] }));
}

/** A problem as a notification: what happened, then what to do next, with the actions that help. */
export function problemNotice(l10n: Translator, doing: string, p: ClusterProblem): Notice {
  return {
    severity: p.kind === 'cancelled' ? 'info' : 'error',
    message: l10n.t('{0}: {1} Next step: {2}', doing, p.message, p.nextStep),
    actions: commonChoices(l10n, problemActions(p.kind)),
  };
}

/** The same, as log lines. */
export function problemLines(doing: string, p: ClusterProblem): string[] {
  return [`${doing}: ${p.message}`, `    next step: ${p.nextStep}`, ...(p.causes ?? []).map((c) => `    cause: ${c}`)];
}

/** Outcomes that failed on field-manager conflicts (409 with fields), which a forced apply can take over. */
export function conflictOutcomes(outcomes: readonly { readonly outcome: string }[]): FailedOutcome[] {
  return outcomes.filter((o): o is FailedOutcome => o.outcome === 'failed' && ((o as FailedOutcome).conflicts?.length ?? 0) > 0);
}

/** The managers whose fields a forced apply would take. */
export function conflictManagers(conflicts: readonly FailedOutcome[]): string[] {
  return [...new Set(conflicts.flatMap((o) => (o.conflicts ?? []).map((c) => c.manager)))];
}

/** `deployment.apps/x (ns): .spec.replicas (owned by "kubectl")`, one line per field. */
export function conflictLines(conflicts: readonly FailedOutcome[], max = 12): string[] {
  const lines = conflicts.flatMap((o) => (o.conflicts ?? []).map((c) => `• ${refString(o.ref)}: ${c.field} (owned by "${c.manager}")`));
  return lines.length > max ? [...lines.slice(0, max), `… (${lines.length - max} more)`] : lines;
}
