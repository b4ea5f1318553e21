/** Go text/template control structures: if, with, range, break/continue, define/template/block, variables. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { execute, parseTemplate } from '../../../server/src/core/gotemplate';
import { execError, parseError, Pod, render } from './support';

describe('if', () => {
  it('follows Go truth: zero values, nil and empty collections are false', () => {
    const cases: [unknown, string][] = [
      [true, 'y'],
      [false, 'n'],
      [0n, 'n'],
      [-1n, 'y'],
      [0, 'n'],
      [0.5, 'y'],
      ['', 'n'],
      ['0', 'y'],
      [[], 'n'],
      [[0n], 'y'],
      [{}, 'n'],
      [{ a: 0n }, 'y'],
      [null, 'n'],
      [undefined, 'n'],
      [new Pod({ Name: 'web', Labels: {} }), 'y'],
      [new Pod(null), 'n'],
    ];
    for (const [v, want] of cases) {
      assert.equal(render('{{if .v}}y{{else}}n{{end}}', { v }), want, `if ${String(v)}`);
    }
  });

  it('treats a missing key as false', () => {
    assert.equal(render('{{if .missing}}y{{else}}n{{end}}', {}), 'n');
  });

  it('chains else if, with one {{end}}', () => {
    const src = '{{if eq . 1}}one{{else if eq . 2}}two{{else if eq . 3}}three{{else}}many{{end}}';
    assert.deepEqual([1n, 2n, 3n, 4n].map((n) => render(src, n)), ['one', 'two', 'three', 'many']);
  });

  it('leaves dot alone', () => {
    assert.equal(render('{{if .a}}{{.b}}{{end}}', { a: 'x', b: 'B' }), 'B');
  });

  it('needs a pipeline and a single else', () => {
    assert.equal(parseError('{{if}}x{{end}}').message, 'template: t:1: missing value for if');
    assert.match(parseError('{{if 1}}a{{else}}b{{else}}c{{end}}').message, /expected end; found \{\{else\}\}/);
  });
});

describe('with', () => {
  it('sets dot to a true value, else runs the else branch with the outer dot', () => {
    assert.equal(render('{{with .a}}[{{.}}]{{else}}none {{.n}}{{end}}', { a: 'x', n: 'N' }), '[x]');
    assert.equal(render('{{with .a}}[{{.}}]{{else}}none {{.n}}{{end}}', { a: '', n: 'N' }), 'none N');
    assert.equal(render('{{with .missing}}[{{.}}]{{else}}none{{end}}', {}), 'none');
  });

  it('chains else with', () => {
    const src = '{{with .a}}a={{.}}{{else with .b}}b={{.}}{{else}}neither{{end}}';
    assert.equal(render(src, { a: 1n, b: 2n }), 'a=1');
    assert.equal(render(src, { b: 2n }), 'b=2');
    assert.equal(render(src, {}), 'neither');
  });

  it('declares a variable for its body only', () => {
    assert.equal(render('{{with $x := .a}}{{$x}}{{.}}{{end}}', { a: 'v' }), 'vv');
    assert.match(parseError('{{with $x := .a}}{{end}}{{$x}}').message, /undefined variable "\$x"/);
  });
});

describe('range', () => {
  it('walks a slice with dot at each element', () => {
    assert.equal(render('{{range .}}[{{.}}]{{end}}', ['a', 'b']), '[a][b]');
  });

  it('gives the index and the element to two variables, the element to one', () => {
    assert.equal(render('{{range $i, $v := .}}{{$i}}={{$v}} {{end}}', ['a', 'b']), '0=a 1=b ');
    assert.equal(render('{{range $v := .}}{{$v}}{{end}}', ['a', 'b']), 'ab');
    assert.equal(render('{{range $i, $v := .}}{{printf "%T" $i}}{{end}}', ['a']), 'int');
  });

  it('walks a map in sorted key order', () => {
    const m = { b: 2n, c: 3n, a: 1n, B: 0n };
    assert.equal(render('{{range $k, $v := .}}{{$k}}{{$v}} {{end}}', m), 'B0 a1 b2 c3 ');
    assert.equal(render('{{range .}}{{.}}{{end}}', m), '0123');
  });

  it('counts up to an int', () => {
    assert.equal(render('{{range 3}}{{.}}{{end}}'), '012');
    assert.equal(render('{{range $i := .}}{{$i}},{{end}}', 3n), '0,1,2,');
    assert.equal(render('{{range -2}}x{{else}}none{{end}}'), 'none');
  });

  it('refuses two variables over an int', () => {
    assert.match(execError('{{range $i, $v := 3}}{{end}}').message, /can't use 3 to iterate over more than one variable/);
  });

  it('runs the else branch for an empty slice or map, nil and a missing value', () => {
    const src = '{{range .v}}x{{else}}empty {{.n}}{{end}}';
    for (const v of [[], {}, null, undefined, 0n]) {
      assert.equal(render(src, { v, n: 'N' }), 'empty N', `range over ${String(v)}`);
    }
  });

  it('keeps $ at the data while dot moves', () => {
    assert.equal(render('{{range .items}}{{$.prefix}}{{.}} {{end}}', { prefix: '-', items: ['a', 'b'] }), '-a -b ');
  });

  it('stops at {{break}} and skips the rest of an iteration at {{continue}}', () => {
    const list = [1n, 2n, 3n, 4n, 5n];
    assert.equal(render('{{range .}}{{if eq . 3}}{{break}}{{end}}{{.}}{{end}}', list), '12');
    assert.equal(render('{{range .}}{{if eq . 3}}{{continue}}{{end}}{{.}}{{end}}', list), '1245');
  });

  it('breaks out of the innermost range only', () => {
    const src = '{{range .}}{{range .}}{{if eq . 2}}{{break}}{{end}}{{.}}{{end}};{{end}}';
    assert.equal(render(src, [[1n, 2n, 3n], [4n, 2n]]), '1;4;');
  });

  it('refuses break and continue outside a range', () => {
    assert.match(parseError('{{break}}').message, /\{\{break\}\} outside \{\{range\}\}/);
    assert.match(parseError('{{if 1}}{{continue}}{{end}}').message, /\{\{continue\}\} outside \{\{range\}\}/);
  });

  it('cannot iterate over a string, a float or a bool', () => {
    assert.match(execError('{{range .}}{{end}}', 'hello').message, /range can't iterate over hello/);
    assert.match(execError('{{range .}}{{end}}', 1.5).message, /range can't iterate over 1\.5/);
    assert.match(execError('{{range .}}{{end}}', true).message, /range can't iterate over true/);
  });
});

describe('define, template and block', () => {
  it('executes a defined template with the given dot', () => {
    assert.equal(render('{{define "T"}}<{{.}}>{{end}}{{template "T" "x"}}{{template "T" .}}', 'y'), '<x><y>');
  });

  it('gives the invalid value as dot when no pipeline is passed', () => {
    assert.equal(render('{{define "T"}}{{.}}{{end}}{{template "T"}}', 'ignored'), '<no value>');
  });

  it('makes $ the dot it was called with', () => {
    assert.equal(render('{{define "T"}}{{$}}/{{$.b}}{{end}}{{template "T" .a}}', { a: { b: 'B' } }), 'map[b:B]/B');
  });

  it('lets no variable of the caller into the template', () => {
    assert.match(parseError('{{$x := 1}}{{define "T"}}{{$x}}{{end}}').message, /undefined variable "\$x"/);
  });

  it('recurses', () => {
    const src = '{{define "T"}}{{if .}}{{index . 0}}{{template "T" (slice . 1)}}{{end}}{{end}}{{template "T" .}}';
    assert.equal(render(src, [1n, 2n, 3n]), '123');
  });

  it('runs a block in place and defines it for later calls', () => {
    assert.equal(render('{{block "B" .}}[{{.}}]{{end}}|{{template "B" "y"}}', 'x'), '[x]|[y]');
    assert.equal(parseError('{{block "B"}}x{{end}}').message, 'template: t:1: missing value for block clause');
  });

  it('executes any named template of the set, and keeps a definition over an empty main body', () => {
    const set = parseTemplate('main', '{{define "main"}}M{{.}}{{end}}\n{{define "other"}}O{{.}}{{end}}\n', {
      functions: new Set(),
    });
    assert.equal(execute(set, 'main', 1n, {}), 'M1');
    assert.equal(execute(set, 'other', 2n, {}), 'O2');
    assert.throws(() => execute(set, 'none', 0n, {}), /no template "none" associated with template "main"/);
  });

  it('refuses two definitions of one name', () => {
    assert.match(parseError('{{define "a"}}1{{end}}{{define "a"}}2{{end}}').message,
      /multiple definition of template "a"/);
  });

  it('fails when the called template does not exist', () => {
    assert.match(execError('{{template "nope" .}}').message, /template "nope" not defined/);
  });

  it('needs a name, an {{end}} and no {{else}}', () => {
    assert.equal(parseError('{{template .x}}').message, 'template: t:1: unexpected ".x" in template clause');
    assert.equal(parseError('{{define .x}}{{end}}').message, 'template: t:1: unexpected ".x" in define clause');
    assert.equal(parseError('{{template if}}').message, 'template: t:1: unexpected <if> in template clause');
    assert.match(parseError('{{define "a"}}x{{else}}y{{end}}').message, /unexpected \{\{else\}\} in define clause/);
    assert.match(parseError('{{define "a"}}x').message, /unexpected EOF/);
  });
});

describe('variables', () => {
  it('prints nothing for a declaration and the value where used', () => {
    assert.equal(render('{{$x := "a"}}[{{$x}}]'), '[a]');
    assert.equal(render('{{$x := .a}}{{$x.b}}', { a: { b: 'B' } }), 'B');
    assert.equal(render('{{$.a}}', { a: 'A' }), 'A');
  });

  it('scopes a declaration to the control structure it is in', () => {
    assert.equal(render('{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}'), '21');
    assert.match(parseError('{{if true}}{{$y := 1}}{{end}}{{$y}}').message, /^template: t:1: undefined variable "\$y"$/);
    assert.match(parseError('{{range .}}{{$z := .}}{{end}}{{$z}}').message, /undefined variable "\$z"/);
    assert.match(parseError('{{range $i, $v := .}}{{end}}{{$i}}').message, /undefined variable "\$i"/);
  });

  it('reassigns the outer variable with =', () => {
    assert.equal(render('{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}'), '2');
    assert.equal(render('{{$last := ""}}{{range .}}{{$last = .}}{{end}}{{$last}}', ['a', 'b', 'c']), 'c');
    assert.equal(render('{{$i := 0}}{{$v := ""}}{{range $i, $v = .}}{{end}}{{$i}}{{$v}}', ['a', 'b']), '1b');
  });

  it('refuses an undeclared variable when parsing, and assigning one when executing, as Go does', () => {
    assert.equal(parseError('{{$nope}}').message, 'template: t:1: undefined variable "$nope"');
    assert.match(execError('{{$z = 1}}').message, /undefined variable: \$z/);
  });

  it('allows only one declaration outside range, and two variables in range', () => {
    assert.match(parseError('{{with $a, $b := 1}}{{end}}').message, /too many declarations in with/);
    assert.match(parseError('{{range $a, $b, $c := .}}{{end}}').message, /too many declarations in range/);
  });

  it('reads a malformed range declaration as Go does', () => {
    assert.match(parseError('{{range $k,}}{{end}}').message, /missing value for range/);
    assert.match(parseError('{{range $k, $v := }}{{end}}').message, /missing value for range/);
    assert.match(parseError('{{range $k, .}}{{end}}').message, /range can only initialize variables/);
    assert.match(parseError('{{range $k, 123 := .}}{{end}}').message, /range can only initialize variables/);
    assert.match(parseError('{{range $k, $v}}{{end}}').message, /undefined variable "\$v"/);
  });
});
