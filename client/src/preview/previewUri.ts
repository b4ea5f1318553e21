import * as vscode from 'vscode';
import type { PreviewStyle } from '../../../server/src/protocol';

/** The scheme of read-only injected previews. */
export const PREVIEW_SCHEME = 'istio-injected';

/** Who renders a preview: our offline injector or the user's istioctl. */
export type Renderer = 'offline' | 'istioctl';

/** What a preview document shows: which source, which part of it, how. */
export interface PreviewTarget {
  readonly source: string;
  readonly offset?: number;
  readonly style: PreviewStyle;
  readonly renderer: Renderer;
}

/** `istio-injected:/path/name.injected.yaml?<target JSON>`: the path gives the tab a readable title. */
export function previewUri(t: PreviewTarget): vscode.Uri {
  const src = vscode.Uri.parse(t.source);
  const base = src.path.replace(/\.(ya?ml|json)$/i, '');
  const suffix = t.offset === undefined ? '' : `@${t.offset}`;
  return vscode.Uri.from({
    scheme: PREVIEW_SCHEME,
    path: `${base}${suffix}.injected.yaml`,
    query: JSON.stringify(t),
  });
}

/** Reads the target back from a preview URI; undefined for URIs we did not make. */
export function parsePreviewUri(uri: vscode.Uri): PreviewTarget | undefined {
  if (uri.scheme !== PREVIEW_SCHEME) {
    return undefined;
  }
  try {
    const t = JSON.parse(uri.query) as Partial<PreviewTarget>;
    if (typeof t.source !== 'string') {
      return undefined;
    }
    return {
      source: t.source,
      ...(typeof t.offset === 'number' ? { offset: t.offset } : {}),
      style: t.style === 'istioctl' ? 'istioctl' : 'minimal',
      renderer: t.renderer === 'istioctl' ? 'istioctl' : 'offline',
    };
  } catch {
    return undefined;
  }
}
