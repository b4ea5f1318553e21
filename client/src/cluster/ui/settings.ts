import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProfileSetting } from '../../../../server/src/protocol';

/** The settings of the cluster commands, and the context/namespace chosen for this workspace. */
export interface ClusterSettings {
  /** `istio.kubeconfig`, resolved (`~` expanded, relative to the first workspace folder); undefined: as kubectl does. */
  readonly kubeconfig: string | undefined;
  /** The extension's own context for this workspace; undefined follows the kubeconfig's current-context. */
  readonly context: string | undefined;
  /** The extension's own namespace for this workspace; undefined uses the context's. */
  readonly namespace: string | undefined;
  readonly productionPattern: string | null;
  readonly dryRunFirst: boolean;
  readonly profile: ProfileSetting;
}

/** Which context and namespace were chosen. */
export type SelectionKey = 'context' | 'namespace';

// Workspace state rather than `.vscode/settings.json`: a settings file gets committed and would steer teammates (and
// anyone who clones the repository) to a cluster they never chose.
const STATE_KEYS: Readonly<Record<SelectionKey, string>> = { context: 'istio.cluster.context', namespace: 'istio.cluster.namespace' };

const nonEmpty = (v: string | null | undefined): string | undefined => (v && v.trim() !== '' ? v.trim() : undefined);

function resolvePath(p: string | undefined): string | undefined {
  if (!p) {
    return undefined;
  }
  const expanded = p === '~' || p.startsWith('~/') || p.startsWith('~\\') ? path.join(os.homedir(), p.slice(1)) : p;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return path.isAbsolute(expanded) || !folder || folder.scheme !== 'file' ? expanded : path.join(folder.fsPath, expanded);
}

/** The value a user-level setting has; `application`/`machine` scope already keeps workspace values out. */
export function clusterSettings(state: vscode.Memento): ClusterSettings {
  const c = vscode.workspace.getConfiguration('istio');
  const selected = (key: SelectionKey): string | undefined => {
    const v = state.get<unknown>(STATE_KEYS[key]);
    return typeof v === 'string' ? nonEmpty(v) : undefined;
  };
  return {
    kubeconfig: resolvePath(nonEmpty(c.get<string | null>('kubeconfig', null))),
    context: selected('context'),
    namespace: selected('namespace'),
    productionPattern: c.get<string | null>('cluster.productionPattern', null),
    dryRunFirst: c.get<boolean>('cluster.dryRunFirst', false),
    profile: c.get<ProfileSetting>('profile', 'auto'),
  };
}

/** Stores the extension's own context or namespace for this workspace (undefined clears it). */
export async function writeSelection(state: vscode.Memento, key: SelectionKey, value: string | undefined): Promise<void> {
  await state.update(STATE_KEYS[key], value);
}

/** Settings whose change means another connection or another production check. */
export function affectsConnection(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('istio.kubeconfig') || e.affectsConfiguration('istio.cluster');
}
