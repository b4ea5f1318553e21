import * as vscode from 'vscode';
import { checkIstioctlArgs } from './istioctlArgs';

/** The raw `istio.*` settings of a resource, as the server's `normalizeSettings` expects them. */
export function rawIstioSettings(scope?: vscode.Uri): Record<string, unknown> {
  const c = vscode.workspace.getConfiguration('istio', scope);
  return {
    validate: { enable: c.get<boolean>('validate.enable', true) },
    profile: c.get<string>('profile', 'auto'),
    rules: c.get<Record<string, string>>('rules', {}),
    defaultNamespace: c.get<string>('defaultNamespace', 'default'),
    exclude: c.get<string[]>('exclude', []),
    diagnostics: { scope: c.get<string>('diagnostics.scope', 'workspace') },
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
