/** Go text/template data access: map keys, missing keys, nil values, struct fields and methods, chains, nil pipelines. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { stringMap } from '../../../server/src/core/gotemplate';
import { execError, Pod, render } from './support';

describe('map keys as fields', () => {
  it('walks nested maps', () => {
    assert.equal(render('{{.a.b.c}}', { a: { b: { c: 'deep' } } }), 'deep');
  });

  it('prints <no value> for a missing key, and a field of a missing value is still no value', () => {
    assert.equal(render('[{{.missing}}] [{{.missing.x.y}}]', {}), '[<no value>] [<no value>]');
  });

  it('prints <no value> for a key holding nil (an empty interface is unwrapped)', () => {
    assert.equal(render('{{.a}}', { a: null }), '<no value>');
  });

  it('fails on a field of a nil value', () => {
    const e = execError('{{.a.x}}', { a: null });
    assert.equal(e.message, 'template: t:1:2: executing "t" at <.a.x>: nil pointer evaluating interface {}.x');
  });

  it('gives <no value> for a missing key of a map[string]string too, when read as a field', () => {
    assert.equal(render('{{.m.k}}|{{.m.nope}}', { m: stringMap({ k: 'v' }) }), 'v|<no value>');
  });

  it('refuses arguments to a map key and fields of a non-map', () => {
    assert.match(execError('{{.m.k 1}}', { m: { k: 'v' } }).message, /k is not a method but has arguments/);
    assert.match(execError('{{.s.x}}', { s: 'str' }).message, /can't evaluate field x in type string/);
    assert.match(execError('{{.n.x}}', { n: 1n }).message, /can't evaluate field x in type int/);
  });

  it('does not find inherited object properties', () => {
    assert.equal(render('{{.toString}}|{{.constructor}}', {}), '<no value>|<no value>');
  });
});

describe('struct fields and methods (GoObject)', () => {
  const web = new Pod({ Name: 'web', Labels: { app: 'shop' } });
  const data = { pod: web, none: new Pod(null) };

  it('reads fields, and fields of fields', () => {
    assert.equal(render('{{.pod.Name}} {{.pod.Labels.app}}', data), 'web shop');
  });

  it('calls a method with the arguments that follow it', () => {
    assert.equal(render('{{.pod.Greet "you"}}', data), 'hello you from web');
    assert.equal(render('{{.pod.Greet .pod.Name}}', data), 'hello web from web');
  });

  it('passes the pipeline value as the last argument', () => {
    assert.equal(render('{{"me" | .pod.Greet}}', data), 'hello me from web');
  });

  it('calls a method without arguments in the middle of a chain', () => {
    assert.equal(render('{{.pod.Kind}}', data), 'Pod');
  });

  it('runs methods on a nil pointer but fails on its fields', () => {
    assert.equal(render('{{.none.Kind}} {{.none.Greet "x"}}', data), 'Pod hello x from nobody');
    assert.match(execError('{{.none.Name}}', data).message, /nil pointer evaluating \*test\.Pod\.Name/);
  });

  it('is false in if when nil, and prints as fmt does', () => {
    assert.equal(render('{{if .none}}y{{else}}n{{end}} {{.pod}} {{.none}}', data), 'n &{web map[]} <nil>');
  });

  it('reports a failing method as "error calling NAME"', () => {
    const e = execError('{{.pod.Fail}}', data);
    assert.equal(e.message, 'template: t:1:2: executing "t" at <.pod.Fail>: error calling Fail: pod is broken');
    assert.match(execError('{{.pod.Greet}}', data).message, /error calling Greet: wrong number of args for Greet/);
  });

  it('refuses an unknown field and arguments to a field', () => {
    assert.match(execError('{{.pod.Nope}}', data).message, /can't evaluate field Nope in type \*test\.Pod/);
    assert.match(execError('{{.pod.Name 1}}', data).message, /Name has arguments but cannot be invoked as function/);
  });
});

describe('parenthesised chains', () => {
  it('reads fields of a parenthesised pipeline', () => {
    const data = { m: { k: { v: 'V' } }, pod: new Pod({ Name: 'web', Labels: {} }) };
    assert.equal(render('{{(index .m "k").v}}', data), 'V');
    assert.equal(render('{{(.m).k.v}}', data), 'V');
    assert.equal(render('{{(index . "pod").Name}}', data), 'web');
  });

  it('gives no value for a field of a nil or missing result: the pipeline unwraps the empty interface', () => {
    assert.equal(render('{{(index .m "nope").v}}', { m: {} }), '<no value>');
    assert.equal(render('{{(index .m "k").v}} {{(.m.k).v}}', { m: { k: null } }), '<no value> <no value>');
    // Without parentheses the nil interface is still there, and Go fails.
    assert.match(execError('{{.m.k.v}}', { m: { k: null } }).message, /nil pointer evaluating interface \{\}\.v/);
  });

  it('refuses a field of a literal', () => {
    assert.throws(() => render('{{"s".x}}'), /unexpected \. after term/);
  });
});

describe('nil pipelines', () => {
  const funcs = {
    nothing: (): unknown => null,
    isNull: (v: unknown): unknown => v === null,
  };

  it('prints <no value> for a function returning nil at top level', () => {
    assert.equal(render('{{nothing}}', {}, funcs), '<no value>');
  });

  it('prints <nil> for nil given to print, as an argument or through the pipeline', () => {
    assert.equal(render('{{print nil}} {{print (nothing)}} {{nothing | print}} {{print .missing}}', {}, funcs),
      '<nil> <nil> <nil> <nil>');
  });

  it('passes a missing value to a function as nil', () => {
    assert.equal(render('{{isNull .missing}} {{isNull .a}}', { a: null }, funcs), 'true true');
  });

  it('treats nil as false in if and with', () => {
    assert.equal(render('{{if nothing}}y{{else}}n{{end}}{{with nothing}}y{{else}}n{{end}}', {}, funcs), 'nn');
  });

  it('refuses nil as a command', () => {
    assert.match(execError('{{nil}}').message, /nil is not a command/);
  });
});

describe('pipelines and chains', () => {
  it('starts a chain with a function call', () => {
    const funcs = { counts: (): unknown => ({ three: 3n }) };
    assert.equal(render('{{counts.three}}-{{(counts).three}}-{{print (counts).three}}', {}, funcs), '3-3-3');
  });

  it('feeds the pipeline into a method and into builtins', () => {
    const data = { pod: new Pod({ Name: 'web', Labels: {} }) };
    assert.equal(render('{{.pod.Name | .pod.Greet}}', data), 'hello web from web');
    assert.equal(render('{{if and true 1 "hi" | not}}T{{else}}F{{end}}|{{"x" | printf}}', data), 'F|x');
  });

  it('uses or as a default', () => {
    assert.equal(render('{{or .s "empty"}} {{or .none "empty"}}', { s: [1n, 2n], none: [] }), '[1 2] empty');
  });

  it('shadows a variable in an inner scope and restores it after', () => {
    assert.equal(render('{{if $x := true}}{{with $x := .n}}{{$x}},{{end}}{{$x}}{{end}}', { n: 17n }), '17,true');
  });

  it('refuses a pipeline into what takes no arguments, and fields of a number', () => {
    assert.match(execError('{{$x := 1}}{{3 | $x}}').message, /can't give argument to non-function \$x/);
    assert.match(execError('{{$x := (1.5)}}{{$x.a}}').message, /can't evaluate field a in type float64/);
    assert.match(execError('{{1 | printf}}').message, /wrong type for value; expected string; got int/);
  });

  it('reports an error deep in nested templates with the innermost template and its own line', () => {
    const src = 'one\ntwo\n{{template "a" .}}\n{{define "a"}}{{template "b" .}}{{end}}\n{{define "b"}}{{index "ab" $}}{{end}}';
    assert.equal(execError(src, 7n).message,
      'template: t:5:16: executing "b" at <index "ab" $>: error calling index: index out of range: 7');
  });
});
