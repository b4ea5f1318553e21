import type { CodeAction, CodeActionParams, TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import type { TextEdit } from '../core/rules/rule';
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
      const changes = workspaceChanges(ctx, uri, fix.edits);
      if (!changes) {
        continue;
      }
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        isPreferred: fix.preferred ?? false,
        ...(diagnostic ? { diagnostics: [diagnostic] } : {}),
        edit: { changes },
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

/** A fix's edits by file (the finding's, or the one an edit names); undefined when a file is no longer known. */
function workspaceChanges(ctx: LspContext, uri: string, edits: readonly TextEdit[]): Record<string, LspTextEdit[]> | undefined {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of edits) {
    const target = e.uri ?? uri;
    const doc = ctx.textDocument(target);
    if (!doc) {
      return undefined;
    }
    (changes[target] ??= []).push({ range: toRange(doc, e.span), newText: e.newText });
  }
  return changes;
}
