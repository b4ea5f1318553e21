import type { DocumentDiagnosticReport } from 'vscode-languageserver/node';
import { DocumentDiagnosticReportKind } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LspContext } from './context';
import { toDiagnostic } from './convert';

/** Answers a pull-diagnostics request for one document. */
export async function documentDiagnostics(ctx: LspContext, uri: string): Promise<DocumentDiagnosticReport> {
  const doc = ctx.textDocument(uri);
  if (!doc) {
    return { kind: DocumentDiagnosticReportKind.Full, items: [] };
  }
  const settings = await ctx.settings.get(uri);
  const findings = ctx.service.validate(uri, settings);
  const others = new Map<string, TextDocument | undefined>();
  const lookup = (u: string): TextDocument | undefined => {
    if (!others.has(u)) {
      others.set(u, ctx.textDocument(u));
    }
    return others.get(u);
  };
  return {
    kind: DocumentDiagnosticReportKind.Full,
    items: findings.map((f) => toDiagnostic(doc, f, lookup)),
  };
}
