import * as vscode from 'vscode';
import { istioctlSettings } from '../config';
import { requireTrust } from '../cluster/ui/trust';
import type { PreviewTarget, Renderer } from '../preview/previewUri';
import { PREVIEW_SCHEME, previewUri } from '../preview/previewUri';
import { noSource, resolveSource } from './source';
import type { Command, CommandDeps, CommandFactory, CommandTable } from './types';

/** Restricted Mode is explained once per window, not on every preview a CodeLens opens. */
let toldUntrusted = false;

/** When the user has an istioctl, let them choose who renders. */
async function pickRenderer(): Promise<Renderer | undefined> {
  const { path, blocked } = istioctlSettings();
  if (blocked?.why === 'untrusted' && !toldUntrusted) {
    toldUntrusted = true;
    void requireTrust('istioctl');
  } else if (blocked?.why === 'arguments') {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} The offline injector renders the preview instead.', blocked.message));
  }
  if (!path) {
    return 'offline';
  }
  const offline = { label: vscode.l10n.t('Istio Mesh Tools (offline injector)'), renderer: 'offline' as const };
  const istioctl = { label: vscode.l10n.t('istioctl kube-inject ({0})', path), renderer: 'istioctl' as const };
  const pick = await vscode.window.showQuickPick([offline, istioctl], { title: vscode.l10n.t('Render the injected YAML with') });
  return pick?.renderer;
}

async function targetFor(arg: unknown, offset?: number): Promise<PreviewTarget | undefined> {
  const src = resolveSource(arg)?.uri;
  if (!src) {
    return noSource();
  }
  const renderer = await pickRenderer();
  if (!renderer) {
    return undefined;
  }
  return { source: src.toString(), style: 'minimal', renderer, ...(offset === undefined ? {} : { offset }) };
}

/** The injected text of the active source, or a message saying why there is none. */
async function renderedText(deps: CommandDeps, arg: unknown): Promise<string | undefined> {
  const target = await targetFor(arg);
  if (!target) {
    return undefined;
  }
  const r = await deps.previews.render(target);
  if (!r.ok) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Sidecar injection failed: {0}', r.error));
    return undefined;
  }
  return r.text;
}

/**
 * Without the server only the user's istioctl can render: the command runs when one is set, else says the server is
 * not running (the table's fallback).
 */
function orIstioctl(factory: CommandFactory): Command {
  return {
    enabled: factory,
    disabled: (deps, notRunning) => {
      const run = factory(deps);
      return (...args: unknown[]) => (istioctlSettings().path ? run(...args) : notRunning());
    },
  };
}

const previewInjection: CommandFactory = (deps) => async (arg?: unknown) => {
  const target = await targetFor(arg);
  if (target) {
    await deps.previews.open(target);
  }
};

const previewWorkloadInjection: CommandFactory = (deps) => async (arg?: unknown, offset?: unknown) => {
  let at = typeof offset === 'number' ? offset : undefined;
  const editor = vscode.window.activeTextEditor;
  if (at === undefined && editor && editor.document.uri.scheme !== PREVIEW_SCHEME) {
    at = editor.document.offsetAt(editor.selection.active);
  }
  const target = await targetFor(arg ?? editor?.document.uri, at);
  if (target) {
    await deps.previews.open(target);
  }
};

const showInjectionDiff: CommandFactory = () => async (arg?: unknown) => {
  const src = resolveSource(arg)?.uri;
  if (!src) {
    return noSource();
  }
  const right = previewUri({ source: src.toString(), style: 'minimal', renderer: 'offline' });
  const title = vscode.l10n.t('{0} ↔ injected', vscode.workspace.asRelativePath(src));
  await vscode.commands.executeCommand('vscode.diff', src, right, title, { preview: false });
  return undefined;
};

const copyInjected: CommandFactory = (deps) => async (arg?: unknown) => {
  const text = await renderedText(deps, arg);
  if (text !== undefined) {
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(vscode.l10n.t('Injected YAML copied to the clipboard.'));
  }
};

const saveInjected: CommandFactory = (deps) => async (arg?: unknown) => {
  const src = resolveSource(arg)?.uri;
  if (!src) {
    return noSource();
  }
  const text = await renderedText(deps, src);
  if (text === undefined) {
    return undefined;
  }
  const suggested = src.with({ path: src.path.replace(/(\.ya?ml)?$/i, '.injected.yaml') });
  const dest = await vscode.window.showSaveDialog({ defaultUri: suggested, filters: { YAML: ['yaml', 'yml'] } });
  if (!dest) {
    return undefined;
  }
  if (dest.toString() === src.toString()) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Choose another file: the injected YAML never replaces its source.'));
    return undefined;
  }
  await vscode.workspace.fs.writeFile(dest, Buffer.from(text, 'utf8'));
  void vscode.window.showInformationMessage(vscode.l10n.t('Saved the injected YAML to {0}.', vscode.workspace.asRelativePath(dest)));
  return undefined;
};

/** Preview, diff, copy and save the injected YAML; the offline injector runs in the language server. */
export const previewCommands: CommandTable = {
  'istio.previewInjection': orIstioctl(previewInjection),
  'istio.previewWorkloadInjection': orIstioctl(previewWorkloadInjection),
  // The diff always shows the offline injector's output.
  'istio.showInjectionDiff': { enabled: showInjectionDiff },
  'istio.copyInjected': orIstioctl(copyInjected),
  'istio.saveInjected': orIstioctl(saveInjected),
};
