/** The functions every Go template has: and or not len index slice print println eq ne lt le gt ge html js urlquery call. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { stringMap } from '../../../server/src/core/gotemplate';
import { execError, Pod, render } from './support';

describe('and, or, not', () => {
  it('return the deciding operand, or the last one', () => {
    assert.equal(render('{{and 1 0 2}}|{{and 1 2}}|{{or 0 "" "x" "y"}}|{{or 0 ""}}|{{and .missing 1}}'), '0|2|x||<no value>');
  });

  it('stop evaluating once decided', () => {
    let calls = 0;
    const funcs = {
      touch: (): unknown => {
        calls++;
        return true;
      },
    };
    assert.equal(render('{{and false (index .s 99)}} {{or true (index .s 99)}} {{or 1 (touch)}}', { s: [] }, funcs),
      'false true 1');
    assert.equal(calls, 0);
    assert.match(execError('{{and true (index .s 99)}}', { s: [] }).message, /index out of range: 99/);
  });

  it('take the pipeline value as the last operand', () => {
    assert.equal(render('{{1 | and 0}} {{0 | or "x"}} {{"y" | and 1}}'), '0 x y');
  });

  it('decide if conditions', () => {
    assert.equal(render('{{if and .a .b}}both{{else}}not both{{end}}', { a: 1n }), 'not both');
    assert.equal(render('{{if or .a .b}}one{{end}}', { b: 'x' }), 'one');
  });

  it('need an operand', () => {
    assert.match(execError('{{and}}').message, /at <and>: wrong number of args for and: want at least 1 got 0$/);
  });

  it('not negates Go truth and takes one argument', () => {
    assert.equal(render('{{not 0}} {{not "x"}} {{not .missing}} {{not (list)}}', {}, { list: () => [] }),
      'true false true true');
  });
});

describe('len', () => {
  it('counts UTF-8 bytes of a string, elements of a slice, keys of a map', () => {
    assert.equal(render('{{len "héllo"}} {{len "😀"}} {{len .s}} {{len .m}}', { s: [1n, 2n], m: { a: 1n, b: 2n, c: 3n } }),
      '6 4 2 3');
  });

  it('refuses what has no length', () => {
    assert.match(execError('{{len 3}}').message, /error calling len: len of type int/);
    assert.match(execError('{{len .a}}', { a: null }).message, /error calling len: len of nil pointer/);
  });
});

describe('index', () => {
  const data = { s: ['a', 'b', 'c'], m: { a: ['x', 'y'], n: null }, sm: stringMap({ k: 'v' }) };

  it('indexes slices, maps and nested items', () => {
    assert.equal(render('{{index .s 1}} {{index .m "a" 1}} {{index . "s" 2}} {{index .s}}', data), 'b y c [a b c]');
  });

  it('gives the zero value for a missing key: no value for map[string]any, "" for map[string]string', () => {
    assert.equal(render('[{{index .m "nope"}}] [{{index .sm "nope"}}] [{{index .sm "k"}}]', data), '[<no value>] [] [v]');
  });

  it('gives the byte of a string', () => {
    assert.equal(render('{{index "abc" 1}} {{index "é" 0}}'), '98 195');
  });

  it('fails out of range, as Go does at and beyond the length', () => {
    assert.match(execError('{{index .s 5}}', data).message, /error calling index: index out of range: 5$/);
    assert.match(execError('{{index .s -1}}', data).message, /index out of range: -1$/);
    assert.match(execError('{{index .s 3}}', data).message, /error calling index: reflect: slice index out of range$/);
  });

  it('refuses wrong index types and unindexable items', () => {
    assert.match(execError('{{index .s "a"}}', data).message, /cannot index slice\/array with type string/);
    assert.match(execError('{{index .s nil}}', data).message, /cannot index slice\/array with nil/);
    assert.match(execError('{{index .m 1}}', data).message, /value has type int; should be string/);
    assert.match(execError('{{index 5 1}}', data).message, /can't index item of type int/);
    assert.match(execError('{{index nil 1}}', data).message, /index of untyped nil/);
    assert.match(execError('{{index .m "n" 0}}', data).message, /index of nil pointer/);
  });
});

describe('slice', () => {
  const data = { s: ['a', 'b', 'c'] };

  it('slices slices and strings', () => {
    assert.equal(render('{{slice .s 1}} {{slice .s 1 2}} {{slice .s}} {{slice .s 3}} {{slice "hello" 1 3}}', data),
      '[b c] [b] [a b c] [] el');
  });

  it('slices a string by UTF-8 bytes, as len and index count it', () => {
    assert.equal(render('{{slice "héllo" 1 3}}|{{slice "héllo" 3}}'), 'é|llo');
  });

  it('refuses indexes out of range or out of order, and what cannot be sliced', () => {
    assert.match(execError('{{slice .s 0 9}}', data).message, /error calling slice: index out of range: 9$/);
    assert.match(execError('{{slice .s 2 1}}', data).message, /invalid slice index: 2 > 1$/);
    assert.match(execError('{{slice "abc" 0 1 2}}', data).message, /cannot 3-index slice a string/);
    assert.match(execError('{{slice 3 1}}', data).message, /can't slice item of type int/);
    assert.match(execError('{{slice nil}}', data).message, /slice of untyped nil/);
  });
});

describe('print and println', () => {
  it('print puts spaces between operands when neither is a string', () => {
    assert.equal(render('{{print "a" "b"}}|{{print 1 2}}|{{print "a" 1 2 "b"}}|{{print 1 "a" 2}}|{{print true 1.5}}'),
      'ab|1 2|a1 2b|1a2|true 1.5');
  });

  it('println always puts spaces and ends with a newline', () => {
    assert.equal(render('{{println "a" 1 "b"}}'), 'a 1 b\n');
    assert.equal(render('{{println}}'), '\n');
  });

  it('prints collections as fmt does', () => {
    assert.equal(render('{{print .}}', { b: [1n, 'x', null], a: { z: 1.5, y: true } }), 'map[a:map[y:true z:1.5] b:[1 x <nil>]]');
  });
});

describe('eq and ne', () => {
  it('compare basic values of one kind', () => {
    assert.equal(render('{{eq 1 1}} {{eq "a" "b"}} {{eq true true}} {{eq 1.5 1.5}} {{ne 1 2}} {{ne "a" "a"}}'),
      'true false true true true false');
  });

  it('eq with several arguments is true when the first equals any other', () => {
    assert.equal(render('{{eq "b" "a" "b" "c"}} {{eq 1 2 3}}'), 'true false');
  });

  it('compares a missing value with anything without error', () => {
    assert.equal(render('{{eq .missing "x"}} {{eq "x" .missing}} {{eq .missing .gone}} {{eq .missing 0}}'),
      'false false true false');
  });

  it('refuses values of different kinds, even an int and a float', () => {
    assert.match(execError('{{eq 1 1.0}}').message, /error calling eq: incompatible types for comparison/);
    assert.match(execError('{{eq "a" 1}}').message, /incompatible types for comparison/);
    assert.match(execError('{{ne 1 "a"}}').message, /error calling ne: incompatible types for comparison/);
  });

  it('compares nil pointers, maps and nil by nil-ness, and pointers by identity', () => {
    const web = new Pod({ Name: 'web', Labels: {} });
    const data = { web, twin: new Pod({ Name: 'web', Labels: {} }), none: new Pod(null), m: {} };
    assert.equal(render('{{eq .none nil}} {{eq nil .none}} {{eq .web nil}} {{eq .m nil}} {{eq .missing .none}} {{ne .none nil}}', data),
      'true true false false true false');
    assert.equal(render('{{eq .web .web}} {{eq .web .twin}}', data), 'true false');
  });

  it('refuses uncomparable values and a single argument', () => {
    assert.match(execError('{{eq .s .s}}', { s: [1n] }).message, /non-comparable type/);
    assert.match(execError('{{eq 1}}').message, /missing argument for comparison/);
  });
});

describe('lt, le, gt, ge', () => {
  it('order ints, floats and strings', () => {
    assert.equal(render('{{lt 1 2}} {{le 2 2}} {{gt 3 2}} {{ge 2 3}} {{gt 2 2}} {{ge 2 2}} {{le 3 2}}'),
      'true true true false false true false');
    assert.equal(render('{{lt 1.5 2.5}} {{gt -1.5 -2.5}} {{lt "a" "b"}} {{lt "b" "a"}} {{ge "b" "b"}} {{lt "B" "a"}}'),
      'true true true false true true');
  });

  it('refuses mixed kinds and kinds without order', () => {
    assert.match(execError('{{lt 1 1.5}}').message, /error calling lt: incompatible types for comparison/);
    assert.match(execError('{{gt 1 "a"}}').message, /error calling gt: incompatible types for comparison/);
    assert.match(execError('{{lt true false}}').message, /invalid type for comparison/);
    assert.match(execError('{{lt .missing 1}}').message, /invalid type for comparison/);
    assert.match(execError('{{le .m .m}}', { m: {} }).message, /invalid type for comparison/);
  });
});

describe('html, js, urlquery, call', () => {
  it('escape as Go does', () => {
    assert.equal(render('{{html "<a href=\\"x\\">&\'</a>"}}'), '&lt;a href=&#34;x&#34;&gt;&amp;&#39;&lt;/a&gt;');
    assert.equal(render('{{js "it\'s <b>\\n\\\\ = &"}}'), 'it\\\'s \\u003Cb\\u003E\\u000A\\\\ \\u003D \\u0026');
    assert.equal(render('{{urlquery "a b&c=d/é!*"}}'), 'a+b%26c%3Dd%2F%C3%A9%21%2A');
  });

  it('call calls a function value', () => {
    assert.equal(render('{{call .f 1 2}}', { f: (a: unknown, b: unknown) => `${String(a)}+${String(b)}` }), '1+2');
  });
});

describe('argument counts', () => {
  it('are checked before the call, so the message has no "error calling"', () => {
    const cases: [string, string][] = [
      ['{{len}}', 'wrong number of args for len: want 1 got 0'],
      ['{{not 1 2}}', 'wrong number of args for not: want 1 got 2'],
      ['{{index}}', 'wrong number of args for index: want at least 1 got 0'],
      ['{{slice}}', 'wrong number of args for slice: want at least 1 got 0'],
      ['{{eq}}', 'wrong number of args for eq: want at least 1 got 0'],
      ['{{ne 1}}', 'wrong number of args for ne: want 2 got 1'],
      ['{{lt 1 2 3}}', 'wrong number of args for lt: want 2 got 3'],
      ['{{printf}}', 'wrong number of args for printf: want at least 1 got 0'],
      ['{{printf .}}', 'wrong type for value; expected string; got int'],
    ];
    for (const [src, want] of cases) {
      const e = execError(src, 1n);
      assert.ok(e.message.endsWith(`: ${want}`), e.message);
      assert.doesNotMatch(e.message, /error calling/);
    }
  });
});

describe('user functions', () => {
  it('take precedence over builtins of the same name', () => {
    assert.equal(render('{{len "abc"}}', {}, { len: () => 'mine' }), 'mine');
  });

  it('receive the arguments in order, the pipeline value last', () => {
    const funcs = { join: (...a: unknown[]): unknown => a.map(String).join(',') };
    assert.equal(render('{{join 1 "a" true}} {{"z" | join 1}}', {}, funcs), '1,a,true 1,z');
  });
});
