import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMap, isScalar, parseDocument } from 'yaml';
import { parseBlockDocument } from '../../../server/src/core/yaml/blockParse';
import { goNumber, KUBERNETES_YAML } from '../../../server/src/core/yaml/kubernetesYaml';
import { parseFile } from '../../../server/src/core/yaml/parse';

/** Plain scalars and what go-yaml v2 (sigs.k8s.io/yaml, kubectl) decodes them to; `undefined`: not a number. */
const GO_NUMBERS: readonly (readonly [string, number | undefined])[] = [
  ['0400', 256],
  ['0755', 493],
  ['010', 8],
  ['0', 0],
  ['-010', -8],
  ['09', 9], // not octal: ParseInt fails, the float reading takes it
  ['0x1F', 31],
  ['-0x1F', -31],
  ['0X1f', 31],
  ['0b101', 5],
  ['-0b101', -5],
  ['0o17', 15],
  ['1_000', 1000],
  ['1__0', 10],
  ['1_', 1],
  ['+_1', 1],
  ['0x_1F', 31],
  ['+12', 12],
  ['1.5', 1.5],
  ['1.', 1],
  ['.5', 0.5],
  ['1e3', 1000],
  ['-1.5E-3', -0.0015],
  ['18446744073709551615', 18446744073709551615],
  ['99999999999999999999999', 1e23],
  ['1e400', undefined], // ParseFloat overflows: a string
  ['12:30', undefined], // no sexagesimal in go-yaml
  ['190:20:30', undefined],
  ['2001-12-14', undefined], // a timestamp keeps its text
  ['0x', undefined],
  ['_1', undefined],
  ['1.5.5', undefined],
  ['0xG', undefined],
  ['100m', undefined],
  ['v1', undefined],
];

describe('YAML values as Kubernetes reads them', () => {
  it('reads numbers as go-yaml v2 does', () => {
    for (const [source, value] of GO_NUMBERS) {
      assert.equal(goNumber(source), value, source);
      const parsed = parseDocument(`v: ${source}\n`, KUBERNETES_YAML).toJS() as { v: unknown };
      assert.deepEqual(parsed.v, value ?? source, `parsed ${source}`);
    }
  });

  it('reads YAML 1.1 booleans when plain, strings when quoted', () => {
    const text = 'a: [yes, no, on, off, y, n, Yes, NO, On, OFF, true, False, "yes", \'on\', "y"]\n';
    assert.deepEqual((parseDocument(text, KUBERNETES_YAML).toJS() as { a: unknown }).a, [
      true, false, true, false, true, false, true, false, true, false, true, false, 'yes', 'on', 'y',
    ]);
  });

  it('merges `<<` keys, decodes !!binary, reads !!set and !!omap as the map and list they are written as', () => {
    const text = 'base: &b {app: x, version: v1}\nlabels: {<<: *b, version: v2}\nbin: !!binary aGk=\nset: !!set {a, b}\nomap: !!omap [a: 1]\n';
    const v = parseDocument(text, KUBERNETES_YAML).toJS() as Record<string, unknown>;
    assert.deepEqual(v.labels, { app: 'x', version: 'v2' });
    assert.equal(new TextDecoder().decode(v.bin as Uint8Array), 'hi');
    assert.deepEqual(v.set, { a: null, b: null });
    assert.deepEqual(v.omap, [{ a: 1 }]);
  });

  it('applies a merge where it is written, as go-yaml v2 does; a quoted "<<" is an ordinary key', () => {
    // (`y` would be the key `true`: go-yaml reads it as a boolean there too.)
    const text = 'a: &a {x: 1, w: 1}\nb: &b {x: 2, z: 2}\nm: {x: 0, <<: [*a, *b], z: 3}\nq: {"<<": *a}\n';
    const v = parseDocument(text, KUBERNETES_YAML).toJS() as Record<string, unknown>;
    assert.deepEqual(v.m, { x: 1, w: 1, z: 3 });
    assert.deepEqual(v.q, { '<<': { x: 1, w: 1 } });
    assert.throws(() => parseDocument('a: {<<: [1]}\n', KUBERNETES_YAML).toJS(), /merge key \(<<\) takes a map/);
  });

  it('gives the rules the same values on the fast path and through yaml', () => {
    const text = 'kind: Secret\nmode: 0400\nreplicas: 010\nhostNetwork: no\nquoted: "0400"\nport: 1_000\nt: 12:30\n';
    const block = parseBlockDocument(text);
    assert.ok(block && isMap(block.contents));
    const file = parseFile(`${text}anchor: &a x\n`); // an anchor sends the document through yaml
    const viaYaml = file.docs[0]?.contents;
    assert.ok(isMap(viaYaml));
    for (const root of [block.contents, viaYaml]) {
      const get = (k: string): unknown => {
        const n = root.get(k, true);
        return isScalar(n) ? n.value : undefined;
      };
      assert.equal(get('mode'), 256);
      assert.equal(get('replicas'), 8);
      assert.equal(get('hostNetwork'), false);
      assert.equal(get('quoted'), '0400');
      assert.equal(get('port'), 1000);
      assert.equal(get('t'), '12:30');
    }
  });

  it('writes a number kept from the text as written, a changed one in decimal', () => {
    const doc = parseDocument('a: 0400\nb: 0x1F\nc: 010\n', KUBERNETES_YAML);
    const c = doc.get('c', true);
    assert.ok(isScalar(c));
    c.value = 9;
    assert.equal(doc.toString(), 'a: 0400\nb: 0x1F\nc: 9\n');
  });
});
