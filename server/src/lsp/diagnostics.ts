import type { DocumentDiagnosticReport } from 'vscode-languageserver/node';
import { DocumentDiagnosticReportKind } from 'vscode-languageserver/node';
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
  return {
    kind: DocumentDiagnosticReportKind.Full,
    items: findings.map((f) => toDiagnostic(doc, f, (u) => ctx.textDocument(u))),
  };
}
