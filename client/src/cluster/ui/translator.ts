/**
 * The part of `vscode.l10n` the cluster UI uses. Plain modules take it as a parameter named `l10n`, so they stay
 * vscode-free (unit tests pass a formatter) while their literal `l10n.t` messages are still found by the l10n contract test.
 */
export interface Translator {
  t(message: string, ...args: Array<string | number | boolean>): string;
}
