import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { spliceText } from '../../../server/src/core/inject/textSplice';
import { KUBERNETES_YAML } from '../../../server/src/core/yaml/kubernetesYaml';

const STYLE = { indent: 2, indentSeq: false };

function splice(text: string, change: (v: Record<string, unknown>) => void, style = STYLE): string | undefined {
  const doc = parseDocument(text, KUBERNETES_YAML);
  const value = doc.toJS() as Record<string, unknown>;
  change(value);
  return spliceText(doc, text, value, style);
}

describe('minimal writer: splicing into the user text', () => {
  it('adds keys to block and flow maps, keeping comments, quoting, folded text and octal as written', () => {
    const text = 'a: {x: 1}   # flow\nb:\n  mode: 0400\n  note: >\n    folded\n    text\n  q: \'single\'\n';
    const out = splice(text, (v) => {
      (v.a as Record<string, unknown>).k = 'yes';
      (v.b as Record<string, unknown>).m = 8;
      (v.b as Record<string, unknown>).n = 1; // `n` is a boolean key in YAML 1.1: written quoted
    });
    assert.equal(out, 'a: {x: 1, k: "yes"}   # flow\nb:\n  mode: 0400\n  note: >\n    folded\n    text\n  q: \'single\'\n  m: 8\n  "n": 1\n');
  });

  it('changes a scalar in place with the quoting it had, and writes a new number in decimal', () => {
    const out = splice('a: "x"  # c\nb: 010\n', (v) => {
      v.a = 'y';
      v.b = 9;
    });
    assert.equal(out, 'a: "y"  # c\nb: 9\n');
  });

  it('inserts list items before the item they precede and after the last, flow lists in flow style', () => {
    const text = 'l:\n- name: b\n  v: 1\nf: [1, 2]\n';
    const out = splice(text, (v) => {
      v.l = [{ name: 'a' }, { name: 'b', v: 1 }, { name: 'c' }];
      v.f = [1, 2, 'on'];
    });
    assert.equal(out, 'l:\n- name: a\n- name: b\n  v: 1\n- name: c\nf: [1, 2, "on"]\n');
  });

  it('fills an empty value with a block collection below its key, with the document indentation', () => {
    const out = splice('spec:\n  volumes:\nz: 1\n', (v) => {
      (v.spec as Record<string, unknown>).volumes = [{ name: 'v' }];
    }, { indent: 2, indentSeq: true });
    assert.equal(out, 'spec:\n  volumes:\n    - name: v\nz: 1\n');
  });

  it('removes a key of a block map with its line; keeps CRLF line ends', () => {
    const out = splice('a: 1\r\nb: 2\r\nc:\r\n  d: 3\r\n', (v) => {
      delete v.b;
      (v.c as Record<string, unknown>).e = 'x';
    });
    assert.equal(out, 'a: 1\r\nc:\r\n  d: 3\r\n  e: x\r\n');
  });

  it('adds keys to a map that merges an anchor, leaving the merge as written', () => {
    const out = splice('x: &x {a: 1}\nz:\n  <<: *x\n  b: 2\n', (v) => void ((v.z as Record<string, unknown>).c = 3));
    assert.equal(out, 'x: &x {a: 1}\nz:\n  <<: *x\n  b: 2\n  c: 3\n');
  });

  it('declines what it does not write: moved list items, merge keys, aliases on a changed path', () => {
    assert.equal(splice('l:\n- name: a\n- name: b\n', (v) => void (v.l = [{ name: 'b' }, { name: 'a' }])), undefined);
    assert.equal(splice('x: &x {a: 1}\nz:\n  <<: *x\n  b: 2\n', (v) => void ((v.z as Record<string, unknown>).a = 3)), undefined);
    assert.equal(splice('x: &x [1]\nz: *x\n', (v) => void (v.z = [1, 2])), undefined);
  });
});
