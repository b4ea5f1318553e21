import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MeshService } from '../../../server/src/core/service';
import { isTemplate } from '../../../server/src/core/yaml/parse';

/** A file is skipped as a Go/Helm template only when it is one: `{{` in any scalar, or a comment, is text. */
describe('template detection', () => {
  it('reads `{{` inside scalars as text: plain, quoted, block, on one line or several', () => {
    const text: Record<string, string> = {
      'double-quoted, continuation line': 'a: "first line\n  {{ .Values.x }} on the next"\n',
      'single-quoted, continuation line': "a: 'first\n  {{ x }}'\n",
      'plain, continuation line': 'a: first\n  {{ x }} more\n',
      'plain, one line': 'image: repo/{{ .Values.tag }}\n',
      'plain in a sequence': 'args:\n  - --format={{ .Name }}\n',
      'block literal': 'data:\n  t: |\n    {{ .Values.x }}\n',
      'block folded, keep': 'data:\n  t: >+\n    {{ .Values.x }}\n\n',
      'comment': 'a: 1 # {{ x }}\n# {{ y }}\n',
      'quoted key': '"{{ k }}": v\n',
      'flow sequence item, quoted': 'a: ["{{ x }}"]\n',
      'JSON': '{"a": "{{ x }}"}\n',
      'after a BOM': '\ufeffa: "{{ x }}"\n',
      'several documents': 'a: 1\n---\nb: "x\n  {{ y }}"\n---\nc: |\n  {{ z }}\n',
    };
    for (const [what, t] of Object.entries(text)) {
      assert.equal(isTemplate(t), false, what);
    }
  });

  it('sees template actions outside scalars', () => {
    const text: Record<string, string> = {
      'a value': 'metadata:\n  name: {{ .Values.name }}\n',
      'a line of its own': '{{- if .Values.enabled }}\nkind: Service\n{{- end }}\n',
      'indented': 'spec:\n  containers:\n  {{- toYaml .Values.c | nindent 4 }}\n',
      'a sequence item': 'args:\n  - {{ .Values.arg }}\n',
      'in a flow sequence': 'a: [ {{ x }} ]\n',
      'after a multi-line quoted string': 'a: "one\n  two"\nb: {{ x }}\n',
      'after a block scalar': 'a: |\n  {{ text }}\nb: {{ x }}\n',
      'a later document': 'a: "{{ text }}"\n---\n{{ include "x" . }}\n',
    };
    for (const [what, t] of Object.entries(text)) {
      assert.equal(isTemplate(t), true, what);
    }
  });

  it("checks a Service whose file has a `{{` on a quoted string's continuation line (Istio's samples/addons/grafana.yaml)", () => {
    const file =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: grafana\ndata:\n  dashboard.json: "{\\"legend\\": \\"\n' +
      '    {{ pod }}\\"}"\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: grafana\nspec:\n  selector:\n' +
      '    app: grafana\n  ports:\n    - name: service\n      port: 3000\n';
    const s = new MeshService();
    s.setFile('file:///grafana.yaml', file);
    assert.equal(s.index.get('file:///grafana.yaml')?.parsed.skipped, undefined);
    assert.deepEqual(
      s.validate('file:///grafana.yaml').map((f) => f.code),
      ['svc-port-named'],
    );
  });
});
