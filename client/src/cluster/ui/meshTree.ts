import type { ClusterProblem } from '../errors';
import type { KubeconfigResult } from '../kubeconfig';
import type { CheckStatus, VerifyItem, VerifyReport } from '../verify';
import { targetLines } from './messages';
import { productionCheck } from './production';
import type { Translator } from './translator';

// The "Istio Mesh" view's content as plain data (the view turns it into TreeItems): status icons and colours per
// check, problems at the top, and the same tree as log lines.

/** A codicon and the theme colour to draw it in. */
export interface NodeIcon {
  readonly id: string;
  readonly color?: string;
}

/** One node of the view. */
export interface NodeModel {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip: string;
  readonly icon: NodeIcon;
  readonly children: readonly NodeModel[];
  /** Problems open by default; what is fine stays folded. */
  readonly expanded: boolean;
  /** A command id run when the node is clicked. */
  readonly command?: string;
}

/** ThemeIcon ids and ThemeColor ids per status. */
export function statusIcon(s: CheckStatus): NodeIcon {
  switch (s) {
    case 'ok':
      return { id: 'pass', color: 'testing.iconPassed' };
    case 'warn':
      return { id: 'warning', color: 'problemsWarningIcon.foreground' };
    case 'error':
      return { id: 'error', color: 'problemsErrorIcon.foreground' };
  }
}

function itemNode(item: VerifyItem, prefix: string): NodeModel {
  return {
    id: `${prefix}/${item.id}`,
    label: item.label,
    description: item.message,
    tooltip: `${item.label}: ${item.message}`,
    icon: statusIcon(item.status),
    children: item.children.map((c) => itemNode(c, prefix)),
    expanded: item.status !== 'ok' && item.children.length > 0,
  };
}

/** The verification as one node per component, each with its Service and pods; ids start with `prefix`. */
export function verifyNodes(report: VerifyReport, prefix = 'verify'): NodeModel[] {
  return report.items.map((i) => itemNode(i, prefix));
}

/** A problem (the cluster could not be read) as a node with its next step below it. */
export function problemNode(id: string, label: string, p: ClusterProblem, command?: string): NodeModel {
  return {
    id,
    label,
    description: p.message,
    tooltip: `${p.message}\n\n${p.nextStep}`,
    icon: statusIcon('error'),
    children: [{ id: `${id}/next`, label: p.nextStep, tooltip: p.nextStep, icon: { id: 'lightbulb' }, children: [], expanded: false }],
    expanded: true,
    ...(command ? { command } : {}),
  };
}

const MARK: Readonly<Record<CheckStatus, string>> = { ok: '[ok]   ', warn: '[warn] ', error: '[FAIL] ' };

/** The report as log lines: the summary, then one indented line per check. */
export function verifyLines(report: VerifyReport): string[] {
  const lines = [report.summary];
  const walk = (items: readonly VerifyItem[], depth: number): void => {
    for (const i of items) {
      lines.push(`${'  '.repeat(depth)}${MARK[i.status]}${i.label}: ${i.message}`);
      walk(i.children, depth + 1);
    }
  };
  walk(report.items, 1);
  return lines;
}

/** What the view knows about the last verification. */
export type VerifyState =
  | { readonly kind: 'none' }
  | { readonly kind: 'running'; readonly context: string }
  | { readonly kind: 'report'; readonly context: string; readonly report: VerifyReport; readonly at: string }
  | { readonly kind: 'problem'; readonly context?: string; readonly problem: ClusterProblem };

const info = (id: string, label: string, description: string, command?: string): NodeModel => ({
  id,
  label,
  description,
  tooltip: `${label}: ${description}`,
  icon: { id: 'info' },
  children: [],
  expanded: false,
  ...(command ? { command } : {}),
});

/** The first node: which context and namespace the cluster commands use (click: select another). */
export function connectionNode(l10n: Translator, r: KubeconfigResult, productionPattern?: string | null): NodeModel {
  if (!r.ok) {
    return problemNode('connection-problem', l10n.t('No cluster connection'), r.problem, 'istio.selectContext');
  }
  const c = r.connection;
  const prod = productionCheck(c, productionPattern);
  return {
    id: 'connection',
    label: `${c.context}/${c.namespace}`,
    description: c.server,
    tooltip: [...(prod.production ? [l10n.t('Production context (matches "{0}")', prod.pattern)] : []), ...targetLines(l10n, c)].join('\n'),
    icon: prod.production ? { id: 'warning', color: 'problemsWarningIcon.foreground' } : { id: 'cloud' },
    children: [
      info('connection/cluster', l10n.t('Cluster'), c.cluster),
      info('connection/server', l10n.t('Server'), c.server),
      info('connection/user', l10n.t('User'), c.user),
      info('connection/namespace', l10n.t('Namespace'), c.namespace, 'istio.selectNamespace'),
      info('connection/kubeconfig', l10n.t('Kubeconfig'), c.files.join(', ') || c.source),
    ],
    expanded: false,
    command: 'istio.selectContext',
  };
}

/** The second node: the last verification of the Istio install, or how to run one. */
export function verificationNode(l10n: Translator, v: VerifyState): NodeModel {
  switch (v.kind) {
    case 'none':
      return {
        id: 'verify',
        label: l10n.t('Verify the Istio install…'),
        tooltip: l10n.t('Check the Services and pods in istio-system against what the profile expects.'),
        icon: { id: 'play' },
        children: [],
        expanded: false,
        command: 'istio.verifyInstallation',
      };
    case 'running':
      return { id: 'verify-running', label: l10n.t('Verifying Istio on {0}…', v.context), tooltip: v.context, icon: { id: 'loading~spin' }, children: [], expanded: false };
    case 'problem':
      return problemNode('verify-problem', l10n.t('Verification failed'), v.problem, 'istio.verifyInstallation');
    case 'report': {
      // A new id per verification: VS Code keeps the expansion state per id, and a fresh report opens where it has problems.
      const id = `verify@${v.at}`;
      return {
        id,
        label: l10n.t('Istio in {0} ({1})', v.report.namespace, v.report.profile),
        description: v.report.summary,
        tooltip: l10n.t('Context {0}, checked at {1}. {2}', v.context, v.at, v.report.summary),
        icon: statusIcon(v.report.status),
        children: verifyNodes(v.report, id),
        expanded: true,
      };
    }
  }
}
