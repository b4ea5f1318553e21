import * as path from 'node:path';
import * as vscode from 'vscode';
import { joinManifests, textChoices, type TextChoice } from '../cluster/ui/selection';
import { parsePreviewUri, PREVIEW_SCHEME } from '../preview/previewUri';
import { noSource, resolveSource } from './source';

// What the cluster commands send: text from an editor (file, selection, document at the cursor) or manifests picked
// from the workspace (the Istio release's install/kubernetes/*.yaml).

/** Text to send and how to name it in messages. */
export interface SourceText {
  readonly text: string;
  readonly source: string;
}

const nameOf = (uri: vscode.Uri): string =>
  uri.scheme === 'file' || uri.scheme === 'untitled' ? vscode.workspace.asRelativePath(uri) : path.posix.basename(uri.path);

/** The choice among file / selection / document at the cursor; asks only when there is more than one. */
async function choose(editor: vscode.TextEditor, allowSelection: boolean, title: string): Promise<TextChoice | undefined> {
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
  const pick = await vscode.window.showQuickPick(
    choices.map((c) => ({ label: c.label, description: c.detail, choice: c })),
    { title, placeHolder: vscode.l10n.t('What should be sent to the cluster?') },
  );
  return pick?.choice;
}

/** The YAML the user points at: the argument's file (whole), else the active editor's file, selection or document. */
export async function editorText(arg: unknown, title: string): Promise<SourceText | undefined> {
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
  const c = await choose(editor, true, title);
  return c ? { text: c.text, source: c.source } : undefined;
}

/** What to render for "apply injected": the preview's own target, or the source's file or workload at the cursor. */
export async function injectedTarget(
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
  const c = await choose(editor, false, title);
  if (!c) {
    return undefined;
  }
  return { target: c.offset === undefined ? base : { ...base, offset: c.offset }, name: c.source };
}

const RELEASE_DESCRIPTIONS: Readonly<Record<string, () => string>> = {
  'istio.yaml': () => vscode.l10n.t('Istio without mutual TLS between sidecars'),
  'istio-auth.yaml': () => vscode.l10n.t('Istio with mutual TLS between sidecars'),
};

/** Picks the release manifest: istio.yaml / istio-auth.yaml found in the workspace, or any YAML file. */
async function pickReleaseManifest(title: string): Promise<vscode.Uri | undefined> {
  const found = await vscode.workspace.findFiles('**/install/kubernetes/{istio,istio-auth}.yaml', '**/node_modules/**', 20);
  const browse = { label: `$(folder-opened) ${vscode.l10n.t('Choose a YAML file…')}`, uri: undefined as vscode.Uri | undefined };
  if (found.length > 0) {
    const items = [
      ...found.map((uri) => {
        const name = path.posix.basename(uri.path);
        return { label: name, description: RELEASE_DESCRIPTIONS[name]?.() ?? '', detail: vscode.workspace.asRelativePath(uri), uri: uri as vscode.Uri | undefined };
      }),
      browse,
    ];
    const pick = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('The Istio release manifest (install/kubernetes in the release)') });
    if (!pick) {
      return undefined;
    }
    if (pick.uri) {
      return pick.uri;
    }
  }
  return browseYaml(title);
}

async function browseYaml(title: string): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title,
    canSelectMany: false,
    canSelectFiles: true,
    canSelectFolders: false,
    filters: { YAML: ['yaml', 'yml'] },
    openLabel: vscode.l10n.t('Use This Manifest'),
    ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
  });
  return picked?.[0];
}

/** The optional Initializer manifest: `null` to go without, undefined when the user cancelled. */
async function pickInitializer(release: vscode.Uri, title: string, uninstall: boolean): Promise<vscode.Uri | null | undefined> {
  const sibling = vscode.Uri.joinPath(release, '..', 'istio-initializer.yaml');
  let exists = false;
  try {
    await vscode.workspace.fs.stat(sibling);
    exists = true;
  } catch {
    exists = false; // no Initializer manifest next to the release manifest: offer to browse
  }
  type Item = vscode.QuickPickItem & { choice: 'none' | 'sibling' | 'browse' };
  const none: Item = {
    label: uninstall ? vscode.l10n.t('Without the Initializer') : vscode.l10n.t('No Initializer'),
    detail: uninstall
      ? vscode.l10n.t('Istio was installed without istio-initializer.yaml.')
      : vscode.l10n.t('Inject sidecars with the preview or istioctl kube-inject instead of automatically.'),
    choice: 'none',
  };
  const withSibling: Item = {
    label: 'istio-initializer.yaml',
    description: vscode.workspace.asRelativePath(sibling),
    detail: uninstall
      ? vscode.l10n.t('Delete the Initializer first, as the install guide does (objects already gone are fine).')
      : vscode.l10n.t('Automatic sidecar injection; the cluster needs alpha features (Initializers, Kubernetes 1.7–1.13).'),
    choice: 'sibling',
  };
  const browse: Item = { label: `$(folder-opened) ${vscode.l10n.t('Choose a YAML file…')}`, choice: 'browse' };
  const items = exists ? (uninstall ? [withSibling, none, browse] : [none, withSibling, browse]) : [none, browse];
  const pick = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Istio Initializer (optional automatic sidecar injection)') });
  if (!pick) {
    return undefined;
  }
  if (pick.choice === 'none') {
    return null;
  }
  return pick.choice === 'sibling' ? sibling : browseYaml(title);
}

/** Reads files as UTF-8 text (from disk, not from editors, so a large manifest is not opened as a document). */
async function readText(uri: vscode.Uri): Promise<string> {
  return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
}

/**
 * What installing or uninstalling the control plane sends: the release manifest, then the Initializer when one is
 * chosen (a delete runs in reverse order, so the Initializer goes first, as the guide says); undefined when cancelled.
 */
export async function controlPlaneManifests(title: string, uninstall: boolean): Promise<SourceText | undefined> {
  const release = await pickReleaseManifest(title);
  if (!release) {
    return undefined;
  }
  const init = await pickInitializer(release, title, uninstall);
  if (init === undefined) {
    return undefined;
  }
  const files = init ? [release, init] : [release];
  const text = joinManifests(await Promise.all(files.map(readText)));
  return { text, source: files.map((f) => path.posix.basename(f.path)).join(' + ') };
}
