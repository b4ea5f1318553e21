import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { documentAt, documentSpans, joinManifests, textChoices } from '../../../client/src/cluster/ui/selection';
import { parseManifest } from '../../../client/src/cluster/manifest';
import { l10n } from './support';

const SVC = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: details\nspec:\n  ports:\n  - name: http\n    port: 9080\n';
const DEP = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: details-v1\n  namespace: bookinfo\nspec: {}\n';
const TWO = `# Bookinfo details\n${SVC}---\n${DEP}# trailing comment\n`;

const at = (text: string, needle: string): number => {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `"${needle}" not in text`);
  return i;
};

describe('documentSpans', () => {
  test('spans cover the text contiguously; kind, name and namespace are read', () => {
    const spans = documentSpans(TWO);
    assert.equal(spans.length, 2);
    assert.equal(spans[0]!.start, 0);
    assert.equal(spans[1]!.start, spans[0]!.end);
    assert.equal(spans[1]!.end, TWO.length);
    assert.deepEqual(
      spans.map((s) => [s.kind, s.name, s.namespace]),
      [
        ['Service', 'details', undefined],
        ['Deployment', 'details-v1', 'bookinfo'],
      ],
    );
    assert.ok(spans[1]!.text.includes('kind: Deployment'));
    assert.ok(!spans[1]!.text.includes('kind: Service'));
  });

  test('empty documents are skipped, a broken one is still a document', () => {
    const spans = documentSpans(`---\n---\n${SVC}---\nkind: [unclosed\n`);
    assert.equal(spans.length, 2);
    assert.equal(spans[0]!.kind, 'Service');
    assert.equal(spans[1]!.kind, undefined);
  });

  test('documentAt: the comment before the first document belongs to it; trailing text to the last', () => {
    const spans = documentSpans(TWO);
    assert.equal(documentAt(spans, 0)?.kind, 'Service');
    assert.equal(documentAt(spans, at(TWO, 'details-v1'))?.kind, 'Deployment');
    assert.equal(documentAt(spans, TWO.length)?.kind, 'Deployment');
  });
});

describe('textChoices', () => {
  const input = (text: string, selStart: number, selEnd: number, cursor = selEnd) => ({ text, fileName: 'details.yaml', selection: { start: selStart, end: selEnd }, cursor });

  test('one document and no selection: only the file, nothing to ask', () => {
    const c = textChoices(l10n, input(SVC, 3, 3));
    assert.deepEqual(c.map((x) => x.kind), ['file']);
    assert.equal(c[0]!.source, 'details.yaml');
  });

  test('several documents: the file first, then the document at the cursor with an offset inside it', () => {
    const cursor = at(TWO, 'details-v1');
    const c = textChoices(l10n, input(TWO, cursor, cursor));
    assert.deepEqual(c.map((x) => x.kind), ['file', 'document']);
    const doc = c[1]!;
    assert.equal(doc.label, 'The document at the cursor: Deployment bookinfo/details-v1');
    assert.equal(doc.source, 'details.yaml (Deployment bookinfo/details-v1)');
    assert.equal(doc.offset, cursor);
    const parsed = parseManifest(doc.text);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.objects.map((o) => o.ref.name), ['details-v1']);
  });

  test('a cursor on the --- line gives an offset inside the document it starts', () => {
    const cursor = at(TWO, '---');
    const c = textChoices(l10n, input(TWO, cursor, cursor));
    const doc = c.find((x) => x.kind === 'document')!;
    assert.equal(doc.label, 'The document at the cursor: Deployment bookinfo/details-v1');
    assert.ok(doc.offset! > cursor && TWO.slice(doc.offset!).startsWith('apiVersion: apps/v1'));
  });

  test('a selection comes first, with its lines; selecting everything is just the file', () => {
    const start = at(TWO, 'apiVersion: apps/v1');
    const c = textChoices(l10n, input(TWO, start, TWO.length, TWO.length));
    assert.deepEqual(c.map((x) => x.kind), ['selection', 'file', 'document']);
    assert.equal(c[0]!.source, 'details.yaml (selection)');
    assert.equal(c[0]!.detail, 'lines 11–18');
    assert.equal(c[0]!.text, TWO.slice(start));
    assert.deepEqual(textChoices(l10n, input(SVC, 0, SVC.length)).map((x) => x.kind), ['file']);
    // a selection made backwards (anchor after the active end) is the same text
    assert.equal(textChoices(l10n, input(TWO, TWO.length, start, start))[0]!.text, TWO.slice(start));
  });

  test('allowSelection: false (injected preview) ignores the selection', () => {
    const start = at(TWO, 'kind: Deployment');
    assert.deepEqual(textChoices(l10n, input(TWO, start, start + 10), { allowSelection: false }).map((x) => x.kind), ['file', 'document']);
  });

  test('a blank selection is no selection', () => {
    assert.deepEqual(textChoices(l10n, input(`${SVC}\n\n`, SVC.length, SVC.length + 2)).map((x) => x.kind), ['file']);
  });
});

test('joinManifests keeps every document of every file, in order', () => {
  const joined = joinManifests([SVC.trimEnd(), DEP]);
  const parsed = parseManifest(joined);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.objects.map((o) => o.ref.kind), ['Service', 'Deployment']);
});
