/** The single offset -> LSP conversion: ranges (CRLF, astral characters), severities, related information across files. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleDocsUrl, toDiagnostic, toOffset, toRange } from '../../../server/src/lsp/convert';
import type { Finding } from '../../../server/src/core/service';
import type { Severity } from '../../../server/src/core/settings';

const A = 'file:///ws/a.yaml';
const B = 'file:///ws/b.yaml';

function doc(uri: string, text: string): TextDocument {
  return TextDocument.create(uri, 'yaml', 1, text);
}

/** The span of the `n`th occurrence (0-based) of `needle` in `text`. */
function spanOf(text: string, needle: string, n = 0): { start: number; end: number } {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1);
  }
  assert.ok(at >= 0, `${needle} not in text`);
  return { start: at, end: at + needle.length };
}

function finding(over: Partial<Finding>): Finding {
  return {
    uri: A,
    span: { start: 0, end: 1 },
    severity: 'warning',
    code: 'svc-port-named',
    istioCode: 'IST0118',
    message: 'Port 80 is named "web"',
    resource: null,
    related: [],
    fixes: [],
    ...over,
  };
}

describe('toRange', () => {
  it('counts lines across CRLF line ends and never puts a position on the \\r', () => {
    const text = 'kind: Service\r\nmetadata:\r\n  name: web\r\n';
    const d = doc(A, text);
    assert.deepEqual(toRange(d, spanOf(text, 'web')), { start: { line: 2, character: 8 }, end: { line: 2, character: 11 } });
    assert.deepEqual(toRange(d, spanOf(text, 'metadata:')), { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } });
    // A span that takes in the line end (a YAML node's range often does) ends before the \r, not on it.
    const withEol = { start: text.indexOf('metadata:'), end: text.indexOf('metadata:') + 'metadata:\r'.length };
    assert.deepEqual(toRange(d, withEol).end, { line: 1, character: 9 });
  });

  it('counts characters in UTF-16 code units, as LSP does: an emoji is two', () => {
    const text = 'metadata:\n  annotations:\n    note: "\u{1F680} go"\n    x: web\n';
    const d = doc(A, text);
    // After `    note: "` (11 units) come the rocket (2 units) and a space: "go" starts at 14.
    assert.deepEqual(toRange(d, spanOf(text, 'go')), { start: { line: 2, character: 14 }, end: { line: 2, character: 16 } });
    assert.deepEqual(toRange(d, spanOf(text, '\u{1F680}')), { start: { line: 2, character: 11 }, end: { line: 2, character: 13 } });
    assert.deepEqual(toRange(d, spanOf(text, 'web')), { start: { line: 3, character: 7 }, end: { line: 3, character: 10 } });
  });

  it('toOffset is its inverse', () => {
    const text = 'a: "\u{1F600}"\r\nb: 1\n';
    const d = doc(A, text);
    const span = spanOf(text, 'b: 1');
    const r = toRange(d, span);
    assert.equal(toOffset(d, r.start), span.start);
    assert.equal(toOffset(d, r.end), span.end);
  });
});

describe('toDiagnostic', () => {
  const text = 'apiVersion: v1\nkind: Service\nspec:\n  ports:\n  - name: web\n    port: 80\n';

  it('maps every severity to its own LSP severity', () => {
    const want: Record<Severity, DiagnosticSeverity> = {
      error: DiagnosticSeverity.Error,
      warning: DiagnosticSeverity.Warning,
      info: DiagnosticSeverity.Information,
      hint: DiagnosticSeverity.Hint,
    };
    const seen = new Set<DiagnosticSeverity>();
    for (const [severity, lsp] of Object.entries(want) as [Severity, DiagnosticSeverity][]) {
      const got = toDiagnostic(doc(A, text), finding({ severity }), () => undefined).severity;
      assert.equal(got, lsp, severity);
      seen.add(got ?? 0);
    }
    assert.equal(seen.size, 4, 'no two severities may collapse into one');
  });

  it('puts the range, the rule id, the Istio code, the docs link and the offsets for code actions', () => {
    const d = toDiagnostic(doc(A, text), finding({ span: spanOf(text, 'web') }), () => undefined);
    assert.deepEqual(d.range, { start: { line: 4, character: 10 }, end: { line: 4, character: 13 } });
    assert.equal(d.code, 'svc-port-named');
    assert.equal(d.source, 'istio');
    assert.equal(d.message, 'Port 80 is named "web" (IST0118)');
    assert.equal(d.codeDescription?.href, ruleDocsUrl('svc-port-named'));
    assert.match(ruleDocsUrl('svc-port-named'), /\/docs\/rules\/svc-port-named\.md$/);
    const { start, end } = spanOf(text, 'web');
    assert.deepEqual(d.data, { start, end, code: 'svc-port-named' });
    assert.equal(d.relatedInformation, undefined, 'no empty related list');
  });

  it('a finding without an Istio code keeps its message; yaml-syntax gets no docs link', () => {
    const plain = toDiagnostic(doc(A, text), finding({ istioCode: null, code: 'workload-app-label', message: 'm' }), () => undefined);
    assert.equal(plain.message, 'm');
    const syntax = toDiagnostic(doc(A, text), finding({ istioCode: null, code: 'yaml-syntax' }), () => undefined);
    assert.equal(syntax.codeDescription, undefined);
  });

  it('places related information in its own file, with that file\'s lines and characters', () => {
    const other = '# the workload\r\napiVersion: apps/v1\r\nkind: Deployment\r\nmetadata:\r\n  name: "\u{1F680}web"\r\n';
    const docs = new Map([[B, doc(B, other)]]);
    const f = finding({
      span: spanOf(text, 'web'),
      related: [
        { uri: B, span: spanOf(other, 'web'), message: 'selected here' },
        { uri: A, span: spanOf(text, 'port: 80'), message: 'same file' },
        { uri: 'file:///ws/gone.yaml', span: { start: 0, end: 3 }, message: 'unknown file' },
      ],
    });
    const d = toDiagnostic(doc(A, text), f, (uri) => docs.get(uri));
    assert.deepEqual(d.relatedInformation, [
      {
        location: { uri: B, range: { start: { line: 4, character: 11 }, end: { line: 4, character: 14 } } },
        message: 'selected here',
      },
      {
        location: { uri: A, range: { start: { line: 5, character: 4 }, end: { line: 5, character: 12 } } },
        message: 'same file',
      },
    ]);
  });
});
