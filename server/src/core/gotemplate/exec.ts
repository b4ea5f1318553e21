/**
 * The executor of Go's text/template over the values of {@link ./values}, with Go's rules for fields, maps, methods,
 * missing keys, nil, truth, variables and scopes. Execution is bounded (output size, steps, template call depth) so
 * a hostile or broken template ends with an error, never a hang.
 */
import type {
  BranchNode,
  ChainNode,
  CommandNode,
  FieldNode,
  IdentifierNode,
  ListNode,
  Node,
  Operand,
  PipeNode,
  RangeNode,
  VariableNode,
} from './ast';
import { ArgError, callBuiltin, isLazyBuiltin } from './builtins';
import { formatValue } from './fmt';
import { isBuiltin, type ParsedSet } from './parse';
import { goTypeName, isGoMap, isGoObject, isTrue, sortedKeys, TemplateSourceError } from './values';

/** A function a template may call. It throws an Error to fail the execution ("error calling NAME: ..."). */
export type GoFunc = (...args: unknown[]) => unknown;

export interface ExecLimits {
  /** Characters of output. */
  readonly maxOutput: number;
  /** Nodes walked plus loop iterations. */
  readonly maxSteps: number;
  /** Nested `{{template}}` calls. */
  readonly maxDepth: number;
}

export const DEFAULT_LIMITS: ExecLimits = { maxOutput: 8 * 1024 * 1024, maxSteps: 2_000_000, maxDepth: 200 };

/** A template failed while executing. */
export class TemplateExecError extends TemplateSourceError {}


/** Marks "no final value" (the first command of a pipeline), as Go's missingVal. */
const MISSING: unique symbol = Symbol('missing');
type Final = unknown | typeof MISSING;

type Signal = 'break' | 'continue' | undefined;

interface Variable {
  readonly name: string;
  value: unknown;
}

class Limits {
  steps = 0;
  output = 0;

  constructor(readonly limits: ExecLimits) {}
}

/** Executes the template `name` of `set` with `data` as dot. Throws {@link TemplateExecError}. */
export function execute(
  set: ParsedSet,
  name: string,
  data: unknown,
  funcs: Readonly<Record<string, GoFunc>>,
  limits: ExecLimits = DEFAULT_LIMITS,
): string {
  const root = set.templates.get(name);
  const out: string[] = [];
  const budget = new Limits(limits);
  if (!root) {
    throw new TemplateExecError(
      `template: no template "${name}" associated with template "${set.source.name}"`,
      name,
      0,
      0,
    );
  }
  const state = new State(set, name, funcs, out, budget, 0, [{ name: '$', value: data }]);
  try {
    state.walkList(data, root);
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      // Printing or walking data nested thousands deep: an error, not a crash.
      throw new TemplateExecError(`template: ${name}: data or templates nested too deeply`, name, 0, 0);
    }
    throw e;
  }
  return out.join('');
}

class State {
  /** The node being evaluated, for error positions. */
  private node: { pos: number } | undefined;
  private context = '';

  constructor(
    private readonly set: ParsedSet,
    private readonly name: string,
    private readonly funcs: Readonly<Record<string, GoFunc>>,
    private readonly out: string[],
    private readonly budget: Limits,
    private readonly depth: number,
    private readonly vars: Variable[],
  ) {}

  walkList(dot: unknown, list: ListNode): Signal {
    for (const n of list.nodes) {
      const s = this.walk(dot, n);
      if (s) {
        return s;
      }
    }
    return undefined;
  }

  private step(): void {
    if (++this.budget.steps > this.budget.limits.maxSteps) {
      this.fail(`execution stopped after ${this.budget.limits.maxSteps} steps (a loop that does not end?)`);
    }
  }

  private write(s: string): void {
    this.budget.output += s.length;
    if (this.budget.output > this.budget.limits.maxOutput) {
      this.fail(`output exceeds ${this.budget.limits.maxOutput} characters`);
    }
    this.out.push(s);
  }

  private walk(dot: unknown, node: Node): Signal {
    this.step();
    this.at(node);
    switch (node.type) {
      case 'text':
        this.write(node.text);
        return undefined;
      case 'action': {
        this.context = node.pipe.source;
        const v = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) {
          this.write(printable(v));
        }
        return undefined;
      }
      case 'if':
      case 'with':
        return this.walkIfOrWith(node.type, dot, node);
      case 'range':
        return this.walkRange(dot, node);
      case 'template':
        this.walkTemplate(dot, node.name, node.pipe);
        return undefined;
      case 'break':
        return 'break';
      case 'continue':
        return 'continue';
    }
  }

  private walkIfOrWith(kind: 'if' | 'with', dot: unknown, node: BranchNode): Signal {
    const mark = this.vars.length;
    try {
      this.context = node.pipe.source;
      const v = this.evalPipeline(dot, node.pipe);
      if (isTrue(v)) {
        return this.walkList(kind === 'with' ? v : dot, node.list);
      }
      if (node.elseList) {
        return this.walkList(dot, node.elseList);
      }
      return undefined;
    } finally {
      this.vars.length = mark;
    }
  }

  private walkRange(dot: unknown, node: RangeNode): Signal {
    const mark = this.vars.length;
    try {
      this.context = node.pipe.source;
      const v = this.evalPipeline(dot, node.pipe);
      const inner = this.vars.length;
      const one = (key: unknown, elem: unknown): Signal => {
        this.step();
        const decl = node.pipe.decl;
        if (decl.length > 0) {
          const target = decl.length === 1 ? elem : key;
          if (node.pipe.isAssign) {
            this.setVar((decl[0] as VariableNode).ident[0] as string, target);
          } else {
            (this.vars[inner - decl.length] as Variable).value = target;
          }
        }
        if (decl.length > 1) {
          if (node.pipe.isAssign) {
            this.setVar((decl[1] as VariableNode).ident[0] as string, elem);
          } else {
            (this.vars[inner - 1] as Variable).value = elem;
          }
        }
        const s = this.walkList(elem, node.list);
        this.vars.length = inner;
        return s;
      };
      let ran = false;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          ran = true;
          if (one(BigInt(i), v[i]) === 'break') {
            break;
          }
        }
      } else if (typeof v === 'bigint') {
        if (node.pipe.decl.length > 1) {
          this.fail(`can't use ${v} to iterate over more than one variable`);
        }
        for (let i = 0n; i < v; i++) {
          ran = true;
          if (one(i, i) === 'break') {
            break;
          }
        }
      } else if (isGoMap(v)) {
        for (const k of sortedKeys(v)) {
          ran = true;
          if (one(k, v[k]) === 'break') {
            break;
          }
        }
      } else if (v !== undefined && v !== null) {
        this.fail(`range can't iterate over ${formatValue(v)}`);
      }
      if (!ran && node.elseList) {
        return this.walkList(dot, node.elseList);
      }
      return undefined;
    } finally {
      this.vars.length = mark;
    }
  }

  private walkTemplate(dot: unknown, name: string, pipe: PipeNode | undefined): void {
    const tmpl = this.set.templates.get(name);
    if (!tmpl) {
      this.fail(`template "${name}" not defined`);
    }
    if (this.depth >= this.budget.limits.maxDepth) {
      this.fail(`exceeded maximum template depth (${this.budget.limits.maxDepth})`);
    }
    if (pipe) {
      this.context = pipe.source;
    }
    const newDot = pipe ? this.evalPipeline(dot, pipe) : undefined;
    const state = new State(this.set, name, this.funcs, this.out, this.budget, this.depth + 1, [
      { name: '$', value: newDot },
    ]);
    state.walkList(newDot, tmpl);
  }

  private evalPipeline(dot: unknown, pipe: PipeNode): unknown {
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

  private setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i] as Variable;
      if (v.name === name) {
        v.value = value;
        return;
      }
    }
    this.fail(`undefined variable: ${name}`);
  }

  private at(node: { pos: number }): void {
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

  private fail(message: string): never {
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

/** What an action prints: `<no value>` for the invalid value, else fmt's %v. */
function printable(v: unknown): string {
  return v === undefined ? '<no value>' : formatValue(v);
}
