import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Document, isMap, isNode, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import { parseBlockDocument } from '../../../server/src/core/yaml/blockParse';
import { KUBERNETES_YAML } from '../../../server/src/core/yaml/kubernetesYaml';
import { splitDocuments } from '../../../server/src/core/yaml/parse';
import { prng as random } from '../../reliability/fuzz';
import { compareWithYaml } from './blockParseCompare';

// Values and keys the block parser reads, and (rarer) ones it declines or that are not valid YAML.
const SCALARS = [
  'nginx', 'app', '80', '-1', '0x1F', '0o17', '1.50', '1e3', '.inf', '-.Inf', '.nan', 'true', 'False', 'TRUE', 'yes',
  'null', 'Null', '~', 'a b c', 'nginx:1.25', 'http://x.example/a?b=c', 'a#b', '"quoted"', "'single'", "'it''s'",
  '"esc \\" \\\\ \\n \\t \\u00e9 \\x41 \\U0001F600"', '"\\/"', '[]', '{}', '-x', '?x', ':x', '100m', '1_000', '+12',
  '012', '1.', '.5', '3.0e-2', 'é', '"" ', "''", 'a  ', 'a # c', 'a #c', 'a#c', '"a" # c',
  // YAML 1.1 as Go reads it: octal, booleans, underscores, binary, no sexagesimal, timestamps and overflow as text.
  '0400', '0755', '010', '09', 'on', 'Off', 'y', 'N', 'no', '"yes"', "'on'", '0b101', '-0x1F', '1__0', '+_1', '12:30',
  '2001-12-14', '1e400', '18446744073709551615', '.5_0', '<<',
];
const ODD_SCALARS = [
  'x: y', 'v:', '"bad \\q"', '[a, b]', '{a: 1}', '&anchor x', '*alias', '!!str 1', '|', '>', '- x', '@x', '`x', ',x',
  '%x', '"unclosed', "'a' b",
];
const KEYS = ['name', 'app', 'kind', 'image', 'x', 'a b', '"quoted key"', "'sq'", '80', 'true', 'dup', '"<<"', 'y', '0400', '"a\\tb"'];
// `<<` is a merge key (YAML 1.1), which the block parser leaves to `yaml`.
const ODD_KEYS = ['-k', 'k ', '? q', '[k]', '<<'];

/** Block YAML with the comment and blank-line placements whose ranges `yaml` handles in several ways. */
function generate(rnd: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const key = (): string => (rnd() < 0.02 ? pick(ODD_KEYS) : pick(KEYS));
  const lines: string[] = [];
  const gap = (maxIndent: number): void => {
    while (rnd() < 0.25) {
      lines.push(rnd() < 0.4 ? ' '.repeat(Math.floor(rnd() * 3)) : `${' '.repeat(Math.floor(rnd() * (maxIndent + 4)))}# c`);
    }
  };
  const trailer = (): string => (rnd() < 0.15 ? `${' '.repeat(1 + Math.floor(rnd() * 2))}# t` : rnd() < 0.05 ? '  ' : '');
  const node = (indent: number, depth: number, prefix: string, inMap: boolean): void => {
    const r = rnd();
    if (depth > 3 || r < 0.45) {
      if (rnd() < 0.06) {
        // A literal block scalar: content lines deeper than the collection, some deeper still, empty lines, text that
        // looks like comments or keys.
        lines.push(`${prefix} ${pick(['|', '|', '|', '|-', '|-', '|+', '|2', '>', '| # c'])}`);
        const deep = indent + 1 + Math.floor(rnd() * 3);
        const n = Math.floor(rnd() * 4);
        if (rnd() < 0.1) {
          lines.push('');
        }
        for (let i = 0; i <= n; i++) {
          const extra = rnd() < 0.2 ? ' '.repeat(1 + Math.floor(rnd() * 3)) : '';
          lines.push(rnd() < 0.15 ? (rnd() < 0.9 ? '' : ' '.repeat(deep)) : `${' '.repeat(deep)}${extra}${pick(['echo hi', '# not a comment', 'key: value', '- item', '"q"', 'x'])}`);
        }
        return;
      }
      const v = rnd() < 0.1 ? '' : rnd() < 0.02 ? pick(ODD_SCALARS) : pick(SCALARS);
      lines.push(`${prefix}${v === '' ? '' : ' ' + v}${trailer()}`);
      return;
    }
    lines.push(prefix + trailer());
    gap(indent);
    const seq = r < 0.7;
    const step = seq && inMap && rnd() < 0.4 ? 0 : pick([1, 2, 2, 2, 3, 4]);
    block(indent + step, depth + 1, seq);
  };
  const block = (indent: number, depth: number, seq: boolean): void => {
    const n = 1 + Math.floor(rnd() * 4);
    const pad = ' '.repeat(indent);
    const keys = new Set<string>();
    for (let i = 0; i < n; i++) {
      if (seq) {
        if (rnd() < 0.35) {
          // A compact mapping in the item.
          const w = rnd() < 0.8 ? 1 : 3;
          node(indent + 1 + w, depth + 1, `${pad}-${' '.repeat(w)}${key()}:`, true);
          if (rnd() < 0.6) {
            node(indent + 1 + w, depth + 1, `${pad}${' '.repeat(1 + w)}${key()}:`, true);
          }
        } else {
          node(indent, depth, `${pad}-`, false);
        }
      } else {
        let k = key();
        if (keys.has(k) && rnd() < 0.8) {
          k = `${k}${i}`;
        }
        keys.add(k);
        node(indent, depth, `${pad}${k}:`, true);
      }
      gap(indent);
    }
  };
  if (rnd() < 0.5) {
    lines.push(rnd() < 0.2 ? '--- # doc' : '---');
  }
  gap(0);
  block(rnd() < 0.1 ? 2 : 0, 0, rnd() < 0.15);
  gap(4);
  let text = lines.join(rnd() < 0.2 ? '\r\n' : '\n');
  if (rnd() < 0.8) {
    text += text.includes('\r') ? '\r\n' : '\n';
  }
  // Sometimes break it: a character removed, doubled or replaced.
  if (rnd() < 0.1 && text.length > 0) {
    const at = Math.floor(rnd() * text.length);
    const op = rnd();
    text = op < 0.33 ? text.slice(0, at) + text.slice(at + 1) : op < 0.66 ? text.slice(0, at) + text[at] + text.slice(at) : text.slice(0, at) + pick([' ', ':', '-', '#', '"', '\t', '\r']) + text.slice(at + 1);
  }
  return text;
}

/** The YAML files under a folder, recursively. */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? yamlFiles(full) : /\.ya?ml$/.test(name) ? [full] : [];
  });
}

describe('block parser', () => {
  it('builds what yaml builds (values, types, ranges) on 20,000 generated documents (LF and CRLF), or declines them', () => {
    let accepted = 0;
    const total = 20000;
    for (let seed = 1; seed <= total; seed++) {
      const text = generate(random(seed));
      const r = compareWithYaml(text);
      assert.equal(r.difference, undefined, `seed ${seed}: ${r.difference}\n${text}`);
      if (!r.declined) {
        accepted++;
      }
    }
    // The comparison means something only if the block parser takes most of them.
    assert.ok(accepted > total * 0.25, `accepted only ${accepted} of ${total}`);
  });

  it('builds what yaml builds on every YAML file of the repository and of the Istio conformance sample', () => {
    const roots = ['samples', 'test', 'docs', path.join('..', 'shared', 'istio-conformance')].filter((r) => existsSync(r));
    const files = roots.flatMap(yamlFiles);
    let accepted = 0;
    for (const f of files) {
      for (const chunk of splitDocuments(readFileSync(f, 'utf8')) ?? []) {
        const r = compareWithYaml(chunk.text);
        assert.equal(r.difference, undefined, `${f} at ${chunk.start}: ${r.difference}`);
        accepted += r.declined ? 0 : 1;
      }
    }
    assert.ok(accepted > 100, `accepted ${accepted} documents`);
  });

  it('builds what yaml builds on 3,000 mutations of the samples (lines dropped, doubled, moved, re-indented, commented)', () => {
    const files = yamlFiles('samples').map((f) => readFileSync(f, 'utf8'));
    assert.ok(files.length > 5, 'samples/ holds the manifests to mutate');
    let accepted = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const rnd = random(seed);
      const lines = (files[Math.floor(rnd() * files.length)] as string).split('\n');
      for (let m = 0; m < 1 + Math.floor(rnd() * 3); m++) {
        const at = Math.floor(rnd() * lines.length);
        const line = lines[at] ?? '';
        const op = Math.floor(rnd() * 6);
        if (op === 0) {
          lines.splice(at, 1);
        } else if (op === 1) {
          lines.splice(at, 0, line);
        } else if (op === 2) {
          lines.splice(at, 1, ' '.repeat(Math.floor(rnd() * 3)) + line);
        } else if (op === 3) {
          lines.splice(at, 1, line.replace(/^ {1,2}/, ''));
        } else if (op === 4) {
          lines.splice(at, 0, `${' '.repeat(Math.floor(rnd() * 10))}# note`);
        } else {
          const to = Math.floor(rnd() * lines.length);
          lines.splice(at, 1);
          lines.splice(to, 0, line);
        }
      }
      const text = lines.join(rnd() < 0.3 ? '\r\n' : '\n');
      for (const chunk of splitDocuments(text) ?? []) {
        const r = compareWithYaml(chunk.text);
        assert.equal(r.difference, undefined, `seed ${seed}: ${r.difference}\n${chunk.text}`);
        accepted += r.declined ? 0 : 1;
      }
    }
    assert.ok(accepted > 1000, `accepted ${accepted} documents`);
  });

  it('reads a manifest into yaml nodes with typed values', () => {
    const doc = parseBlockDocument('---\nkind: Service\nspec:\n  ports:\n  - port: 80\n    name: "http"\n  selector: {}\n');
    assert.ok(doc && isMap(doc.contents));
    const spec = doc.contents.get('spec', true);
    assert.ok(isMap(spec));
    const ports = spec.get('ports', true);
    assert.ok(isSeq(ports));
    const port = ports.items[0];
    assert.ok(isMap(port));
    const value = port.get('port', true);
    assert.ok(isScalar(value));
    assert.equal(value.value, 80);
    assert.deepEqual(doc.range, [0, 78, 78]);
  });

  it('reads literal block scalars, content that looks like comments or keys included', () => {
    const text = 'data:\n  script: |\n    echo hi\n    # still text\n\n      indented: more\n\n  strip: |-\n    a\n  # a comment\nz: 1\n';
    const doc = parseBlockDocument(text);
    assert.ok(doc && isMap(doc.contents));
    const data = doc.contents.get('data', true);
    assert.ok(isMap(data));
    assert.equal(data.get('script'), 'echo hi\n# still text\n\n  indented: more\n');
    assert.equal(data.get('strip'), 'a');
    assert.equal(compareWithYaml(text).difference, undefined);
    assert.equal(compareWithYaml(text).declined, false);
  });

  it("builds nodes yaml's own functions and methods treat as its own", () => {
    const text = 'kind: Pod\nspec:\n  containers:\n  - name: app\n    ports: []\n    env: {}\n    args:\n    - -v\n    - 2\n';
    const doc = parseBlockDocument(text);
    assert.ok(doc);
    const seen: string[] = [];
    visit(doc.contents, (_key, node) => {
      seen.push(isPair(node) ? 'pair' : isMap(node) ? 'map' : isSeq(node) ? 'seq' : isScalar(node) ? 'scalar' : 'other');
      assert.ok(isNode(node) || isPair(node));
    });
    assert.ok(seen.includes('pair') && seen.includes('map') && seen.includes('seq') && !seen.includes('other'));
    const wrapped = new Document();
    wrapped.contents = doc.contents;
    assert.deepEqual(wrapped.toJS(), parseDocument(text, KUBERNETES_YAML).toJS());
    assert.equal(wrapped.toString(), parseDocument(text, KUBERNETES_YAML).toString());
    assert.ok(isMap(doc.contents) && doc.contents.get('kind') === 'Pod' && doc.contents.has('spec'));
    const copy = doc.contents.clone();
    assert.ok(isMap(copy) && copy.items.length === 2 && copy.schema === doc.contents.schema);
  });

  it('reads deep nesting or leaves it to yaml, without throwing', () => {
    const deep = Array.from({ length: 20000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1\n';
    const doc = parseBlockDocument(deep);
    if (doc) {
      assert.ok(isMap(doc.contents));
    }
    const shallow = Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1\n';
    assert.equal(compareWithYaml(shallow).difference, undefined);
    assert.equal(compareWithYaml(shallow).declined, false);
  });

  it('declines what it does not read', () => {
    for (const text of [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: |+\n  text\n',
      'a: |2\n   text\n',
      'a: >\n  text\n',
      'a: [1, 2]\n',
      'a: "multi\n  line"\n',
      'a: plain\n  continued\n',
      '? explicit\n: key\n',
      'a:\tb\n',
      'a: b\rc: d\n',
      '%YAML 1.2\n---\na: b\n',
      'a: 1\na: 2\n',
      'a: b: c\n',
      '',
      '# only a comment\n',
    ]) {
      assert.equal(parseBlockDocument(text), undefined, JSON.stringify(text));
    }
  });

  it('declines a duplicate key in a map of any size, and reads a big map without one', () => {
    const keys = (n: number): string[] => Array.from({ length: n }, (_, i) => `k${i}: ${i}\n`);
    for (const n of [3, 31, 32, 33, 40, 2_000]) {
      for (const dup of [0, n - 2]) {
        const lines = keys(n);
        lines.push(`k${dup}: again\n`);
        assert.equal(parseBlockDocument(lines.join('')), undefined, `${n} keys, k${dup} twice`);
      }
      assert.equal(compareWithYaml(keys(n).join('')).declined, false, `${n} distinct keys`);
    }
    // Keys that are equal as values though written differently count as duplicates too, as yaml finds them.
    assert.equal(parseBlockDocument(`${keys(40).join('')}"k5": x\n`), undefined);
  });
});
