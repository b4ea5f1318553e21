/**
 * The parser of Go's text/template: control structures (`if`/`else if`/`else`, `range` with `break`/`continue`,
 * `with`/`else with`), `define`/`template`/`block`, pipelines with declarations and assignments, and the checks
 * Go makes while parsing (functions must exist, variables must be declared).
 */
import type {
  ActionNode,
  BranchNode,
  CommandNode,
  ListNode,
  Node,
  Operand,
  PipeNode,
  TemplateNode,
  VariableNode,
} from './ast';
import { lex, type Token } from './lex';
import { numberNode } from './numberLiteral';
import { Source, TemplateParseError } from './source';
import { describe, TokenCursor } from './tokenCursor';

/** Named templates of one source: the main body under the source's name, and each `define`/`block`. */
export interface ParsedSet {
  readonly source: Source;
  readonly templates: Map<string, ListNode>;
}

interface Options {
  /** Names a template may call: Go refuses unknown functions at parse time. */
  readonly functions: ReadonlySet<string>;
}

const BUILTINS = new Set([
  'and',
  'or',
  'not',
  'len',
  'index',
  'slice',
  'print',
  'printf',
  'println',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'html',
  'js',
  'urlquery',
  'call',
]);

export function isBuiltin(name: string): boolean {
  return BUILTINS.has(name);
}

/** Parses `text` as the template `name`. Throws {@link TemplateParseError}. */
export function parseTemplate(name: string, text: string, options: Options): ParsedSet {
  const source = new Source(name, text);
  const parser = new Parser(source, lex(text), options);
  try {
    return { source, templates: parser.parseAll() };
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      // Thousands of nested parentheses or controls: an error, not a crash.
      throw new TemplateParseError(`template: ${name}: nested too deeply`, name, 0, 0);
    }
    throw e;
  }
}

class Parser extends TokenCursor {
  private vars: string[] = ['$'];
  private readonly templates = new Map<string, ListNode>();
  /** Inside how many `range`s, for `break` and `continue`. */
  private rangeDepth = 0;

  constructor(
    source: Source,
    tokens: Token[],
    private readonly options: Options,
  ) {
    super(source, tokens);
  }

  parseAll(): Map<string, ListNode> {
    const nodes: Node[] = [];
    for (;;) {
      const t = this.peek();
      if (t.type === 'eof') {
        break;
      }
      if (t.type === 'left' && this.peekAfterLeft().type === 'keyword' && this.peekAfterLeft().val === 'define') {
        this.next();
        this.nextNonSpace();
        this.parseDefinition(t.pos);
        continue;
      }
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') {
        this.error(n.pos, `unexpected {{${n.kind}}}`);
      }
      if (n.kind === 'node') {
        nodes.push(n.node);
      }
    }
    const main: ListNode = { nodes };
    // Go keeps a definition over an empty main body of the same name.
    if (!this.templates.has(this.source.name) || !isEmptyList(main)) {
      this.templates.set(this.source.name, main);
    }
    return this.templates;
  }


  private parseDefinition(pos: number): void {
    const nameTok = this.nextNonSpace();
    if (nameTok.type !== 'string') {
      this.error(nameTok.pos, `unexpected ${describe(nameTok, this.source.text)} in define clause`);
    }
    this.expect('right', 'define clause');
    const savedVars = this.vars;
    this.vars = ['$'];
    const { list, end } = this.itemList();
    this.vars = savedVars;
    if (end.kind !== 'end') {
      this.error(end.pos, 'unexpected {{else}} in define clause');
    }
    this.define(nameTok.val, list, pos);
  }

  private define(name: string, list: ListNode, pos: number): void {
    const existing = this.templates.get(name);
    if (existing && !isEmptyList(existing) && !isEmptyList(list)) {
      this.error(pos, `template: multiple definition of template "${name}"`);
    }
    if (!existing || !isEmptyList(list)) {
      this.templates.set(name, list);
    }
  }

  /** Items until `{{end}}` or `{{else}}`. */
  private itemList(): { list: ListNode; end: { kind: 'end' | 'else'; pos: number } } {
    const nodes: Node[] = [];
    for (;;) {
      if (this.peek().type === 'eof') {
        this.error(this.peek().pos, 'unexpected EOF');
      }
      const n = this.textOrAction();
      if (n.kind === 'node') {
        nodes.push(n.node);
      } else if (n.kind === 'end' || n.kind === 'else') {
        return { list: { nodes }, end: { kind: n.kind, pos: n.pos } };
      }
    }
  }

  private textOrAction():
    | { kind: 'node'; node: Node }
    | { kind: 'end'; pos: number }
    | { kind: 'else'; pos: number }
    | { kind: 'none' } {
    const t = this.next();
    if (t.type === 'text') {
      return { kind: 'node', node: { type: 'text', pos: t.pos, text: t.val } };
    }
    if (t.type === 'left') {
      return this.action(t.pos);
    }
    return this.error(t.pos, `unexpected ${describe(t, this.source.text)} in input`);
  }

  private action(
    pos: number,
  ): { kind: 'node'; node: Node } | { kind: 'end'; pos: number } | { kind: 'else'; pos: number } | { kind: 'none' } {
    const t = this.nextNonSpace();
    if (t.type === 'keyword') {
      switch (t.val) {
        case 'block':
          return { kind: 'node', node: this.blockControl(pos) };
        case 'break':
        case 'continue':
          if (this.rangeDepth === 0) {
            this.error(t.pos, `{{${t.val}}} outside {{range}}`);
          }
          this.expect('right', t.val);
          return { kind: 'node', node: { type: t.val, pos: t.pos } };
        case 'else':
          // `{{else if ...}}` and `{{else with ...}}` are parsed by the enclosing control; leave the keyword.
          return { kind: 'else', pos: t.pos };
        case 'end':
          this.expect('right', 'end');
          return { kind: 'end', pos: t.pos };
        case 'if':
          return { kind: 'node', node: { type: 'if', ...this.control('if', pos) } };
        case 'range':
          return { kind: 'node', node: { type: 'range', ...this.control('range', pos) } };
        case 'with':
          return { kind: 'node', node: { type: 'with', ...this.control('with', pos) } };
        case 'template':
          return { kind: 'node', node: this.templateControl(pos) };
        case 'define':
          return this.error(t.pos, 'unexpected {{define}}: definitions must be at the top level');
        default:
          break;
      }
    }
    this.back();
    const pipe = this.pipeline('command', 'right', pos);
    const node: ActionNode = { type: 'action', pos, pipe };
    return { kind: 'node', node };
  }

  private control(kind: 'if' | 'range' | 'with', pos: number): BranchNode {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(kind, 'right', pos);
      if (pipe.cmds.length === 0) {
        this.error(pos, `missing value for ${kind}`);
      }
      if (kind === 'range') {
        this.rangeDepth++;
      }
      const body = this.itemList();
      if (kind === 'range') {
        this.rangeDepth--;
      }
      let elseList: ListNode | undefined;
      if (body.end.kind === 'else') {
        const after = this.peekNonSpace();
        if ((kind === 'if' && after.type === 'keyword' && after.val === 'if') ||
            (kind === 'with' && after.type === 'keyword' && after.val === 'with')) {
          // `{{else if x}}` is `{{else}}{{if x}}...{{end}}` sharing the outer `{{end}}`.
          this.nextNonSpace();
          const inner = this.control(kind, body.end.pos);
          elseList = { nodes: [{ type: kind, ...inner }] };
          return { pos, pipe, list: body.list, elseList };
        }
        this.expect('right', 'else');
        const rest = this.itemList();
        if (rest.end.kind !== 'end') {
          this.error(rest.end.pos, 'expected end; found {{else}}');
        }
        elseList = rest.list;
      }
      return { pos, pipe, list: body.list, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private templateControl(pos: number): TemplateNode {
    const nameTok = this.nextNonSpace();
    if (nameTok.type !== 'string') {
      this.error(nameTok.pos, `unexpected ${describe(nameTok, this.source.text)} in template clause`);
    }
    let pipe: PipeNode | undefined;
    if (this.peekNonSpace().type !== 'right') {
      pipe = this.pipeline('template clause', 'right', pos);
    } else {
      this.nextNonSpace();
    }
    return { type: 'template', pos, name: nameTok.val, pipe };
  }

  /** `{{block "name" pipeline}} T {{end}}` defines "name" and executes it in place. */
  private blockControl(pos: number): TemplateNode {
    const nameTok = this.nextNonSpace();
    if (nameTok.type !== 'string') {
      this.error(nameTok.pos, `unexpected ${describe(nameTok, this.source.text)} in block clause`);
    }
    const pipe = this.pipeline('block clause', 'right', pos);
    const savedVars = this.vars;
    this.vars = ['$'];
    const { list, end } = this.itemList();
    this.vars = savedVars;
    if (end.kind !== 'end') {
      this.error(end.pos, 'unexpected {{else}} in block clause');
    }
    this.define(nameTok.val, list, pos);
    return { type: 'template', pos, name: nameTok.val, pipe };
  }

  private pipeline(context: string, end: 'right' | 'rightParen', pos: number): PipeNode {
    const startTok = this.peekNonSpace();
    const decl: VariableNode[] = [];
    let isAssign = false;
    // Declarations: `$x :=`, `$x =`, and in range `$i, $v :=`, read as Go reads them (so its errors match).
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') {
        break;
      }
      const save = this.i;
      this.next();
      const after = this.peekNonSpace();
      if (after.type === 'declare' || after.type === 'assign') {
        isAssign = after.type === 'assign';
        this.nextNonSpace();
        decl.push(this.declareVariable(v));
        break;
      }
      if (after.type === 'comma') {
        this.nextNonSpace();
        decl.push(this.declareVariable(v));
        if (context === 'range' && decl.length < 2) {
          const t = this.peekNonSpace();
          if (t.type === 'variable' || t.type === 'right' || t.type === 'rightParen') {
            continue;
          }
          this.error(t.pos, 'range can only initialize variables');
        }
        this.error(after.pos, `too many declarations in ${context}`);
      }
      this.i = save;
      break;
    }
    const cmds: CommandNode[] = [];
    for (;;) {
      const t = this.peekNonSpace();
      if (t.type === end) {
        this.nextNonSpace();
        break;
      }
      if (t.type === 'eof') {
        this.error(t.pos, `unclosed action`);
      }
      cmds.push(this.command(end));
      const sep = this.peekNonSpace();
      if (sep.type === 'pipe') {
        this.nextNonSpace();
        if (this.peekNonSpace().type === end) {
          this.error(sep.pos, 'missing command after |');
        }
      }
    }
    if (cmds.length === 0) {
      this.error(pos, `missing value for ${context}`);
    }
    for (const [k, c] of cmds.entries()) {
      const first = c.args[0] as Operand;
      if (k > 0 && ['bool', 'dot', 'nil', 'number', 'string'].includes(first.type)) {
        this.error(c.pos, `non executable command in pipeline stage ${k + 1}`);
      }
    }
    const endTok = this.tokens[this.i - 1] as Token;
    return {
      pos: startTok.pos,
      isAssign,
      decl,
      cmds,
      source: this.source.text.slice(startTok.pos, endTok.pos).trim(),
    };
  }

  private declareVariable(t: Token): VariableNode {
    // Go's parser records the name for `=` as for `:=`; assigning an undeclared variable fails when executed.
    this.vars.push(t.val);
    return { type: 'variable', pos: t.pos, ident: [t.val] };
  }

  private command(end: 'right' | 'rightParen'): CommandNode {
    const args: Operand[] = [];
    const pos = this.peekNonSpace().pos;
    for (;;) {
      this.skipSpace();
      const operand = this.operand();
      if (operand) {
        args.push(operand);
      }
      const t = this.peek();
      if (t.type === 'space') {
        this.skipSpace();
        const n = this.peek();
        if (n.type === end || n.type === 'pipe') {
          break;
        }
        continue;
      }
      if (t.type === end || t.type === 'pipe') {
        break;
      }
      if (t.type === 'rightParen' || t.type === 'right') {
        this.error(t.pos, `unexpected ${describe(t, this.source.text)} in operand`);
      }
      this.error(t.pos, `unexpected ${describe(t, this.source.text)} in operand`);
    }
    if (args.length === 0) {
      this.error(pos, 'empty command');
    }
    return { pos, args };
  }

  private operand(): Operand | undefined {
    const node = this.term();
    if (!node) {
      return undefined;
    }
    if (this.peek().type !== 'field') {
      return node;
    }
    const fields: string[] = [];
    const pos = this.peek().pos;
    while (this.peek().type === 'field') {
      fields.push(this.next().val.slice(1));
    }
    switch (node.type) {
      case 'field':
        return { type: 'field', pos: node.pos, ident: [...node.ident, ...fields] };
      case 'variable':
        return { type: 'variable', pos: node.pos, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return this.error(pos, `unexpected . after term ${JSON.stringify(this.source.text.slice(node.pos, pos))}`);
      default:
        return { type: 'chain', pos: node.pos, node, field: fields };
    }
  }

  private term(): Operand | undefined {
    const t = this.next();
    switch (t.type) {
      case 'identifier':
        if (!this.options.functions.has(t.val) && !BUILTINS.has(t.val)) {
          this.error(t.pos, `function "${t.val}" not defined`);
        }
        return { type: 'identifier', pos: t.pos, name: t.val };
      case 'dot':
        return { type: 'dot', pos: t.pos };
      case 'nil':
        return { type: 'nil', pos: t.pos };
      case 'variable':
        if (!this.vars.includes(t.val)) {
          this.error(t.pos, `undefined variable "${t.val}"`);
        }
        return { type: 'variable', pos: t.pos, ident: [t.val] };
      case 'field':
        return { type: 'field', pos: t.pos, ident: [t.val.slice(1)] };
      case 'bool':
        return { type: 'bool', pos: t.pos, value: t.val === 'true' };
      case 'char':
        return { type: 'number', pos: t.pos, value: BigInt(t.val.codePointAt(0) as number), text: t.val };
      case 'number':
        return numberNode(t, (pos, message) => this.error(pos, message));
      case 'string':
        return { type: 'string', pos: t.pos, value: t.val };
      case 'leftParen': {
        const pipe = this.pipeline('parenthesized pipeline', 'rightParen', t.pos);
        return { type: 'pipe', pos: t.pos, pipe };
      }
      default:
        this.back();
        return undefined;
    }
  }
}

function isEmptyList(list: ListNode): boolean {
  return list.nodes.every((n) => n.type === 'text' && n.text.trim() === '');
}

export type { ListNode };
