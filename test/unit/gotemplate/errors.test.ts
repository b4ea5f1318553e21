/** Errors of parsing and executing, with template name, line, column and action; execution limits. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  DEFAULT_LIMITS,
  execute,
  parseTemplate,
  TemplateExecError,
  TemplateParseError,
  type ExecLimits,
} from '../../../server/src/core/gotemplate';
import { execError, parseError, render } from './support';

describe('parse errors', () => {
  it('name the template, the line and the problem', () => {
    const e = parseError('first line\nsecond {{nope 1}}', {}, 'injection-template.yaml');
    assert.equal(e.message, 'template: injection-template.yaml:2: function "nope" not defined');
    assert.equal(e.templateName, 'injection-template.yaml');
    assert.equal(e.line, 2);
    assert.equal(e.col, 9);
  });

  it('report an unclosed control as unexpected EOF', () => {
    assert.equal(parseError('{{if .a}}\nx\n').message, 'template: t:3: unexpected EOF');
    assert.equal(parseError('{{range .}}{{with .}}x{{end}}').message, 'template: t:1: unexpected EOF');
  });

  // Go's Tree.errorf writes "template: <ParseName>:<line of the EOF item>: unexpected EOF": the name is the one being
  // parsed even inside {{define}}, and the line is where the input ends.
  it('word an end of input inside a control or definition exactly as Go does', () => {
    assert.equal(parseError('{{define "a"}}x', {}, 'x').message, 'template: x:1: unexpected EOF');
    assert.equal(parseError('a\n{{block "b" .}}y', {}, 'x').message, 'template: x:2: unexpected EOF');
    assert.equal(parseError('{{if .a}}{{else}}', {}, 'x').message, 'template: x:1: unexpected EOF');
    assert.equal(parseError('{{with .}}{{else with .b}}\n\n', {}, 'x').message, 'template: x:3: unexpected EOF');
    assert.equal(parseError('{{define "a"}}{{end}}\n{{range .}}', {}, 'sidecar').message, 'template: sidecar:2: unexpected EOF');
  });

  it('report an unclosed action, and where a multi-line one started', () => {
    assert.equal(parseError('a {{.a').message, 'template: t:1: unclosed action');
    assert.equal(parseError('a {{.a\n\n').message, 'template: t:3: unclosed action started at t:1');
    assert.equal(parseError('{{print\n "abc}}').message, 'template: t:2: unterminated quoted string in action started at t:1');
  });

  it('report the first error in reading order, a parse error before a later lexical one', () => {
    assert.match(parseError('{{nope}} {{"abc}}').message, /function "nope" not defined/);
    assert.match(parseError('{{"abc}} {{nope}}').message, /unterminated quoted string/);
  });

  it('report an {{end}} or {{else}} without a control', () => {
    assert.equal(parseError('x\n{{end}}').message, 'template: t:2: unexpected {{end}}');
    assert.equal(parseError('{{else}}').message, 'template: t:1: unexpected {{else}}');
  });

  it('report an empty action and an empty pipeline stage', () => {
    assert.equal(parseError('{{}}').message, 'template: t:1: missing value for command');
    assert.match(parseError('{{1 | 2}}').message, /non executable command in pipeline stage 2/);
    assert.match(parseError('{{.a |}}').message, /missing command after \|/);
    assert.match(parseError('{{range}}{{end}}').message, /missing value for range/);
  });

  it('quote the unexpected token as Go does, keywords in <>, long ones cut at 10 runes', () => {
    assert.equal(parseError('{{.a := 1}}').message, 'template: t:1: unexpected ":=" in operand');
    assert.equal(parseError('{{if 1}}{{else 2}}{{end}}').message, 'template: t:1: unexpected "2" in else');
    assert.equal(parseError('{{template "abcdefghijklmno" 1 else}}').message, 'template: t:1: unexpected <else> in operand');
    assert.equal(parseError('{{define `a`}}{{end}}{{define "x" "abcdefghijklmno"}}{{end}}').message,
      'template: t:1: unexpected "\\"abcdefghi"... in define clause');
  });

  it('report a function the template does not know, but accept the ones given', () => {
    assert.match(parseError('{{toYaml .}}').message, /function "toYaml" not defined/);
    assert.equal(render('{{toYaml .}}', 'v', { toYaml: (v) => `yaml:${String(v)}` }), 'yaml:v');
  });

  it('turn absurd nesting into an error', () => {
    const depth = 100_000;
    assert.throws(() => parseTemplate('deep', `{{${'('.repeat(depth)}1${')'.repeat(depth)}}}`, { functions: new Set() }),
      (e: unknown) => e instanceof TemplateParseError && /^template: deep/.test(e.message));
  });
});

describe('execution errors', () => {
  it('name the template, line:column (bytes, from 0) and the failing action', () => {
    const e = execError('line one\n  {{.a.x}}', { a: null });
    assert.equal(e.message, 'template: t:2:4: executing "t" at <.a.x>: nil pointer evaluating interface {}.x');
    assert.equal(e.templateName, 't');
    assert.equal(e.line, 2);
    assert.equal(e.col, 4);
  });

  it('count the column in UTF-8 bytes, as Go does', () => {
    assert.equal(execError('é{{.a.x}}', { a: null }).col, 4);
  });

  it('name the executing template and the source it came from', () => {
    const e = execError('{{define "inner"}}\n {{.x.y}}{{end}}{{template "inner" .}}', { x: null });
    assert.equal(e.message, 'template: t:2:3: executing "inner" at <.x.y>: nil pointer evaluating interface {}.y');
    assert.equal(e.templateName, 'inner');
  });

  it('wrap what a function throws as "error calling NAME", at the call', () => {
    const funcs = {
      boom: (): unknown => {
        throw new Error('kaput');
      },
    };
    const e = execError('x {{boom 1 "two"}}', {}, funcs);
    assert.equal(e.message, 'template: t:1:4: executing "t" at <boom 1 "two">: error calling boom: kaput');
    assert.equal(e.col, 4);
    assert.equal(execError('{{index .s 3 | print}}', { s: [] }).col, 2);
  });

  it('name the action of the pipeline passed to a template', () => {
    assert.match(execError('{{.ok}}{{template "T" .n.x}}{{define "T"}}{{end}}', { ok: 1n, n: null }).message,
      /^template: t:1:22: executing "t" at <\.n\.x>: nil pointer/);
  });

  it('refuse arguments to what is not a function', () => {
    assert.match(execError('{{1 2}}').message, /can't give argument to non-function 1/);
    assert.match(execError('{{$x := 1}}{{$x 2}}').message, /can't give argument to non-function \$x/);
  });

  it('refuse to execute a template the set does not have', () => {
    const set = parseTemplate('t', 'x', { functions: new Set() });
    assert.throws(() => execute(set, 'other', {}, {}), TemplateExecError);
  });
});

describe('execution limits', () => {
  const small: ExecLimits = { maxOutput: 1000, maxSteps: 10_000, maxDepth: 50 };

  it('has defaults', () => {
    assert.ok(DEFAULT_LIMITS.maxDepth > 0 && DEFAULT_LIMITS.maxSteps > 0 && DEFAULT_LIMITS.maxOutput > 0);
  });

  it('stops a template that calls itself at maxDepth', () => {
    const e = execError('{{define "r"}}x{{template "r" .}}{{end}}{{template "r" .}}', {}, {}, small);
    assert.match(e.message, /exceeded maximum template depth \(50\)/);
  });

  it('stops a huge range at maxSteps', () => {
    assert.match(execError('{{range 1000000000000}}{{end}}', {}, {}, small).message, /execution stopped after 10000 steps/);
    assert.match(execError('{{range .}}{{range $}}{{range $}}{{end}}{{end}}{{end}}', new Array(100).fill(1n), {}, small).message,
      /execution stopped after 10000 steps/);
  });

  it('stops huge output at maxOutput', () => {
    assert.match(execError('{{range 100000}}0123456789{{end}}', {}, {}, small).message, /output exceeds 1000 characters/);
    assert.match(execError('{{printf "%1000000d" 1}}', {}, {}, small).message, /output exceeds 1000 characters/);
  });

  it('counts output across template calls', () => {
    const src = '{{define "ten"}}0123456789{{end}}{{range 200}}{{template "ten"}}{{end}}';
    assert.match(execError(src, {}, {}, small).message, /output exceeds 1000 characters/);
  });

  it('turns data nested too deeply to print into an error', () => {
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i++) {
      deep = [deep];
    }
    const set = parseTemplate('t', '{{.}}', { functions: new Set() });
    assert.throws(() => execute(set, 't', deep, {}), TemplateExecError);
  });

  it('renders within the limits', () => {
    assert.equal(render('{{range 10}}ab{{end}}', {}, {}, small), 'ab'.repeat(10));
  });
});
