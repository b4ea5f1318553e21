import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileGlobs, globToRegExp, GlobError } from '../../../server/src/core/glob';

describe('globs as files.exclude reads them', () => {
  it('reads brace alternatives that are globs themselves, nested too', () => {
    const re = globToRegExp('{*.tmp,x}');
    assert.ok(re.test('a.tmp') && re.test('dir/b.tmp') && re.test('x') && re.test('dir/x'));
    assert.ok(!re.test('a.yaml') && !re.test('xy'));
    const nested = globToRegExp('gen/{a,b{1,2}}/*.yaml');
    assert.ok(nested.test('gen/a/s.yaml') && nested.test('gen/b2/s.yaml'));
    assert.ok(!nested.test('gen/b/s.yaml') && !nested.test('gen/b3/s.yaml'));
    assert.ok(globToRegExp('**/{charts,vendor}/**').test('x/charts/y/z.yaml'));
  });

  it('reads character classes within one segment, and treats regular-expression characters as text', () => {
    assert.ok(globToRegExp('v[0-9].yaml').test('v1.yaml'));
    assert.ok(!globToRegExp('v[!0-9].yaml').test('v1.yaml'));
    assert.ok(globToRegExp('v[!0-9].yaml').test('vx.yaml'));
    assert.ok(!globToRegExp('a[/]b').test('a/b'));
    assert.ok(globToRegExp('a+(b)|c$.yaml').test('a+(b)|c$.yaml'));
    assert.ok(!globToRegExp('a.yaml').test('abyaml'));
    assert.ok(globToRegExp('[abc').test('[abc') && globToRegExp('a}b').test('a}b'));
  });

  it('refuses an unclosed brace with a reason, and leaves such a pattern out instead of throwing', () => {
    assert.throws(() => globToRegExp('{a,b'), (e: unknown) => e instanceof GlobError && /"\{" at position 1 is not closed/.test(e.message));
    const globs = compileGlobs(['{*.tmp,x}', '{oops', '**/gen/**']);
    assert.deepEqual(globs.problems, ['"{oops": "{" at position 1 is not closed by "}"']);
    assert.ok(globs.matches('a.tmp') && globs.matches('gen/a.yaml') && !globs.matches('a.yaml'));
  });
});
