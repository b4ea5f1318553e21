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
  return { kind: DocumentDiagnosticReportKind.Full, items: fileDiagnostics(ctx, uri, await ctx.settings.get(uri)) };
}

/**
 * A file's findings as LSP diagnostics; related locations in other files are placed with those files' text. The
 * file's document (and its line table) is made only when there is something to place: most files of a workspace
 * have no findings, and a document kept for each of them is memory for nothing.
 */
export function fileDiagnostics(ctx: LspContext, uri: string, settings: CoreSettings): Diagnostic[] {
  const findings = ctx.service.validate(uri, settings);
  if (findings.length === 0) {
    return [];
  }
  const doc = ctx.textDocument(uri);
  if (!doc) {
    return [];
  }
  const others = new Map<string, TextDocument | undefined>();
  const lookup = (u: string): TextDocument | undefined => {
    if (!others.has(u)) {
      others.set(u, ctx.textDocument(u));
    }
    return others.get(u);
  };
  return findings.map((f) => toDiagnostic(doc, f, lookup));
}
