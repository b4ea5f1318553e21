import type { CodeAction, CodeActionParams } from 'vscode-languageserver/node';
import { CodeActionKind } from 'vscode-languageserver/node';
import type { LspContext } from './context';
import { toOffset, toRange } from './convert';

/** Quick fixes for the findings under the cursor, plus "disable for this line". */
export async function codeActions(ctx: LspContext, params: CodeActionParams): Promise<CodeAction[]> {
  const uri = params.textDocument.uri;
  const doc = ctx.textDocument(uri);
  if (!doc) {
    return [];
  }
  const settings = await ctx.settings.get(uri);
  const start = toOffset(doc, params.range.start);
  const end = toOffset(doc, params.range.end);
  const actions: CodeAction[] = [];
  for (const f of ctx.service.validate(uri, settings)) {
    if (f.span.end < start || f.span.start > end || f.code === 'yaml-syntax') {
      continue;
    }
    const diagnostic = params.context.diagnostics.find((d) => d.code === f.code && doc.offsetAt(d.range.start) === f.span.start);
    for (const fix of f.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        isPreferred: fix.preferred ?? false,
        ...(diagnostic ? { diagnostics: [diagnostic] } : {}),
        edit: { changes: { [uri]: fix.edits.map((e) => ({ range: toRange(doc, e.span), newText: e.newText })) } },
      });
    }
    const line = doc.positionAt(f.span.start).line;
    const lineText = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
    const indent = /^[ \t-]*/.exec(lineText)?.[0].replace(/-/g, ' ') ?? '';
    actions.push({
      title: `Disable ${f.code} for this line`,
      kind: CodeActionKind.QuickFix,
      ...(diagnostic ? { diagnostics: [diagnostic] } : {}),
      edit: {
        changes: {
          [uri]: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}# istio-mesh-disable-next-line ${f.code}\n` }],
        },
      },
    });
  }
  return actions;
}
