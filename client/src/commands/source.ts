import * as vscode from 'vscode';
import { parsePreviewUri, PREVIEW_SCHEME } from '../preview/previewUri';

// Which document a command acts on: every command that takes a file resolves its argument here.

/** The document a command acts on, and the active editor when it shows that document. */
export interface ResolvedSource {
  readonly uri: vscode.Uri;
  readonly editor?: vscode.TextEditor;
}

/** How an injected preview counts: as its source (preview, diff, copy, save) or as itself (apply what it shows). */
export type PreviewAs = 'source' | 'itself';

const sameDocument = (editor: vscode.TextEditor | undefined, uri: vscode.Uri): vscode.TextEditor | undefined =>
  editor && editor.document.uri.toString() === uri.toString() ? editor : undefined;

/**
 * The document of a command's argument (a Uri, or a URI string as a CodeLens passes it), else of the active editor;
 * undefined when there is none, or when a preview's link names no source.
 */
export function resolveSource(arg: unknown, preview: PreviewAs = 'source'): ResolvedSource | undefined {
  const given = arg instanceof vscode.Uri ? arg : typeof arg === 'string' && arg !== '' ? vscode.Uri.parse(arg) : undefined;
  const active = vscode.window.activeTextEditor;
  let uri = given ?? active?.document.uri;
  if (uri?.scheme === PREVIEW_SCHEME && preview === 'source') {
    const source = parsePreviewUri(uri)?.source;
    uri = source ? vscode.Uri.parse(source) : undefined;
  }
  if (!uri) {
    return undefined;
  }
  const editor = sameDocument(active, uri);
  return editor ? { uri, editor } : { uri };
}

/** Says what to do when a command has no document to act on. */
export function noSource(): undefined {
  void vscode.window.showWarningMessage(vscode.l10n.t('Open a Kubernetes YAML file first, then run this command again.'));
  return undefined;
}
