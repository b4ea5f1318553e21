import * as vscode from 'vscode';

/** The raw `istio.*` settings of a resource, as the server's `normalizeSettings` expects them. */
export function rawIstioSettings(scope?: vscode.Uri): Record<string, unknown> {
  const c = vscode.workspace.getConfiguration('istio', scope);
  return {
    validate: { enable: c.get<boolean>('validate.enable', true) },
    profile: c.get<string>('profile', 'auto'),
    rules: c.get<Record<string, string>>('rules', {}),
    defaultNamespace: c.get<string>('defaultNamespace', 'default'),
    exclude: c.get<string[]>('exclude', []),
    injection: {
      values: c.get<object>('injection.values', {}),
      meshConfig: c.get<object>('injection.meshConfig', {}),
      injectConfig: c.get<object>('injection.injectConfig', {}),
    },
  };
}

/** The user's istioctl, when they want previews rendered by it. */
export function istioctlSettings(): { path: string | undefined; args: string[] } {
  const c = vscode.workspace.getConfiguration('istio');
  const path = c.get<string | null>('istioctl.path', null);
  return { path: path && path.trim() !== '' ? path.trim() : undefined, args: c.get<string[]>('istioctl.args', []) };
}
