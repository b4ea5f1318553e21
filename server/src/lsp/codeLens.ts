import type { CodeLens, CodeLensParams } from 'vscode-languageserver/node';
import { routeLenses } from '../core/editorHelp/routeLens';
import { decideInjection } from '../core/injectionDecision';
import type { ClusterInjector } from '../core/injectionInputs';
import { isWorkload } from '../core/model/workload';
import type { LspContext } from './context';
import { toRange } from './convert';

/**
 * Over each workload: will a sidecar be injected and why, with a "Preview injected" action; over each VirtualService
 * route rule: where its traffic goes.
 */
export async function codeLenses(ctx: LspContext, p: CodeLensParams): Promise<CodeLens[]> {
  const uri = p.textDocument.uri;
  const doc = ctx.textDocument(uri);
  const entry = ctx.service.index.get(uri);
  if (!doc || !entry) {
    return [];
  }
  const settings = await ctx.settings.get(uri);
  if (!settings.enable) {
    return [];
  }
  const profile = ctx.service.resolveProfile(settings, uri);
  const lenses: CodeLens[] = [];
  const clusterFor = (revision: string): ClusterInjector | undefined => {
    const c = ctx.clusterInjector(settings.injection.env, revision);
    return typeof c === 'string' ? undefined : c;
  };
  for (const obj of entry.objects.filter(isWorkload)) {
    const d = decideInjection(
      obj,
      profile,
      ctx.service.index,
      settings.defaultNamespace,
      settings.injection,
      clusterFor,
    );
    const range = toRange(doc, obj.anchor);
    const verdict = d.inject === 'unknown' ? 'depends on the cluster' : d.inject ? 'injected' : 'not injected';
    lenses.push({
      range,
      // An empty command id makes the lens plain text: it informs, the next lens acts.
      command: { title: `Sidecar: ${verdict} — ${d.reason}`, command: '' },
    });
    lenses.push({
      range,
      // Say whose templates the preview renders when they are the installation's own; the built-in ones go unsaid.
      command: {
        title: d.renderedFrom !== undefined ? `Preview injected (${d.renderedFrom})` : 'Preview injected',
        command: 'istio.previewWorkloadInjection',
        arguments: [uri, obj.anchor.start],
      },
    });
  }
  for (const l of routeLenses(entry, settings.defaultNamespace)) {
    lenses.push({ range: toRange(doc, l.span), command: { title: l.title, command: '' } });
  }
  return lenses;
}
