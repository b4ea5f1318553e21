import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { objectsOfDocument } from '../../../server/src/core/model/k8sObject';
import { parseFile } from '../../../server/src/core/yaml/parse';
import { nodeSpan } from '../../../server/src/core/yaml/spans';
import { MutableWorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';

describe('parseFile', () => {
  it('keeps every document with offsets into the whole file', () => {
    const text = 'a: 1\n---\nkind: Service\napiVersion: v1\nmetadata:\n  name: x\n';
    const f = parseFile(text);
    assert.equal(f.docs.length, 2);
    const second = f.docs[1];
    assert.ok(second);
    const objs = objectsOfDocument('u', 1, second.contents);
    assert.equal(objs.length, 1);
    const o = objs[0];
    assert.ok(o);
    assert.equal(text.slice(o.anchor.start, o.anchor.end), 'Service');
    assert.equal(o.name, 'x');
    assert.equal(o.namespace, undefined);
  });

  it('skips Helm templates without errors', () => {
    const f = parseFile('apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\n');
    assert.equal(f.skipped, 'template');
    assert.equal(f.docs.length, 0);
    // After a block scalar ends, a `{{` is a template again.
    assert.equal(parseFile('data:\n  a: |\n    {{ text }}\n  b: {{ .Values.b }}\n').skipped, 'template');
  });

  it('reads `{{` in quoted values and block scalars as text', () => {
    for (const text of [
      'kind: ConfigMap\ndata:\n  a: "{{ .x }}"\n',
      'kind: ConfigMap\ndata:\n  a: |-\n    {{ .x }}\n\n    {{ .y }}\n  b: c\n',
      'kind: ConfigMap\ndata:\n  list:\n  - >\n    {{ .x }}\n',
    ]) {
      const f = parseFile(text);
      assert.equal(f.skipped, undefined, text);
      assert.equal(f.docs.length, 1);
    }
  });

  it('reports duplicate keys and syntax errors per document', () => {
    const f = parseFile('a: 1\na: 2\n---\nb: [\n');
    assert.equal(f.docs.length, 2);
    assert.ok((f.docs[0]?.errors.length ?? 0) > 0);
    assert.ok((f.docs[1]?.errors.length ?? 0) > 0);
  });

  it('reports an alias that no anchor before it names, as kubectl refuses it', () => {
    const text = 'a: &x 1\nb: *x\n---\nc: *x\nd: *later\ne: &later 2\n';
    const f = parseFile(text);
    assert.deepEqual(f.docs[0]?.errors, [], 'an alias after its anchor is fine');
    const errors = f.docs[1]?.errors ?? [];
    assert.deepEqual(
      errors.map((e) => text.slice(e.span.start, e.span.end)),
      ['*x', '*later'],
      'an anchor of another document, or one after the alias, is not found',
    );
    assert.match(errors[0]?.message ?? '', /^Unknown anchor "x": an alias \(\*x\) must come after the anchor \(&x\)/);
  });

  it('reads List items as objects of their own, and JSON manifests', () => {
    const list = '{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Service","metadata":{"name":"a"}},{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"b","namespace":"ns"}}]}';
    const f = parseFile(list);
    const objs = objectsOfDocument('u', 0, f.docs[0]?.contents);
    assert.deepEqual(objs.map((o) => [o.kind, o.name, o.namespace, o.itemIndex]), [
      ['Service', 'a', undefined, 0],
      ['Deployment', 'b', 'ns', 1],
    ]);
  });

  it('ends a block map span at its last value, not at the next line', () => {
    const text = 'ports:\n  - port: 80\n    targetPort: 8080\n  - port: 81\n';
    const f = parseFile(text);
    const contents = f.docs[0]?.contents as { items: { value: { items: unknown[] } }[] };
    const first = contents.items[0]?.value.items[0] as Parameters<typeof nodeSpan>[0];
    const span = nodeSpan(first);
    assert.ok(span);
    assert.equal(text.slice(span.start, span.end), 'port: 80\n    targetPort: 8080');
  });

  it('counts offsets in UTF-16 units and keeps CRLF', () => {
    const text = '# 注释 😀\r\napiVersion: v1\r\nkind: Service\r\nmetadata:\r\n  name: ü\r\n';
    const f = parseFile(text);
    const o = objectsOfDocument('u', 0, f.docs[0]?.contents)[0];
    assert.ok(o);
    assert.equal(text.slice(o.anchor.start, o.anchor.end), 'Service');
    assert.equal(o.name, 'ü');
  });
});

describe('WorkspaceIndex', () => {
  it('replaces and removes files, and looks objects up by kind', () => {
    const idx = new MutableWorkspaceIndex();
    idx.set('a', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s1\n');
    idx.set('b', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s2\n');
    assert.deepEqual(idx.ofKind('Service').map((o) => o.name).sort(), ['s1', 's2']);
    idx.set('a', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n');
    assert.deepEqual(idx.ofKind('Service').map((o) => o.name), ['s2']);
    assert.equal(idx.ofKind('ConfigMap').length, 1);
    idx.remove('b');
    assert.equal(idx.ofKind('Service').length, 0);
  });

  it('reuses the entry when the text did not change', () => {
    const idx = new MutableWorkspaceIndex();
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s1\n';
    const first = idx.set('a', text, 1);
    assert.equal(idx.set('a', text, 1), first);
    assert.equal(idx.set('a', text, 2).parsed, first.parsed);
  });
});

describe('incremental parse', () => {
  const doc = (i: number) => `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\nspec:\n  ports:\n  - port: ${8000 + i}\n`;
  it('reuses unchanged documents and moves their offsets after an edit above them', () => {
    const before = Array.from({ length: 5 }, (_, i) => doc(i)).join('');
    const first = parseFile(before);
    const after = before.replace('name: s1', 'name: service-one');
    const second = parseFile(after, first);
    assert.equal(second.docs.length, 5);
    assert.equal(second.docs[0]?.contents, first.docs[0]?.contents, 'the document above the edit is reused');
    assert.equal(second.docs[3]?.contents, first.docs[3]?.contents, 'documents below the edit are reused');
    assert.notEqual(second.docs[1]?.contents, first.docs[1]?.contents);
    const fresh = parseFile(after);
    for (let i = 0; i < 5; i++) {
      const a = objectsOfDocument('u', i, second.docs[i]?.contents)[0];
      const b = objectsOfDocument('u', i, fresh.docs[i]?.contents)[0];
      assert.deepEqual(a?.anchor, b?.anchor, `document ${i} offsets match a fresh parse`);
      assert.equal(after.slice(a?.anchor.start, a?.anchor.end), 'Service');
    }
  });

  it('parses files with directives whole', () => {
    const f = parseFile('%YAML 1.2\n---\na: 1\n---\nb: 2\n');
    assert.equal(f.docs.length, 2);
  });
});

describe('isTemplate', () => {
  it('sees template actions outside quotes, not inside quoted values or comments', async () => {
    const { isTemplate } = await import('../../../server/src/core/yaml/parse');
    assert.equal(isTemplate('metadata:\n  name: {{ .Values.name }}\n'), true);
    assert.equal(isTemplate('{{- if .Values.enabled }}\nkind: Service\n{{- end }}\n'), true);
    assert.equal(isTemplate('metadata:\n  annotations:\n    note: "uses {{ braces }} in text"\n'), false);
    assert.equal(isTemplate("a: 'it''s {{ x }}'\n# {{ not a template }}\n"), false);
  });
});

describe('aliases and merge keys', () => {
  it('are followed by the model, as kubectl reads them', async () => {
    const { MeshService } = await import('../../../server/src/core/service');
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  labels: &labels
    app: cart
    version: v1
spec:
  selector:
    matchLabels: *labels
  template:
    metadata:
      labels:
        <<: *labels
        tier: web
    spec:
      containers:
        - name: cart
          image: cart:1
`;
    const s = new MeshService();
    s.setFile('file:///a.yaml', text);
    const codes = s.validate('file:///a.yaml').map((f) => f.code);
    assert.ok(!codes.includes('workload-app-label'), codes.join());
    assert.ok(!codes.includes('workload-version-label'), codes.join());
    const { podTemplate } = await import('../../../server/src/core/model/workload');
    const obj = s.index.get('file:///a.yaml')?.objects[0];
    assert.ok(obj);
    assert.deepEqual(podTemplate(obj)?.labels, { tier: 'web', app: 'cart', version: 'v1' });
  });

  it('survive an alias cycle and an unknown anchor', () => {
    const f = parseFile('a: &x\n  b: *x\nc: *nope\n');
    assert.equal(f.docs.length, 1);
  });
});
