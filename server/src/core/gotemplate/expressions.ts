/**
 * How the executor evaluates expressions: pipelines with their declarations, commands, fields and methods of Go
 * values, function and builtin calls, arguments and variables, with Go's rules for missing keys and nil, and its
 * error messages with their positions. The statements (./exec) extend it.
 */
import type { ChainNode, CommandNode, FieldNode, IdentifierNode, Operand, PipeNode, VariableNode } from './ast';
import { ArgError, callBuiltin, isLazyBuiltin } from './builtins';
import { isBuiltin, type ParsedSet } from './parse';
import { goTypeName, isGoMap, isGoObject, TemplateSourceError } from './values';

/** A function a template may call. It throws an Error to fail the execution ("error calling NAME: ..."). */
export type GoFunc = (...args: unknown[]) => unknown;

/** A template failed while executing. */
export class TemplateExecError extends TemplateSourceError {}

/** Marks "no final value" (the first command of a pipeline), as Go's missingVal. */
const MISSING: unique symbol = Symbol('missing');
type Final = unknown | typeof MISSING;

export interface Variable {
  readonly name: string;
  value: unknown;
}

/** Evaluates the expressions of one template execution; errors name the template, line, column and action. */
export class Evaluator {
  /** The node being evaluated, for error positions. */
  private node: { pos: number } | undefined;
  protected context = '';

  constructor(
    protected readonly set: ParsedSet,
    protected readonly name: string,
    protected readonly funcs: Readonly<Record<string, GoFunc>>,
    protected readonly vars: Variable[],
  ) {}

  protected evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // A nil interface{} becomes the invalid value, as Go's executor unwraps interface values.
      if (value === null) {
        value = undefined;
      }
    }
    for (const v of pipe.decl) {
      const name = v.ident[0] as string;
      if (pipe.isAssign) {
        this.setVar(name, value);
      } else {
        this.vars.push({ name, value });
      }
    }
    return value;
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0] as Operand;
    this.at(first);
    switch (first.type) {
      case 'field':
        return this.evalFieldChain(dot, dot, first.ident, cmd.args, final);
      case 'chain':
        return this.evalChain(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first.pipe);
      case 'variable':
        return this.evalVariable(dot, first, cmd.args, final);
      default:
        break;
    }
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        return this.fail('nil is not a command');
      case 'number':
        return first.value;
      case 'string':
        return first.value;
    }
  }

  private notAFunction(args: readonly Operand[], final: Final): void {
    if (args.length > 1 || final !== MISSING) {
      this.fail(`can't give argument to non-function ${this.sourceOf(args[0] as Operand)}`);
    }
  }

  private evalVariable(dot: unknown, v: VariableNode, args: readonly Operand[], final: Final): unknown {
    this.at(v);
    const value = this.varValue(v.ident[0] as string);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v.ident.slice(1), args, final);
  }

  private evalChain(dot: unknown, chain: ChainNode, args: readonly Operand[], final: Final): unknown {
    if (chain.field.length === 0) {
      this.fail('internal error: no fields in evalChainNode');
    }
    if (chain.node.type === 'nil') {
      this.fail(`indirection through explicit nil in ${this.sourceOf(chain)}`);
    }
    const pipe = this.evalArg(dot, chain.node);
    this.at(chain);
    return this.evalFieldChain(dot, pipe, chain.field, args, final);
  }

  private evalFieldChain(
    dot: unknown,
    receiver: unknown,
    ident: readonly string[],
    args: readonly Operand[],
    final: Final,
  ): unknown {
    // Errors of the chain are reported at the chain, whatever its arguments moved the position to.
    const node = this.node ?? { pos: 0 };
    let r = receiver;
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) {
      r = this.evalField(dot, ident[i] as string, [], MISSING, r, node);
    }
    return this.evalField(dot, ident[n - 1] as string, args, final, r, node);
  }

  private evalField(
    dot: unknown,
    name: string,
    args: readonly Operand[],
    final: Final,
    receiver: unknown,
    node: { pos: number },
  ): unknown {
    if (receiver === undefined) {
      return undefined;
    }
    if (receiver === null) {
      this.fail(`nil pointer evaluating interface {}.${name}`);
    }
    const hasArgs = args.length > 1 || final !== MISSING;
    if (isGoObject(receiver)) {
      const l = receiver.lookup(name);
      if (l?.kind === 'method') {
        const argv = args.slice(1).map((a) => this.evalArg(dot, a));
        if (final !== MISSING) {
          argv.push(final === null ? null : final);
        }
        try {
          return l.call(argv.map((a) => (a === undefined ? null : a)));
        } catch (e) {
          this.at(node);
          return this.fail(`error calling ${name}: ${(e as Error)?.message ?? String(e)}`);
        }
      }
      if (l?.kind === 'field') {
        if (hasArgs) {
          this.fail(`${name} has arguments but cannot be invoked as function`);
        }
        if (receiver.isNil) {
          this.fail(`nil pointer evaluating ${receiver.goType}.${name}`);
        }
        return l.value;
      }
      return this.fail(`can't evaluate field ${name} in type ${receiver.goType}`);
    }
    if (isGoMap(receiver)) {
      if (hasArgs) {
        this.fail(`${name} is not a method but has arguments`);
      }
      return Object.prototype.hasOwnProperty.call(receiver, name) ? receiver[name] : undefined;
    }
    return this.fail(`can't evaluate field ${name} in type ${goTypeName(receiver)}`);
  }

  private evalFunction(dot: unknown, id: IdentifierNode, args: readonly Operand[], final: Final): unknown {
    this.at(id);
    const name = id.name;
    const fn = Object.prototype.hasOwnProperty.call(this.funcs, name) ? this.funcs[name] : undefined;
    if (!fn && isBuiltin(name)) {
      const operands = args.slice(1);
      if (isLazyBuiltin(name)) {
        // and/or evaluate their operands only as far as needed.
        const thunks = operands.map((a) => () => this.evalArg(dot, a));
        if (final !== MISSING) {
          thunks.push(() => final);
        }
        return this.call(name, id, () => callBuiltin(name, [], thunks));
      }
      const argv = operands.map((a) => this.evalArg(dot, a));
      if (final !== MISSING) {
        argv.push(final);
      }
      return this.call(name, id, () => callBuiltin(name, argv, []));
    }
    if (!fn) {
      return this.fail(`"${name}" is not a defined function`);
    }
    const argv = args.slice(1).map((a) => this.evalArg(dot, a));
    if (final !== MISSING) {
      argv.push(final);
    }
    // Go passes a missing value to an interface{} parameter as nil.
    return this.call(name, id, () => fn(...argv.map((a) => (a === undefined ? null : a))));
  }

  /** Runs a function; its error is reported at `node` (the call), not at its last argument. */
  private call(name: string, node: { pos: number }, f: () => unknown): unknown {
    try {
      return f();
    } catch (e) {
      if (e instanceof TemplateExecError) {
        throw e;
      }
      this.at(node);
      if (e instanceof ArgError) {
        return this.fail(e.message);
      }
      if (e instanceof RangeError && /call stack/i.test(e.message)) {
        return this.fail(`error calling ${name}: the value is nested too deeply`);
      }
      return this.fail(`error calling ${name}: ${(e as Error)?.message ?? String(e)}`);
    }
  }

  private evalArg(dot: unknown, n: Operand): unknown {
    this.at(n);
    switch (n.type) {
      case 'dot':
        return dot;
      case 'nil':
        return null;
      case 'field':
        return this.evalFieldChain(dot, dot, n.ident, [n], MISSING);
      case 'variable':
        return this.evalVariable(dot, n, [n], MISSING);
      case 'pipe':
        return this.evalPipeline(dot, n.pipe);
      case 'identifier':
        return this.evalFunction(dot, n, [n], MISSING);
      case 'chain':
        return this.evalChain(dot, n, [n], MISSING);
      case 'bool':
      case 'number':
      case 'string':
        return n.value;
    }
  }

  private varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i] as Variable;
      if (v.name === name) {
        return v.value;
      }
    }
    return this.fail(`undefined variable: ${name}`);
  }

  protected setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i] as Variable;
      if (v.name === name) {
        v.value = value;
        return;
      }
    }
    this.fail(`undefined variable: ${name}`);
  }

  protected at(node: { pos: number }): void {
    this.node = node;
  }

  private sourceOf(node: FieldNode | Operand | ChainNode): string {
    const text = this.set.source.text;
    let end = node.pos;
    let depth = 0;
    while (end < text.length) {
      const c = text[end];
      if (c === '(') {
        depth++;
      } else if (c === ')') {
        if (depth === 0) {
          break;
        }
        depth--;
      } else if ((c === ' ' || c === '}' || c === '|' || c === '\n') && depth === 0) {
        break;
      }
      end++;
    }
    return text.slice(node.pos, end);
  }

  protected fail(message: string): never {
    const pos = this.node?.pos ?? 0;
    const { line, col } = this.set.source.position(pos);
    const context = this.context.length > 40 ? `${this.context.slice(0, 37)}...` : this.context;
    throw new TemplateExecError(
      `template: ${this.set.source.name}:${line}:${col}: executing "${this.name}" at <${context}>: ${message}`,
      this.name,
      line,
      col,
    );
  }
}
