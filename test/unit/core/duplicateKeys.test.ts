import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { DUPLICATE_KEY_MESSAGE, duplicateKeyOffsets } from '../../../server/src/core/yaml/duplicateKeys';
import { KUBERNETES_YAML } from '../../../server/src/core/yaml/kubernetesYaml';
import { parseFile } from '../../../server/src/core/yaml/parse';

/** Where `yaml`'s own uniqueKeys check reports duplicates, per document. */
function yamlsOwn(text: string): number[][] {
  return parseAllDocuments(text, { ...KUBERNETES_YAML, prettyErrors: false, uniqueKeys: true }).map((d) =>
    d.errors.filter((e) => e.code === 'DUPLICATE_KEY').map((e) => e.pos[0]),
  );
}

function ours(text: string): number[][] {
  return parseAllDocuments(text, { ...KUBERNETES_YAML, prettyErrors: false, uniqueKeys: false }).map((d) => duplicateKeyOffsets(d.contents));
}

const CASES = [
  'a: 1\nb: 2\na: 3\n',
  'a: 1\n"a": 2\n\'a\': 3\n',
  'x:\n  a: 1\n  a: 2\ny: {a: 1, b: 2, a: 3}\n',
  '&k a: 1\n!!str a: 2\n',
  '1: a\n"1": b\n1: c\n0x1: d\n',
  'true: 1\nyes: 2\n',
  '? [a]\n: 1\n? [a]\n: 2\n',
  '? {a: 1}\n: 1\n? a\n: 2\na: 3\n',
  ': 1\n: 2\n',
  'base: &b {a: 1}\nm:\n  <<: *b\n  <<: *b\n  a: 2\n',
  '.nan: 1\n.NaN: 2\n',
  '- {a: 1, a: 2}\n- a: 1\n  b: {c: 1, c: 2}\n  a: 3\n',
  'a: 1\n---\na: 1\na: 2\n',
  '{"a": 1, "b": {"c": 2, "c": 3}, "a": 4}\n',
  'a: 1\r\nb: 2\r\na: 3\r\n',
  'null: 1\n~: 2\n',
];

describe('duplicateKeyOffsets', () => {
  it("finds the keys yaml's uniqueKeys check reports, where it reports them", () => {
    for (const text of CASES) {
      assert.deepEqual(ours(text), yamlsOwn(text), JSON.stringify(text));
    }
    assert.ok(CASES.some((t) => yamlsOwn(t).flat().length > 0), 'the cases include duplicates');
  });

  it("agrees with yaml on random maps of repeated keys", () => {
    let seed = 11;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const keys = ['a', '"a"', 'b', '1', '"1"', 'yes', 'true', '~', 'null', '[x]', '{y: 1}', '0x1', '01'];
    for (let step = 0; step < 300; step++) {
      const flow = rand(2) === 0;
      const pairs = Array.from({ length: 1 + rand(6) }, () => `${keys[rand(keys.length)] ?? 'a'}: ${rand(9)}`);
      const text = flow ? `{${pairs.join(', ')}}\n` : `${pairs.map((p) => (p.startsWith('[') || p.startsWith('{') ? `? ${p.replace(': ', '\n: ')}` : p)).join('\n')}\n`;
      assert.deepEqual(ours(text), yamlsOwn(text), JSON.stringify(text));
    }
  });

  it('finds the one repeat among 100,000 keys of a one-line map (a generated CRD schema)', () => {
    const o: Record<string, number> = {};
    for (let i = 0; i < 100_000; i++) {
      o[`p${i}`] = i;
    }
    const text = `${JSON.stringify(o).slice(0, -1)}, "p5": 0}\n`;
    assert.deepEqual(ours(text), [[text.lastIndexOf('"p5"')]]);
  });

  it('names the message yaml gives', () => {
    assert.equal(parseAllDocuments('a: 1\na: 2\n', { uniqueKeys: true })[0]?.errors[0]?.message.split('\n')[0]?.startsWith(DUPLICATE_KEY_MESSAGE), true);
  });
  it('a file with a repeated key gets the syntax issue on the repeat, block or flow, CRLF, after other documents', () => {
    for (const text of ['spec: {a: 1, b: 2, a: 3}\n', 'kind: A\n---\nspec:\n  &x a: 1\n  a: [1]\n', 'x: {"k": 1,\r\n "k": 2}\r\n']) {
      const repeat = text.lastIndexOf(text.includes('"k"') ? '"k"' : 'a');
      const issues = (parseFile(text).docs ?? []).flatMap((d) => d.errors);
      assert.deepEqual(issues, [{ span: { start: repeat, end: repeat + 1 }, message: DUPLICATE_KEY_MESSAGE }], JSON.stringify(text));
    }
  });
});
