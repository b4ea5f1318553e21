import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routeLenses } from '../../../server/src/core/editorHelp/routeLens';
import { MutableWorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';
import { vs } from './istioSupport';

function lenses(text: string): { line: number; title: string }[] {
  const entry = new MutableWorkspaceIndex().set('file:///vs.yaml', text);
  return routeLenses(entry, 'default').map((l) => ({ line: text.slice(0, l.span.start).split('\n').length, title: l.title }));
}

describe('route CodeLens', () => {
  it('summarises a weighted split by host and subset over the rule', () => {
    const text = vs(
      '  hosts: [reviews]\n  http:\n    - match: [{uri: {prefix: /v2}}]\n      route:\n' +
        '        - destination: {host: reviews, subset: v1}\n          weight: 50\n' +
        '        - destination: {host: reviews.default.svc.cluster.local, subset: v2}\n          weight: 50\n' +
        '    - route:\n        - destination: {host: reviews}\n',
    );
    assert.deepEqual(lenses(text), [
      { line: 9, title: 'reviews: v1 50 %, v2 50 %' },
      { line: 15, title: 'reviews 100 %' },
    ]);
  });

  it('shows relative weights, ports, several hosts, and tcp and tls rules', () => {
    const text = vs(
      '  http:\n    - route:\n        - {destination: {host: reviews, subset: v1}, weight: 1}\n        - {destination: {host: ratings.shop.svc.cluster.local, port: {number: 9080}}, weight: 2}\n' +
        '  tcp:\n    - route: [{destination: {host: db, port: {number: 5432}}}]\n' +
        '  tls:\n    - route: [{destination: {host: api.example.com}, weight: 0}, {destination: {host: b.example.com}}]\n',
    );
    assert.deepEqual(
      lenses(text).map((l) => l.title),
      ['reviews: v1 33.3 % · ratings:9080 66.7 %', 'db:5432 100 %', 'api.example.com no weight · b.example.com no weight'],
    );
  });

  it('gives no lens for a rule without route, and none for bad shapes', () => {
    assert.deepEqual(lenses(vs('  http:\n    - redirect: {uri: /x}\n    - route: 3\n    - 7\n')), []);
    assert.deepEqual(lenses(vs('  http: {route: []}\n')), []);
    assert.deepEqual(lenses(vs('  http:\n    - route:\n        - destination: nope\n')), [{ line: 8, title: '(no host) 100 %' }]);
  });
});
