/** printf and value printing as Go's fmt does them: verbs, flags, width and precision, bad arguments, floats. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatFloat, sprintf } from '../../../server/src/core/gotemplate';
import { render } from './support';

describe('printf verbs', () => {
  it('formats %s %d %v %t %q %x %5.2f %-4s and %%', () => {
    const src = '{{printf "%s|%d|%v|%t|%q|%x|%5.2f|%-4s|%%" "s" 42 .m true "q\\"" 255 3.14159 "ab"}}';
    assert.equal(render(src, { m: { b: 2n, a: 1n } }), 's|42|map[a:1 b:2]|true|"q\\""|ff| 3.14|ab  |%');
  });

  it('formats integers in every base, as characters and with flags', () => {
    assert.equal(render('{{printf "%X %o %b %c %q %U" 255 8 5 65 65 65}}'), 'FF 10 101 A \'A\' U+0041');
    assert.equal(render('{{printf "%05d|%+d|% d|%-5d|%5d|%.3d|%#x" -42 5 5 7 7 7 255}}'), '-0042|+5| 5|7    |    7|007|0xff');
  });

  it('quotes characters as strconv.QuoteRune does, and prints U+FFFD for an invalid rune', () => {
    assert.equal(render('{{printf "%c|%c|%q|%q|%q" 233 -1 10 39 34}}'), "é|\uFFFD|'\\n'|'\\''|'\"'");
  });

  it('formats floats with %e %g %f and precision', () => {
    assert.equal(render('{{printf "%e|%g|%.3g|%8.3f|%-8.3f|%f|%.0f" 1234.5678 0.00001234 1234.5678 3.14159 3.14159 1.0 7.5}}'),
      '1.234568e+03|1.234e-05|1.23e+03|   3.142|3.142   |1.000000|8');
  });

  it('rounds the exact binary value half to even, as strconv does', () => {
    assert.equal(render('{{printf "%.0f %.0f %.2f %.1f %.0e" 2.5 3.5 0.125 0.25 2.5}}'), '2 4 0.12 0.2 2e+00');
    // 1.005 is really 1.00499999999999989...: it rounds down.
    assert.equal(render('{{printf "%.2f" 1.005}}'), '1.00');
  });

  it('prints large floats in full with %f', () => {
    assert.equal(render('{{printf "%.2f" 1e22}}'), '10000000000000000000000.00');
  });

  it('formats strings with %x, precision and width', () => {
    assert.equal(render('{{printf "%x|%X|%.2s|%5s|%-5s|%q" "hi" "hi" "abc" "ab" "ab" "tab\\there"}}'),
      '6869|6869|ab|   ab|ab   |"tab\\there"');
  });

  it('formats %T and %v of every kind', () => {
    assert.equal(render('{{printf "%T %T %T %T %T %T %T" 1 1.5 "s" true nil .s .m}}', { s: [], m: {} }),
      'int float64 string bool <nil> []interface {} map[string]interface {}');
    assert.equal(render('{{printf "%v" .}}', [1n, 'a', null, [true]]), '[1 a <nil> [true]]');
  });

  it('applies the verb to each element of a slice or map', () => {
    assert.equal(render('{{printf "%d|%q|%q|%03d" .s .t .u .m}}', { s: [1n, 2n], t: ['a'], u: { k: 'v' }, m: { k: 7n } }),
      '[1 2]|["a"]|map["k":"v"]|map[%!d(string=k):007]');
  });

  it('takes width and precision from arguments with *', () => {
    assert.equal(render('{{printf "%*d|%-*d|%*d|%.*f" 4 1 3 2 -3 5 2 3.14159}}'), '   1|2  |5  |3.14');
    assert.equal(render('{{printf "%*d" "x" 1}}'), '%!(BADWIDTH)1');
    assert.equal(render('{{printf "%.*d" -1 1}}'), '%!(BADPREC)1');
  });
});

describe('printf argument indexes', () => {
  it('picks arguments by [n], for the verb, the width and the precision', () => {
    assert.equal(render('{{printf "%[2]d %[1]d" 11 22}}'), '22 11');
    assert.equal(render('{{printf "%d %d %#[1]x %#x" 16 17}}'), '16 17 0x10 0x11');
    assert.equal(render('{{printf "%[3]*.[2]*[1]f|" 12.0 2 6}}'), ' 12.00|');
  });

  it('reports a bad index, and no longer lists extra arguments once reordered', () => {
    assert.equal(render('{{printf "%[3]d|%[x]d|%[3]2d" 1 2}}'), '%!d(BADINDEX)|%!d(BADINDEX)|%!d(BADINDEX)');
    assert.equal(render('{{printf "%[1]d" 1 2 3}}'), '1');
  });
});

describe('printf with wrong arguments', () => {
  it('marks a missing argument', () => {
    assert.equal(render('{{printf "%d %d" 1}}'), '1 %!d(MISSING)');
  });

  it('lists extra arguments with their types', () => {
    assert.equal(render('{{printf "%d" 1 2 "x" nil}}'), '1%!(EXTRA int=2, string=x, <nil>)');
    assert.equal(render('{{printf "no verbs" 1}}'), 'no verbs%!(EXTRA int=1)');
  });

  it('marks a verb that does not fit its argument', () => {
    assert.equal(render('{{printf "%d|%s|%t|%d|%x" 1.0 5 "x" "s" true}}'),
      '%!d(float64=1)|%!s(int=5)|%!t(string=x)|%!d(string=s)|%!x(bool=true)');
  });

  it('prints nil only for %v', () => {
    assert.equal(render('{{printf "%v|%s|%d" nil nil nil}}'), '<nil>|%!s(<nil>)|%!d(<nil>)');
  });

  it('marks a format that ends in %', () => {
    assert.equal(render('{{printf "50%"}}'), '50%!(NOVERB)');
  });

  it('gives up on a width over a million instead of padding', () => {
    assert.equal(sprintf('%99999999d', [1n]), '%!(NOVERB)%!(EXTRA int=1)');
    assert.equal(sprintf('%.99999999f', [1.5]), '%!(NOVERB)%!(EXTRA float64=1.5)');
  });
});

describe('printing floats', () => {
  it('prints a float64 as %v does: shortest digits, the %e form for exponents below -4 or from 6 up', () => {
    assert.equal(render('{{1e6}} {{100000.0}} {{1e-5}} {{15020.0}} {{0.1}} {{-2.5}} {{0.000123}} {{123456789.0}} {{1e21}}'),
      '1e+06 100000 1e-05 15020 0.1 -2.5 0.000123 1.23456789e+08 1e+21');
  });

  it('prints floats from the data the same way', () => {
    assert.equal(render('{{.a}} {{.b}} {{.c}} {{.d}}', { a: 3, b: 1000000, c: 0.1 + 0.2, d: -0 }), '3 1e+06 0.30000000000000004 -0');
  });

  it('formatFloat follows strconv for the special values and %g with a precision', () => {
    assert.deepEqual([formatFloat(NaN, 'g', -1), formatFloat(Infinity, 'g', -1), formatFloat(-Infinity, 'f', 2)], ['NaN', '+Inf', '-Inf']);
    assert.deepEqual([formatFloat(100, 'g', 3), formatFloat(1000, 'g', 3), formatFloat(99.99, 'g', 3), formatFloat(1, 'g', 0)],
      ['100', '1e+03', '100', '1']);
    assert.equal(formatFloat(5e-324, 'e', 3), '4.941e-324');
    assert.equal(formatFloat(0, 'e', 2), '0.00e+00');
  });
});
