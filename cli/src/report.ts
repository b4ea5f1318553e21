import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../../server/src/core/service';
import type { Rule } from '../../server/src/core/rules/rule';
import { allRules } from '../../server/src/core/rules/registry';
import { istioAnalyzerFor, istioAnalyzerOf } from '../../server/src/core/rules/shared/istioAnalyzer';

/** One finding in the JSON contract of `check --format json` (see ARCHITECTURE.md). */
export interface JsonFinding {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: string;
  code: string;
  istioCode: string | null;
  /** The Istio analyzer the rule mirrors (several report one code), when it names one. */
  istioAnalyzer?: string;
  message: string;
  resource: { kind: string; namespace: string | null; name: string } | null;
}

const RULES: ReadonlyMap<string, Rule> = new Map(allRules.map((r) => [r.id, r]));

/** Findings with positions, ready to print. */
export function toJsonFindings(file: string, text: string, findings: readonly Finding[]): JsonFinding[] {
  const doc = TextDocument.create(file, 'yaml', 0, text);
  return findings.map((f) => {
    const rule = RULES.get(f.code);
    const analyzer = rule ? (f.resource ? istioAnalyzerFor(rule, f.resource.kind) : istioAnalyzerOf(rule)) : undefined;
    return {
      file,
      range: { start: doc.positionAt(f.span.start), end: doc.positionAt(f.span.end) },
      severity: f.severity,
      code: f.code,
      istioCode: f.istioCode,
      ...(analyzer ? { istioAnalyzer: analyzer } : {}),
      message: f.message,
      resource: f.resource,
    };
  });
}

/** `file:line:col: severity code [IST…] message` lines, like compilers print. */
export function formatText(findings: readonly JsonFinding[]): string {
  if (findings.length === 0) {
    return 'No findings.\n';
  }
  const lines = findings.map((f) => {
    const ist = f.istioCode ? ` ${f.istioCode}` : '';
    return `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.code}${ist} ${f.message}`;
  });
  const errors = findings.filter((f) => f.severity === 'error').length;
  return `${lines.join('\n')}\n\n${findings.length} finding(s), ${errors} error(s).\n`;
}

const SARIF_LEVEL: Readonly<Record<string, string>> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** SARIF 2.1.0, for code-scanning uploads in CI. */
export function formatSarif(findings: readonly JsonFinding[], rules: readonly Rule[], version: string): string {
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'istio-mesh',
            version,
            informationUri: 'https://github.com/istio-mesh-tools/istio-mesh-tools',
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.description },
              properties: r.istioCode ? { istioCode: r.istioCode } : {},
            })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.code,
          level: SARIF_LEVEL[f.severity] ?? 'note',
          message: { text: f.istioCode ? `${f.message} (${f.istioCode})` : f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file.split('\\').join('/') },
                region: {
                  startLine: f.range.start.line + 1,
                  startColumn: f.range.start.character + 1,
                  endLine: f.range.end.line + 1,
                  endColumn: f.range.end.character + 1,
                },
              },
            },
          ],
        })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
