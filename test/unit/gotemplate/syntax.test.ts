/** Go text/template syntax: text and actions, trimming, comments, string, char and number constants. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { anyError, parseError, render } from './support';

describe('text and actions', () => {
  it('copies text outside actions unchanged', () => {
    assert.equal(render(''), '');
    assert.equal(render('plain  text\n\twith { single } braces'), 'plain  text\n\twith { single } braces');
  });

  it('replaces each action by its value', () => {
    assert.equal(render('a{{"b"}}c{{.}}', 'd'), 'abcd');
  });

  it('lets an action span lines', () => {
    assert.equal(render('{{print\n  1\n  2}}'), '1 2');
  });
});

describe('trim markers', () => {
  it('{{- trims all white space before, -}} all white space after', () => {
    assert.equal(render('a  \t\r\n {{- 1 -}} \n\t b'), 'a1b');
  });

  it('trims only white space, and only on its own side', () => {
    assert.equal(render('x y. {{- 1}} z'), 'x y.1 z');
    assert.equal(render('x {{1 -}} . z'), 'x 1. z');
  });

  it('accepts a tab or a newline as the white space of the marker', () => {
    assert.equal(render('a {{-\t1\t-}} b'), 'a1b');
    assert.equal(render('a {{-\n1\n-}} b'), 'a1b');
  });

  it('reads {{-3}} as the number -3, not a trim marker', () => {
    assert.equal(render('a {{-3}} b'), 'a -3 b');
    assert.equal(render('a {{- 3}} b'), 'a3 b');
  });

  it('trims between consecutive actions and inside control structures', () => {
    assert.equal(render('{{1}}   {{- 2}}'), '12');
    assert.equal(render('{{range .}}\n  {{- .}}\n{{- end}}', [1n, 2n, 3n]), '123');
  });

  it('trims around else and end', () => {
    const src = '{{if .}}\n  yes\n{{- else -}}\n  no\n{{- end}}!';
    assert.equal(render(src, true), '\n  yes!');
    assert.equal(render(src, false), 'no!');
  });

  it('trims next to a comment', () => {
    assert.equal(render('a \n{{- /* c */ -}}\n b'), 'ab');
    assert.equal(render('[  {{- /* c */}} ]'), '[ ]');
    assert.equal(render('[  {{/* c */ -}} ]'), '[  ]');
  });

  it('never leaves the marker in the action an error quotes', () => {
    assert.match(anyError('{{- .a.b -}}', { a: null }), /at <\.a\.b>:/);
  });
});

describe('comments', () => {
  it('prints nothing, and may span lines', () => {
    assert.equal(render('a{{/* one */}}b{{/* two\nlines */}}c'), 'abc');
  });

  it('must start right after the delimiter', () => {
    assert.match(parseError('{{ /* c */}}').message, /^template: t:1: unrecognized character in action: U\+002F '\/'$/);
  });

  it('must end right before the delimiter', () => {
    assert.equal(parseError('{{/* c */ }}').message, 'template: t:1: comment ends before closing delimiter');
    assert.equal(parseError('{{/* c */ .}}').message, 'template: t:1: comment ends before closing delimiter');
  });

  it('must be closed', () => {
    assert.equal(parseError('a{{/* c }}').message, 'template: t:1: unclosed comment');
  });
});

describe('string and character constants', () => {
  it('keeps a raw string as written, across lines, without carriage returns', () => {
    assert.equal(render('{{`a\\nb`}}'), 'a\\nb');
    assert.equal(render('{{`a\r\nb`}}'), 'a\nb');
  });

  it('unquotes Go escapes in a quoted string', () => {
    assert.equal(render('{{"t\\tn\\nq\\"b\\\\x\\x41u\\u00e9U\\U0001F600o\\101"}}'), 't\tn\nq"b\\xAuéU😀oA');
  });

  it('refuses a bad escape, an unterminated string and a newline in a quoted string', () => {
    assert.match(parseError('{{"\\q"}}').message, /invalid syntax/);
    assert.match(parseError('{{"abc}}').message, /unterminated quoted string/);
    assert.match(parseError('{{"a\nb"}}').message, /unterminated quoted string/);
    assert.match(parseError('{{`abc}}').message, /unterminated raw quoted string/);
  });

  it('reads a character constant as its code point, an int', () => {
    assert.equal(render("{{'a'}} {{'\\n'}} {{'é'}} {{'\\''}}"), '97 10 233 39');
    assert.equal(render("{{printf \"%c%T\" 'x' 'x'}}"), 'xint');
  });

  it('refuses a character constant of two characters', () => {
    assert.match(parseError("{{'ab'}}").message, /malformed character constant/);
  });
});

describe('number constants', () => {
  const jsType: Record<string, (v: unknown) => unknown> = { jsType: (v) => typeof v };

  it('makes an integer literal a Go int (bigint) and a literal with a point or exponent a float64 (number)', () => {
    assert.equal(render('{{jsType 1}} {{jsType 1.5}} {{jsType 1e3}} {{jsType 0x10}} {{jsType 0x1p4}}', {}, jsType),
      'bigint number number bigint number');
    assert.equal(render('{{printf "%T %T %T" 7 7.0 7e0}}'), 'int float64 float64');
  });

  it('reads decimal, hex, octal, binary and underscores', () => {
    assert.equal(render('{{0x1F}} {{0X1f}} {{0o17}} {{017}} {{0b101}} {{1_000_000}} {{-0x10}} {{+5}}'),
      '31 31 15 15 5 1000000 -16 5');
  });

  it('reads floats, hex floats and exponents', () => {
    assert.equal(render('{{1.5}} {{1e3}} {{.5}} {{0x1p4}} {{2.5e-3}}'), '1.5 1000 0.5 16 0.0025');
  });

  it('keeps int64 range exactly and refuses beyond it', () => {
    assert.equal(render('{{9223372036854775807}} {{-9223372036854775808}}'), '9223372036854775807 -9223372036854775808');
    assert.match(anyError('{{9223372036854775808}}'), /overflows int|integer overflow/);
  });

  // Go's parse.newNumber refuses an integer literal no uint64 holds with `integer overflow: %q`; one a uint64 holds
  // but an int does not is "<literal> overflows int" (exec.go's idealConstant).
  it("words an out-of-range integer literal as Go does", () => {
    assert.match(anyError('{{9223372036854775808}}'), /: 9223372036854775808 overflows int$/);
    assert.match(anyError('{{0xFFFFFFFFFFFFFFFF}}'), /: 0xFFFFFFFFFFFFFFFF overflows int$/);
    assert.equal(parseError('{{18446744073709551616}}').message, 'template: t:1: integer overflow: "18446744073709551616"');
    assert.equal(parseError('{{-9223372036854775809}}').message, 'template: t:1: integer overflow: "-9223372036854775809"');
  });

  // strconv.ParseFloat("-0x1p-2") is -0.25 and fmt prints a float64 with %v as the shortest 'g' form.
  it('keeps the sign of a negative hex float and prints it as Go does', () => {
    assert.equal(render('{{-0x1p-2}} {{-0x1.8p1}} {{+0x1p-2}} {{-0X.8P0}}'), '-0.25 -3 0.25 -0.5');
    assert.equal(render('{{printf "%T %v" -0x1p-2 -0x1p-2}}'), 'float64 -0.25');
    assert.equal(render('{{lt -0x1p-2 0.0}}'), 'true');
  });

  it('refuses bad number syntax', () => {
    assert.match(parseError('{{1x}}').message, /bad number syntax: "1x"/);
    assert.match(parseError('{{-}}').message, /illegal number syntax: "-"/);
  });

  it('refuses complex constants, which this engine does not support', () => {
    assert.match(parseError('{{3.2i}}').message, /complex constants are not supported/);
  });
});

describe('other lexical errors', () => {
  it('names the character it cannot read as Go does (%#U)', () => {
    assert.equal(parseError('{{.x#}}').message, "template: t:1: bad character U+0023 '#'");
    assert.equal(parseError('{{.x}').message, "template: t:1: bad character U+007D '}'");
    assert.equal(parseError('{{@}}').message, "template: t:1: unrecognized character in action: U+0040 '@'");
  });

  it('refuses unbalanced parentheses', () => {
    assert.match(parseError('{{(1}}').message, /unclosed left paren/);
    assert.match(parseError('{{1)}}').message, /unexpected right paren/);
  });
});
