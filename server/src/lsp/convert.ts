import type { Diagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../core/service';
import type { Severity } from '../core/settings';
import type { Span } from '../core/yaml/spans';
import { DIAGNOSTIC_SOURCE } from '../protocol';

/** Looks up the text of a file (open or on disk) to turn offsets into positions. */
export type DocumentLookup = (uri: string) => TextDocument | undefined;

/** The one place where offsets become LSP ranges. */
export function toRange(doc: TextDocument, span: Span): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

/** Offset of an LSP position. */
export function toOffset(doc: TextDocument, position: { line: number; character: number }): number {
  return doc.offsetAt(position);
}

const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Where the docs page of a rule lives, linked from each diagnostic. */
export function ruleDocsUrl(code: string): string {
  return `https://github.com/istio-mesh-tools/istio-mesh-tools/blob/main/docs/rules/${code}.md`;
}

/** A finding as an LSP diagnostic; `data` carries what code actions need to find it again. */
export function toDiagnostic(doc: TextDocument, f: Finding, lookup: DocumentLookup): Diagnostic {
  const related: DiagnosticRelatedInformation[] = [];
  for (const r of f.related) {
    const other = r.uri === doc.uri ? doc : lookup(r.uri);
    if (other) {
      related.push({ location: { uri: r.uri, range: toRange(other, r.span) }, message: r.message });
    }
  }
  const message = f.istioCode ? `${f.message} (${f.istioCode})` : f.message;
  const d: Diagnostic = {
    range: toRange(doc, f.span),
    severity: SEVERITY[f.severity],
    code: f.code,
    source: DIAGNOSTIC_SOURCE,
    message,
    data: { start: f.span.start, end: f.span.end, code: f.code },
  };
  if (f.code !== 'yaml-syntax') {
    d.codeDescription = { href: ruleDocsUrl(f.code) };
  }
  if (related.length > 0) {
    d.relatedInformation = related;
  }
  return d;
}
