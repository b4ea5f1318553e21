import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FlowUi } from '../cluster/ui/flowUi';
import { textChoices, type TextChoice } from '../cluster/ui/selection';
import { parsePreviewUri, PREVIEW_SCHEME } from '../preview/previewUri';
import { noSource, resolveSource } from './source';

// What the cluster commands send from an editor: the file, the selection or the document at the cursor (the release
// manifests of Install/Uninstall are picked in cluster/ui/releaseManifests.ts).

/** Text to send and how to name it in messages. */
export interface SourceText {
  readonly text: string;
  readonly source: string;
}

const nameOf = (uri: vscode.Uri): string =>
  uri.scheme === 'file' || uri.scheme === 'untitled' ? vscode.workspace.asRelativePath(uri) : path.posix.basename(uri.path);

/** The choice among file / selection / document at the cursor; asks only when there is more than one. */
async function choose(ui: FlowUi, editor: vscode.TextEditor, allowSelection: boolean, title: string): Promise<TextChoice | undefined> {
  const doc = editor.document;
  const sel = editor.selection;
  const choices = textChoices(
    vscode.l10n,
    { text: doc.getText(), fileName: nameOf(doc.uri), selection: { start: doc.offsetAt(sel.start), end: doc.offsetAt(sel.end) }, cursor: doc.offsetAt(sel.active) },
    { allowSelection },
  );
  if (choices.length === 1) {
    return choices[0];
  }
  const pick = await ui.pick({
    title,
    placeHolder: vscode.l10n.t('What should be sent to the cluster?'),
    items: choices.map((c) => ({ label: c.label, description: c.detail, value: c })),
  });
  return pick?.value;
}

/** The YAML the user points at: the argument's file (whole), else the active editor's file, selection or document. */
export async function editorText(ui: FlowUi, arg: unknown, title: string): Promise<SourceText | undefined> {
  // A preview counts as itself: applying from it sends what it shows.
  const src = resolveSource(arg, 'itself');
  if (!src) {
    return noSource();
  }
  const { uri, editor } = src;
  if (!editor) {
    const doc = await vscode.workspace.openTextDocument(uri);
    return { text: doc.getText(), source: nameOf(uri) };
  }
  const c = await choose(ui, editor, true, title);
  return c ? { text: c.text, source: c.source } : undefined;
}

/** What to render for "apply injected": the preview's own target, or the source's file or workload at the cursor. */
export async function injectedTarget(
  ui: FlowUi,
  arg: unknown,
  title: string,
): Promise<{ target: { source: string; style: 'minimal' | 'istioctl'; renderer: 'offline' | 'istioctl'; offset?: number }; name: string } | undefined> {
  const src = resolveSource(arg, 'itself');
  if (!src) {
    return noSource();
  }
  const { uri, editor } = src;
  if (uri.scheme === PREVIEW_SCHEME) {
    // Applying from a preview sends exactly what it shows.
    const t = parsePreviewUri(uri);
    return t ? { target: { ...t }, name: nameOf(vscode.Uri.parse(t.source)) } : noSource();
  }
  const base = { source: uri.toString(), style: 'minimal' as const, renderer: 'offline' as const };
  if (!editor) {
    return { target: base, name: nameOf(uri) };
  }
  const c = await choose(ui, editor, false, title);
  if (!c) {
    return undefined;
  }
  return { target: c.offset === undefined ? base : { ...base, offset: c.offset }, name: c.source };
}
