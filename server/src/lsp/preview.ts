import type { ReusedDoc } from '../core/inject/index';
import { injectText } from '../core/inject/index';
import { injectionInputs, injectionRevision } from '../core/injectionInputs';
import { isWorkload } from '../core/model/workload';
import type { PreviewInjectionParams, PreviewInjectionResult } from '../protocol';
import type { LspContext } from './context';

/** Answers `istio/previewInjection`: the injected YAML of a file or of the document at an offset. */
export async function previewInjection(ctx: LspContext, p: PreviewInjectionParams): Promise<PreviewInjectionResult> {
  const settings = await ctx.settings.get(p.uri);
  const profile = ctx.service.resolveProfile(settings, p.uri);
  const doc = ctx.textDocument(p.uri);
  const entry = ctx.service.index.get(p.uri);
  if (!doc || !entry) {
    return { ok: false, profile, error: 'This file is not open in the Istio language server. Open a YAML manifest first.' };
  }
  if (entry.parsed.skipped === 'template') {
    return { ok: false, profile, error: 'This file is a Helm/Go template. Render it (helm template) and preview the output.' };
  }
  let text = entry.text;
  let span = { start: 0, end: entry.text.length };
  if (p.offset !== undefined) {
    const d = entry.parsed.docs.find((x) => p.offset !== undefined && p.offset >= x.span.start && p.offset <= x.span.end);
    if (d) {
      text = entry.text.slice(d.span.start, d.span.end);
      span = d.span;
    }
  }
  // The injector of the revision that takes the (first) workload previewed.
  const workload = entry.objects.find((o) => isWorkload(o) && o.anchor.start >= span.start && o.anchor.start <= span.end);
  const revision = workload ? injectionRevision(workload, ctx.service.index, settings.defaultNamespace) : '';
  const cluster = ctx.clusterInjector(settings.injection.env, revision);
  const inputs = injectionInputs(profile, ctx.service.index, settings.injection, {
    revision,
    ...(cluster !== undefined && typeof cluster !== 'string' ? { cluster } : {}),
  });
  const style = p.style ?? 'minimal';
  // The preview is asked again after each edit: documents whose text, inputs and style did not change keep their
  // injected text from the previous answer for this preview.
  const slot = `${p.uri}\u0000${p.offset === undefined ? 'file' : 'document'}`;
  const key = `${style}\u0000${JSON.stringify(inputs)}`;
  const before = ctx.previews.get(slot);
  const previous = before?.key === key ? before.docs : undefined;
  const docs = new Map<string, ReusedDoc>();
  const r = injectText(text, inputs, style, {
    get: (t) => previous?.get(t) ?? docs.get(t),
    set: (t, d) => docs.set(t, d),
  });
  if (r.ok) {
    ctx.previews.set(slot, { key, docs });
  }
  return r.ok
    ? { ok: true, text: r.text, profile, warnings: r.warnings, renderedBy: r.renderedBy }
    : { ok: false, profile, error: r.error };
}
