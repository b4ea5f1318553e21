/** The parse tree of a Go text/template, as text/template/parse builds it. `pos` is an offset into the source. */

export type Node = TextNode | ActionNode | IfNode | RangeNode | WithNode | TemplateNode | BreakNode | ContinueNode;

export interface ListNode {
  readonly nodes: Node[];
}

export interface TextNode {
  readonly type: 'text';
  readonly pos: number;
  text: string;
}

export interface ActionNode {
  readonly type: 'action';
  readonly pos: number;
  readonly pipe: PipeNode;
}

export interface BranchNode {
  readonly pos: number;
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList: ListNode | undefined;
}

export interface IfNode extends BranchNode {
  readonly type: 'if';
}

export interface WithNode extends BranchNode {
  readonly type: 'with';
}

export interface RangeNode extends BranchNode {
  readonly type: 'range';
}

export interface TemplateNode {
  readonly type: 'template';
  readonly pos: number;
  readonly name: string;
  readonly pipe: PipeNode | undefined;
}

export interface BreakNode {
  readonly type: 'break';
  readonly pos: number;
}

export interface ContinueNode {
  readonly type: 'continue';
  readonly pos: number;
}

export interface PipeNode {
  readonly pos: number;
  /** `$x = ...` assigns to an existing variable; `:=` declares. */
  readonly isAssign: boolean;
  readonly decl: VariableNode[];
  readonly cmds: CommandNode[];
  /** The action's source, for error messages. */
  readonly source: string;
}

export interface CommandNode {
  readonly pos: number;
  readonly args: Operand[];
}

export type Operand =
  | FieldNode
  | VariableNode
  | IdentifierNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode
  | ChainNode
  | SubPipeNode;

/** `.A.B` */
export interface FieldNode {
  readonly type: 'field';
  readonly pos: number;
  readonly ident: string[];
}

/** `$x.A.B` (`$` alone is the data). */
export interface VariableNode {
  readonly type: 'variable';
  readonly pos: number;
  readonly ident: string[];
}

/** A function name. */
export interface IdentifierNode {
  readonly type: 'identifier';
  readonly pos: number;
  readonly name: string;
}

export interface DotNode {
  readonly type: 'dot';
  readonly pos: number;
}

export interface NilNode {
  readonly type: 'nil';
  readonly pos: number;
}

export interface BoolNode {
  readonly type: 'bool';
  readonly pos: number;
  readonly value: boolean;
}

/** A numeric constant: an integer literal is a Go int, anything with a point or exponent a float64. */
export interface NumberNode {
  readonly type: 'number';
  readonly pos: number;
  readonly value: bigint | number;
  readonly text: string;
}

export interface StringNode {
  readonly type: 'string';
  readonly pos: number;
  readonly value: string;
}

/** `(pipe).A.B` or `$x.A` after a term that is not a field. */
export interface ChainNode {
  readonly type: 'chain';
  readonly pos: number;
  readonly node: Operand;
  readonly field: string[];
}

/** A parenthesised pipeline used as an operand. */
export interface SubPipeNode {
  readonly type: 'pipe';
  readonly pos: number;
  readonly pipe: PipeNode;
}
