/** Shared helpers of the Go text/template tests: render a source, catch its errors, and a small Go struct. */
import { strict as assert } from 'node:assert';
import {
  execute,
  GO_OBJECT,
  parseTemplate,
  TemplateExecError,
  TemplateParseError,
  type ExecLimits,
  type GoFunc,
  type GoObject,
  type Lookup,
} from '../../../server/src/core/gotemplate';

export type Funcs = Readonly<Record<string, GoFunc>>;

/** Parses `src` as the template "t" and executes it over `data`. */
export function render(src: string, data: unknown = {}, funcs: Funcs = {}, limits?: ExecLimits): string {
  const set = parseTemplate('t', src, { functions: new Set(Object.keys(funcs)) });
  return execute(set, 't', data, funcs, limits);
}

/** The parse error of `src` (fails the test when it parses). */
export function parseError(src: string, funcs: Funcs = {}, name = 't'): TemplateParseError {
  try {
    parseTemplate(name, src, { functions: new Set(Object.keys(funcs)) });
  } catch (e) {
    assert.ok(e instanceof TemplateParseError, `expected a TemplateParseError, got ${String(e)}`);
    return e;
  }
  return assert.fail(`${JSON.stringify(src)} parsed`);
}

/** The execution error of `src` (fails the test when it parses badly or renders). */
export function execError(src: string, data: unknown = {}, funcs: Funcs = {}, limits?: ExecLimits): TemplateExecError {
  const set = parseTemplate('t', src, { functions: new Set(Object.keys(funcs)) });
  try {
    execute(set, 't', data, funcs, limits);
  } catch (e) {
    assert.ok(e instanceof TemplateExecError, `expected a TemplateExecError, got ${String(e)}`);
    return e;
  }
  return assert.fail(`${JSON.stringify(src)} rendered`);
}

/** The message of whichever error `src` gives, parsing or executing. */
export function anyError(src: string, data: unknown = {}, funcs: Funcs = {}): string {
  try {
    render(src, data, funcs);
  } catch (e) {
    assert.ok(e instanceof TemplateParseError || e instanceof TemplateExecError, String(e));
    return e.message;
  }
  return assert.fail(`${JSON.stringify(src)} rendered`);
}

/**
 * `*test.Pod`: a pointer to a struct with fields Name and Labels, methods Greet(who), Kind() and Fail(); nil when
 * built without fields (its methods still run, as Go's do on a nil receiver).
 */
export class Pod implements GoObject {
  readonly [GO_OBJECT] = true as const;
  readonly goType = '*test.Pod';

  constructor(private readonly fields: { Name: string; Labels: Record<string, unknown> } | null) {}

  get isNil(): boolean {
    return this.fields === null;
  }

  lookup(name: string): Lookup | undefined {
    switch (name) {
      case 'Name':
      case 'Labels':
        return { kind: 'field', value: this.fields?.[name] };
      case 'Greet':
        return {
          kind: 'method',
          call: (args) => {
            if (args.length !== 1) {
              throw new Error(`wrong number of args for Greet: want 1 got ${args.length}`);
            }
            return `hello ${String(args[0])} from ${this.fields?.Name ?? 'nobody'}`;
          },
        };
      case 'Kind':
        return { kind: 'method', call: () => 'Pod' };
      case 'Fail':
        return {
          kind: 'method',
          call: () => {
            throw new Error('pod is broken');
          },
        };
      default:
        return undefined;
    }
  }

  format(): string {
    return this.fields === null ? '<nil>' : `&{${this.fields.Name} map[]}`;
  }

  toJSON(): unknown {
    return this.fields;
  }
}
