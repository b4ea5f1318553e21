import * as vscode from 'vscode';
import type { PreviewInjectionParams } from '../../../server/src/protocol';
import { previewInjectionRequest } from '../../../server/src/protocol';
import type { CommandDeps } from '../commands/types';
import { istioctlSettings } from '../config';
import { renderWithIstioctl } from './istioctl';
import type { PreviewTarget } from './previewUri';
import { parsePreviewUri, previewUri, PREVIEW_SCHEME } from './previewUri';

/** Refresh delay after an edit of the source: one render per burst of typing. */
const REFRESH_DELAY_MS = 150;

/** Serves `istio-injected:` documents and refreshes them when their source changes. The source is never modified. */
export class InjectedDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: CommandDeps) {
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, this),
      vscode.workspace.onDidChangeTextDocument((e) => this.sourceChanged(e.document.uri)),
      this.changed,
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const target = parsePreviewUri(uri);
    if (!target) {
      return '# This preview link is not valid: open it again with "Istio: Preview Injected YAML".\n';
    }
    const r = await this.render(target, token);
    const src = vscode.Uri.parse(target.source);
    if (!r.ok) {
      return `# Sidecar injection failed for ${vscode.workspace.asRelativePath(src)}\n# ${r.error.replace(/\n/g, '\n# ')}\n`;
    }
    // Say who rendered it: the offline injector (and for which Istio) or the user's istioctl.
    return `# ${r.producedBy}. Read-only preview of ${vscode.workspace.asRelativePath(src)}.\n${r.text}`;
  }

  /** The injected text of a target, or why there is none. */
  async render(
    target: PreviewTarget,
    token?: vscode.CancellationToken,
  ): Promise<{ ok: true; text: string; producedBy: string } | { ok: false; error: string }> {
    if (target.renderer === 'istioctl') {
      const cfg = istioctlSettings();
      if (!cfg.path) {
        return { ok: false, error: 'Set "istio.istioctl.path" to render with istioctl.' };
      }
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.source));
      try {
        const text = await renderWithIstioctl(cfg.path, cfg.args, doc.getText());
        return { ok: true, text, producedBy: vscode.l10n.t('Rendered by istioctl kube-inject ({0})', cfg.path) };
      } catch (e) {
        return { ok: false, error: e instanceof Error ? e.message : String(e) };
      }
    }
    const client = this.deps.client();
    if (!client) {
      return { ok: false, error: 'The Istio language server is not running. Run "Istio: Restart Server" or "Istio: Show Logs".' };
    }
    const params: PreviewInjectionParams = { uri: target.source, style: target.style, ...(target.offset === undefined ? {} : { offset: target.offset }) };
    const r = await client.sendRequest(previewInjectionRequest, params, token);
    return r.ok
      ? {
          ok: true,
          text: r.text,
          producedBy: vscode.l10n.t('Rendered offline by Istio Mesh Tools from {0}, profile {1}', r.renderedBy, r.profile),
        }
      : { ok: false, error: r.error };
  }

  /** Opens the preview of a target beside the active editor. */
  async open(target: PreviewTarget): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(previewUri(target));
    await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
    return vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
  }

  private sourceChanged(source: vscode.Uri): void {
    if (source.scheme === PREVIEW_SCHEME) {
      return;
    }
    const key = source.toString();
    const open = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === PREVIEW_SCHEME && parsePreviewUri(d.uri)?.source === key);
    if (open.length === 0) {
      return;
    }
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        open.forEach((d) => this.changed.fire(d.uri));
      }, REFRESH_DELAY_MS),
    );
  }

  /**
   * Renders every open preview again: what it depends on beyond its source changed (an injector ConfigMap or chart
   * elsewhere in the workspace, the cluster's injector).
   */
  refreshAll(): void {
    const sources = new Set<string>();
    for (const d of vscode.workspace.textDocuments) {
      const source = d.uri.scheme === PREVIEW_SCHEME ? parsePreviewUri(d.uri)?.source : undefined;
      if (source !== undefined) {
        sources.add(source);
      }
    }
    sources.forEach((s) => this.sourceChanged(vscode.Uri.parse(s)));
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.disposables.forEach((d) => d.dispose());
  }
}
