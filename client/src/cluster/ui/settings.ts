import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProfileSetting } from '../../../../server/src/protocol';

/** The settings of the cluster commands. */
export interface ClusterSettings {
  /** `istio.kubeconfig`, resolved (`~` expanded, relative to the first workspace folder); undefined: as kubectl does. */
  readonly kubeconfig: string | undefined;
  /** `istio.cluster.context`: the extension's own context; undefined follows the kubeconfig's current-context. */
  readonly context: string | undefined;
  /** `istio.cluster.namespace`: the extension's own namespace; undefined uses the context's. */
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

export function clusterSettings(): ClusterSettings {
  const c = vscode.workspace.getConfiguration('istio');
  return {
    kubeconfig: resolvePath(nonEmpty(c.get<string | null>('kubeconfig', null))),
    context: nonEmpty(c.get<string | null>('cluster.context', null)),
    namespace: nonEmpty(c.get<string | null>('cluster.namespace', null)),
    productionPattern: c.get<string | null>('cluster.productionPattern', null),
    dryRunFirst: c.get<boolean>('cluster.dryRunFirst', false),
    profile: c.get<ProfileSetting>('profile', 'auto'),
  };
}

/** Stores the extension's own context or namespace (undefined clears it): workspace settings when a folder is open. */
export async function writeSelection(key: 'context' | 'namespace', value: string | undefined): Promise<void> {
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('istio').update(`cluster.${key}`, value, target);
}

/** Settings whose change means another connection. */
export function affectsConnection(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('istio.kubeconfig') || e.affectsConfiguration('istio.cluster');
}
