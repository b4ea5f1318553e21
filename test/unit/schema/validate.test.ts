import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { crdSchemas } from '../../../server/src/core/schema/crd';
import { firstSentence, prepareSchema } from '../../../server/src/core/schema/prepare';
import { validateNode } from '../../../server/src/core/schema/validate';
import type { SchemaError, ValidateOptions } from '../../../server/src/core/schema/validate';
import { parseFile } from '../../../server/src/core/yaml/parse';
import { nodeSpan } from '../../../server/src/core/yaml/spans';

/** Parses one document and validates it; errors as `path: message` plus the text reported on. */
function check(schema: unknown, yaml: string, options: ValidateOptions = {}): { at: string; text: string; message: string; description?: string }[] {
  const doc = parseFile(yaml).docs[0];
  assert.ok(doc, 'a document');
  return validateNode(prepareSchema(schema), doc.contents, options).map((e: SchemaError) => {
    const span = nodeSpan(e.node);
    return {
      at: e.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join(''),
      text: span ? yaml.slice(span.start, span.end) : '',
      message: e.message,
      ...(e.description ? { description: e.description } : {}),
    };
  });
}

const PORT = {
  type: 'object',
  description: 'The port of the service. More text follows.',
  properties: {
    number: { type: 'integer', minimum: 1, maximum: 65535, description: 'A valid non-negative integer port number.' },
    protocol: { type: 'string', enum: ['HTTP', 'TCP'] },
    name: { type: 'string', maxLength: 5, pattern: '^[a-z]+$' },
    targetPort: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
    tls: { type: 'boolean' },
    extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    hosts: { type: 'array', items: { type: 'string' }, maxItems: 2 },
  },
  required: ['number'],
};
const ROOT = { type: 'object', properties: { spec: { type: 'object', properties: { port: PORT } } } };

describe('schema validation over YAML nodes', () => {
  test('a valid value has no error; null is accepted anywhere', () => {
    assert.deepEqual(check(ROOT, 'spec:\n  port:\n    number: 80\n    protocol: HTTP\n    name: web\n    tls: ~\n'), []);
  });

  test('types as Kubernetes reads YAML 1.1: `0400` is a number, `yes` a boolean, a quoted one a string', () => {
    const errors = check(ROOT, 'spec:\n  port:\n    number: 80\n    name: yes\n    protocol: 0400\n');
    assert.deepEqual(errors.map((e) => [e.at, e.text]), [['.spec.port.name', 'yes'], ['.spec.port.protocol', '0400']]);
    assert.match(errors[1]?.message ?? '', /`0400`, which Kubernetes reads as the number 256/);
    assert.deepEqual(check(ROOT, "spec:\n  port:\n    number: 80\n    protocol: 'TCP'\n    name: 'yes'\n"), []);
  });

  test('integers: a float or a string is refused, int-or-string takes both', () => {
    const errors = check(ROOT, 'spec:\n  port:\n    number: "80"\n    targetPort: http\n');
    assert.deepEqual(errors.map((e) => [e.at, e.text]), [['.spec.port.number', '"80"']]);
    assert.equal(errors[0]?.description, 'A valid non-negative integer port number.');
    assert.deepEqual(check(ROOT, 'spec:\n  port:\n    number: 1.5\n    targetPort: 8080\n').map((e) => e.at), ['.spec.port.number']);
  });

  test('ranges, enums, lengths, patterns, list sizes', () => {
    const errors = check(ROOT, 'spec:\n  port:\n    number: 70000\n    protocol: HTTP2\n    name: toolong\n    hosts: [a, b, c]\n');
    assert.deepEqual(errors.map((e) => [e.at, e.text]), [
      ['.spec.port.number', '70000'],
      ['.spec.port.protocol', 'HTTP2'],
      ['.spec.port.name', 'toolong'],
      ['.spec.port.hosts', '[a, b, c]'],
    ]);
    assert.match(errors[1]?.message ?? '', /expected one of HTTP, TCP, got "HTTP2"/);
    assert.deepEqual(check(ROOT, 'spec:\n  port:\n    number: 1\n    name: Web\n').map((e) => e.message), ['expected a string matching ^[a-z]+$, got "Web"']);
  });

  test('unknown fields land on the key, with a suggestion; preserve-unknown-fields and additionalProperties accept any key', () => {
    const errors = check(ROOT, 'spec:\n  port:\n    numbr: 80\n    number: 80\n    extra: { any: [1, 2] }\n    labels: { a: b }\n');
    assert.deepEqual(errors.map((e) => [e.at, e.text]), [['.spec.port.numbr', 'numbr']]);
    assert.match(errors[0]?.message ?? '', /did you mean `number`/);
    assert.deepEqual(check(ROOT, 'spec:\n  port:\n    number: 80\n    labels: { a: 1 }\n').map((e) => e.at), ['.spec.port.labels.a']);
  });

  test('a missing required field lands on the key holding the map, with the schema description', () => {
    const errors = check(ROOT, 'spec:\n  port:\n    protocol: TCP\n');
    assert.deepEqual(errors.map((e) => [e.at, e.text, e.message]), [['.spec.port', 'port', '`number` is required']]);
    assert.equal(errors[0]?.description, 'The port of the service.');
  });

  test('object roots: apiVersion, kind and metadata are implied; skipped keys are not read', () => {
    const schema = { type: 'object', properties: { spec: { type: 'object' } }, required: ['spec'] };
    assert.deepEqual(check(schema, 'apiVersion: v1\nkind: X\nmetadata: { name: a }\nspec: {}\nstatus: { x: 1 }\n', { objectRoot: true, skipRootKeys: ['status'] }), []);
    assert.deepEqual(check(schema, 'apiVersion: v1\nkind: X\nspec: {}\n').map((e) => e.at), ['.apiVersion', '.kind']);
  });

  test("Istio's at-most-one-of oneOf lands on the second field set; one set, or none, passes", () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' } },
      oneOf: [{ not: { anyOf: [{ required: ['a'] }, { required: ['b'] }] } }, { required: ['a'] }, { required: ['b'] }],
    };
    assert.deepEqual(check(schema, 'c: x\n'), []);
    assert.deepEqual(check(schema, 'a: x\nc: z\n'), []);
    const errors = check(schema, 'a: x\nb: z\n');
    assert.deepEqual(errors.map((e) => [e.at, e.text]), [['.b', 'b']]);
    assert.match(errors[0]?.message ?? '', /`b` cannot be set together with `a`: set only one of `a` or `b`/);
  });

  test('anyOf and not as plain combinators', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } }, anyOf: [{ required: ['a'] }, { required: ['b'] }], not: { required: ['c'] } };
    assert.equal(check({ ...schema, properties: { ...schema.properties, b: {}, c: {} } }, 'b: 1\n').length, 0);
    assert.deepEqual(check({ ...schema, properties: { a: {}, b: {}, c: {} } }, 'c: 1\n').map((e) => e.message), [
      'expected a map with `a`, or a map with `b`',
      '`c` must not be set here',
    ]);
  });

  test('merge keys and aliases are read as Kubernetes reads them', () => {
    const yaml = 'base: &b { number: 80, protocol: UDP }\nspec:\n  port:\n    <<: *b\n    name: web\n';
    const schema = { type: 'object', properties: { base: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, spec: ROOT.properties.spec } };
    const errors = check(schema, yaml);
    assert.deepEqual(errors.map((e) => [e.at, e.text]), [['.spec.port.protocol', 'UDP']]);
  });

  test('formats Kubernetes checks', () => {
    const schema = { type: 'object', properties: { t: { type: 'string', format: 'date-time' }, ip: { type: 'string', format: 'ipv6' }, c: { type: 'string', format: 'cidr' }, u: { type: 'string', format: 'x-unknown' } } };
    assert.deepEqual(check(schema, 't: "2024-01-02T03:04:05Z"\nip: "::1"\nc: 10.0.0.0/8\nu: anything\n'), []);
    assert.deepEqual(check(schema, 't: yesterday\nip: "1::2::3"\nc: 10.0.0.0/33\n').map((e) => e.at), ['.t', '.ip', '.c']);
  });

  test('bad input never throws and stays bounded: wrong types, deep nesting, alias bombs, hostile patterns', () => {
    for (const raw of [null, 1, 'x', [], { type: 7, properties: [] }, { properties: { a: null } }, { items: 'x', required: 'a', enum: 3 }]) {
      assert.doesNotThrow(() => check(raw, 'a: [1, {b: c}]\n'));
    }
    const deep = `${Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}a:`).join('\n')} 1\n`;
    let nested: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 300; i++) {
      nested = { type: 'object', properties: { a: nested } };
    }
    assert.doesNotThrow(() => check(nested, deep));
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join('\n');
    let listOf: Record<string, unknown> = { type: 'integer' };
    for (let i = 0; i < 10; i++) {
      listOf = { type: 'array', items: listOf };
    }
    const started = Date.now();
    const errors = check({ type: 'object', additionalProperties: listOf }, `${bomb}\n`);
    assert.ok(errors.length <= 100, 'errors are capped');
    assert.ok(Date.now() - started < 30_000, 'the node budget stops the walk');
    // Patterns are Go's RE2 (as Kubernetes runs them): linear time on `(a+)+`, `(?i)` understood, lookbehind refused.
    const pattern = (p: string, value: string): string[] => check({ type: 'object', properties: { s: { type: 'string', pattern: p } } }, `s: ${value}\n`).map((e) => e.at);
    const t0 = Date.now();
    assert.deepEqual(pattern('^(a+)+$', `${'a'.repeat(5000)}!`), ['.s']);
    assert.ok(Date.now() - t0 < 10_000);
    assert.deepEqual(pattern('(?i)^abc$', 'ABC'), []);
    assert.deepEqual(pattern('b', 'abc'), [], 'unanchored, as Go MatchString');
    assert.deepEqual(pattern('(?<=a)b', 'x'), [], 'not RE2: not checked');
  });
});

describe('descriptions', () => {
  test('trimmed to the first sentence, on one line', () => {
    assert.equal(firstSentence('Specifies the failure behavior.\n\nValid Options: FAIL_CLOSE'), 'Specifies the failure behavior.');
    assert.equal(firstSentence('A list of hosts, e.g. foo.com and bar.\nMore.'), 'A list of hosts, e.g. foo.com and bar.');
    assert.equal(firstSentence('See more details at: https://istio.io/docs/a.html'), 'See more details at: https://istio.io/docs/a.html.');
    assert.equal(firstSentence('  '), undefined);
    assert.ok((firstSentence('x'.repeat(500)) ?? '').length <= 200);
  });
});

describe('CRD schemas', () => {
  test('apiextensions v1 (per version) and v1beta1 (one validation for all versions)', () => {
    const v1 = parseFile(
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  group: x.io\n  names: { kind: Foo }\n  versions:\n' +
        '  - name: v1\n    schema:\n      openAPIV3Schema: { type: object, properties: { spec: { type: object } } }\n  - name: v2\n',
    ).docs[0]?.contents;
    assert.deepEqual(crdSchemas(v1), [{ group: 'x.io', kind: 'Foo', version: 'v1', schema: { type: 'object', properties: { spec: { type: 'object' } } } }]);
    const v1beta1 = parseFile(
      'apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\nspec:\n  group: x.io\n  version: v1alpha1\n  names: { kind: Foo }\n' +
        '  validation:\n    openAPIV3Schema: { type: object }\n',
    ).docs[0]?.contents;
    assert.deepEqual(crdSchemas(v1beta1).map((s) => s.version), ['v1alpha1']);
    assert.deepEqual(crdSchemas(parseFile('kind: CustomResourceDefinition\nspec: 3\n').docs[0]?.contents), []);
  });
  test("a CRD's huge pattern, required list or oneOf is cut short in the message, not quoted whole", () => {
    const hosts = Array.from({ length: 20_000 }, (_, i) => `h${i}`);
    const [long] = check({ type: 'object', properties: { s: { type: 'string', pattern: `^(${hosts.join('|')})$` } } }, 's: nope\n');
    assert.ok(long && long.message.length < 300, long?.message.slice(0, 400));
    assert.match(long.message, /^expected a string matching \^\(h0\|h1\|.*… \(\d+ characters\), got "nope"$/);
    const names = Array.from({ length: 5_000 }, (_, i) => `f${i}`);
    const [missing] = check({ type: 'object', required: names, properties: { a: { type: 'integer' } } }, 'a: 1\n');
    assert.ok(missing && missing.message.length < 300, missing?.message.slice(0, 400));
    assert.match(missing.message, /^`f0`, `f1`, .*`f11`, … \(5000 fields\) are required$/);
    const [few] = check({ type: 'object', required: ['a', 'b'], properties: { c: { type: 'integer' } } }, 'c: 1\n');
    assert.equal(few?.message, '`a`, `b` are required');
    const branches = [{ type: 'string' }, ...names.slice(0, 200).map((n) => ({ required: [n] }))];
    const [shape] = check({ type: 'object', oneOf: branches, properties: { z: { type: 'integer' } } }, 'z: 1\n');
    assert.ok(shape && shape.message.length < 1000, shape?.message.slice(0, 1200));
  });
});
