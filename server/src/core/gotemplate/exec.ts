/**
 * The executor of Go's text/template over the values of {@link ./values}, with Go's rules for fields, maps, methods,
 * missing keys, nil, truth, variables and scopes. Execution is bounded (output size, steps, template call depth) so
 * a hostile or broken template ends with an error, never a hang. This file walks the statements (text, actions,
 * if/with, range, template calls); ./expressions evaluates what they hold.
 */
import type { BranchNode, ListNode, Node, PipeNode, RangeNode, VariableNode } from './ast';
import { Evaluator, TemplateExecError, type GoFunc, type Variable } from './expressions';
import { formatValue } from './fmt';
import type { ParsedSet } from './parse';
import { isGoMap, isTrue, sortedKeys } from './values';

export interface ExecLimits {
  /** Characters of output. */
  readonly maxOutput: number;
  /** Nodes walked plus loop iterations. */
  readonly maxSteps: number;
  /** Nested `{{template}}` calls. */
  readonly maxDepth: number;
}

export const DEFAULT_LIMITS: ExecLimits = { maxOutput: 8 * 1024 * 1024, maxSteps: 2_000_000, maxDepth: 200 };

type Signal = 'break' | 'continue' | undefined;

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

class State extends Evaluator {
  constructor(
    set: ParsedSet,
    name: string,
    funcs: Readonly<Record<string, GoFunc>>,
    private readonly out: string[],
    private readonly budget: Limits,
    private readonly depth: number,
    vars: Variable[],
  ) {
    super(set, name, funcs, vars);
  }

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
}


/** What an action prints: `<no value>` for the invalid value, else fmt's %v. */
function printable(v: unknown): string {
  return v === undefined ? '<no value>' : formatValue(v);
}
