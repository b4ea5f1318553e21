import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DiagnosticsScope, ProfileSetting, RawIstioSettings, SeverityOrOff } from '../../server/src/protocol';
import { checkIstioctlArgs } from './istioctlArgs';

// Every `istio.*` setting the client reads, typed, read here and nowhere else. The defaults repeat package.json's.

/** The settings the language server reads, for one resource, as its `normalizeSettings` expects them. */
export function serverSettings(scope?: vscode.Uri): RawIstioSettings {
  const c = vscode.workspace.getConfiguration('istio', scope);
  return {
    validate: { enable: c.get<boolean>('validate.enable', true) },
    profile: c.get<ProfileSetting>('profile', 'auto'),
    rules: c.get<Record<string, SeverityOrOff>>('rules', {}),
    defaultNamespace: c.get<string>('defaultNamespace', 'default'),
    exclude: c.get<string[]>('exclude', []),
    diagnostics: { scope: c.get<DiagnosticsScope>('diagnostics.scope', 'workspace') },
    injection: {
      values: c.get<object>('injection.values', {}),
      meshConfig: c.get<object>('injection.meshConfig', {}),
      injectConfig: c.get<object>('injection.injectConfig', {}),
    },
  };
}

/** The user's istioctl, when they want previews rendered by it, and why it cannot be used when it cannot. */
export interface IstioctlSettings {
  /** Set only when istioctl may run: trusted workspace, allowed arguments. */
  readonly path: string | undefined;
  readonly args: readonly string[];
  /** `istio.istioctl.path` is set but cannot be used now. */
  readonly blocked?: { readonly why: 'untrusted' } | { readonly why: 'arguments'; readonly message: string };
}

export function istioctlSettings(): IstioctlSettings {
  const c = vscode.workspace.getConfiguration('istio');
  const raw = c.get<string | null>('istioctl.path', null);
  const path = raw && raw.trim() !== '' ? raw.trim() : undefined;
  if (!path) {
    return { path: undefined, args: [] };
  }
  if (!vscode.workspace.isTrusted) {
    return { path: undefined, args: [], blocked: { why: 'untrusted' } };
  }
  const args = checkIstioctlArgs(c.get<unknown>('istioctl.args', []));
  return args.ok ? { path, args: args.args } : { path: undefined, args: [], blocked: { why: 'arguments', message: args.message } };
}

/** The settings of the cluster commands. */
export interface ClusterConfig {
  /** `istio.kubeconfig`, resolved (`~` expanded, relative to the first workspace folder); undefined: as kubectl does. */
  readonly kubeconfig: string | undefined;
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

/** The cluster settings (`application`/`machine` scope in package.json keeps workspace values out of them). */
export function clusterConfig(): ClusterConfig {
  const c = vscode.workspace.getConfiguration('istio');
  return {
    kubeconfig: resolvePath(nonEmpty(c.get<string | null>('kubeconfig', null))),
    productionPattern: c.get<string | null>('cluster.productionPattern', null),
    dryRunFirst: c.get<boolean>('cluster.dryRunFirst', false),
    profile: c.get<ProfileSetting>('profile', 'auto'),
  };
}

/** Settings whose change means another connection or another production check. */
export function affectsConnection(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('istio.kubeconfig') || e.affectsConfiguration('istio.cluster');
}

/** Where an `istio.*` setting is set (VS Code's `inspect`), for telling a workspace's values from the user's. */
export function settingOrigins(key: string): { readonly workspaceValue?: unknown; readonly workspaceFolderValue?: unknown } | undefined {
  return vscode.workspace.getConfiguration('istio').inspect(key);
}
