import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProfileSetting } from '../../../../server/src/protocol';
import { readSelection, type StateStore } from './workspaceState';

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

const nonEmpty = (v: string | null | undefined): string | undefined => (v && v.trim() !== '' ? v.trim() : undefined);

function resolvePath(p: string | undefined): string | undefined {
  if (!p) {
    return undefined;
  }
  const expanded = p === '~' || p.startsWith('~/') || p.startsWith('~\\') ? path.join(os.homedir(), p.slice(1)) : p;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return path.isAbsolute(expanded) || !folder || folder.scheme !== 'file' ? expanded : path.join(folder.fsPath, expanded);
}

/** The settings (`application`/`machine` scope keeps workspace values out) and this workspace's chosen target. */
export function clusterSettings(state: StateStore): ClusterSettings {
  const c = vscode.workspace.getConfiguration('istio');
  return {
    kubeconfig: resolvePath(nonEmpty(c.get<string | null>('kubeconfig', null))),
    context: readSelection(state, 'context'),
    namespace: readSelection(state, 'namespace'),
    productionPattern: c.get<string | null>('cluster.productionPattern', null),
    dryRunFirst: c.get<boolean>('cluster.dryRunFirst', false),
    profile: c.get<ProfileSetting>('profile', 'auto'),
  };
}

/** Settings whose change means another connection or another production check. */
export function affectsConnection(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('istio.kubeconfig') || e.affectsConfiguration('istio.cluster');
}
