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
  };
}
