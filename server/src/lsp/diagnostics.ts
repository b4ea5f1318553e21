import type { Diagnostic, DocumentDiagnosticReport } from 'vscode-languageserver/node';
import { DocumentDiagnosticReportKind } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CoreSettings } from '../core/settings';
import type { LspContext } from './context';
import { toDiagnostic } from './convert';

/** Answers a pull-diagnostics request for one document. */
export async function documentDiagnostics(ctx: LspContext, uri: string): Promise<DocumentDiagnosticReport> {
  const doc = ctx.textDocument(uri);
  if (!doc) {
    return { kind: DocumentDiagnosticReportKind.Full, items: [] };
  }
  return { kind: DocumentDiagnosticReportKind.Full, items: fileDiagnostics(ctx, doc, await ctx.settings.get(uri)) };
}

/** A file's findings as LSP diagnostics; related locations in other files are placed with those files' text. */
export function fileDiagnostics(ctx: LspContext, doc: TextDocument, settings: CoreSettings): Diagnostic[] {
  const findings = ctx.service.validate(doc.uri, settings);
  const others = new Map<string, TextDocument | undefined>();
  const lookup = (u: string): TextDocument | undefined => {
    if (!others.has(u)) {
      others.set(u, ctx.textDocument(u));
    }
    return others.get(u);
  };
  return findings.map((f) => toDiagnostic(doc, f, lookup));
}
