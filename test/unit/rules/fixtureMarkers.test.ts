import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readHeader, readMarkers } from './fixtureMarkers';

test('carets mark columns of the previous non-marker line', () => {
  const text = 'a: 1\n  - name: http2foo\n#         ^^^^^^^^ svc-port-named\n#   ^^^^ other-rule\nb: 2\n';
  const line = text.indexOf('  - name');
  assert.deepEqual(
    readMarkers(text).map((m) => [m.rule, m.start - line, m.end === undefined ? undefined : m.end - line]),
    [
      ['svc-port-named', 10, 18],
      ['other-rule', 4, 8],
    ],
  );
});

test('start and end markers', () => {
  const text = 'spec:\n  ports:\n  - port: 1\n#   <~~ svc-port-named\n    protocol: TCP\n#             ~~> svc-port-named\n';
  const [m] = readMarkers(text);
  assert.ok(m);
  assert.equal(text.slice(m.start, m.end), 'port: 1\n#   <~~ svc-port-named\n    protocol: TCP');
});

test('a start marker alone leaves the end open', () => {
  const [m] = readMarkers('kind: Service\n#     <~~ a-rule\n');
  assert.equal(m?.start, 6);
  assert.equal(m?.end, undefined);
});

test('several ids on one marker; CRLF lines', () => {
  const text = 'kind: Pod\r\n#     ^^^ a-rule, b-rule\r\n';
  assert.deepEqual(
    readMarkers(text).map((m) => [m.rule, m.start, m.end]),
    [
      ['a-rule', 6, 9],
      ['b-rule', 6, 9],
    ],
  );
});

test('plain comments are not markers', () => {
  assert.deepEqual(readMarkers('a: 1\n# ^ see above\n# <~~ not a marker either\n'), []);
});

test('broken markers are reported', () => {
  assert.throws(() => readMarkers('#  ^^ a-rule\n'), /no line above/);
  assert.throws(() => readMarkers('ab\n#    ^^ a-rule\n'), /past the end/);
  assert.throws(() => readMarkers('abcdef\n#  ^ ^ a-rule\n'), /contiguous/);
  assert.throws(() => readMarkers('abcdef\n#  ~~> a-rule\n'), /no open/);
});

test('header lines', () => {
  const h = readHeader('# profile: legacy-0.2\n# A note: not a header\n# namespace: team-a\n# rules: a-b=warning, c-d=off\nkind: Pod\n# profile: classic\n');
  assert.deepEqual(h, { profile: 'legacy-0.2', defaultNamespace: 'team-a', rules: { 'a-b': 'warning', 'c-d': 'off' } });
  assert.deepEqual(readHeader('kind: Pod\n'), { profile: undefined, defaultNamespace: undefined, rules: {} });
  assert.throws(() => readHeader('# profile: auto\n'), /unknown profile/);
});
