import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Schema } from 'yaml';
import { KUBERNETES_YAML } from './kubernetesYaml';

/**
 * `yaml`'s node classes, made without running their constructors: those define the node's type on every instance
 * with `Object.defineProperty`, a fair part of the cost of building a big file's nodes. Here the type (under the
 * registered symbol `yaml.node.type`, which every copy of `yaml` shares by design) is a plain property, so
 * `isScalar`, `isMap`, `instanceof` and the classes' methods see what they see on `yaml`'s own nodes.
 */

const NODE_TYPE = Symbol.for('yaml.node.type');

// The schema and options `parseAllDocuments` gives each document of a manifest (see parse.ts).
const template = new Document(undefined, { ...KUBERNETES_YAML, uniqueKeys: true });
export const schema: Schema = template.schema;
export const options = template.options;

const typeOf = (sample: object): symbol => (sample as Record<symbol, symbol>)[NODE_TYPE] as symbol;
const SCALAR_TYPE = typeOf(new Scalar(null));
const MAP_TYPE = typeOf(new YAMLMap());
const SEQ_TYPE = typeOf(new YAMLSeq());
const PAIR_TYPE = typeOf(new Pair(null));

type Range = [number, number, number];

/**
 * Where these nodes keep their range: three numbers in the node itself. `yaml` gives every node an array of its own,
 * and in a 10 MB List those 1.5 million arrays were a third of the nodes' objects and a quarter of their bytes, all
 * copied by the garbage collector while the file is read. `range` stays readable and writable as in `yaml` (an
 * accessor on a prototype between the class's and the node); it reads as a new array, so code that moves a node
 * in place writes the numbers ({@link shiftRange}) or assigns a whole range.
 */
interface InlineRange {
  rangeStart: number;
  rangeValueEnd: number;
  rangeEnd: number;
}

const inlineRange: PropertyDescriptor = {
  get(this: InlineRange): Range {
    return [this.rangeStart, this.rangeValueEnd, this.rangeEnd];
  },
  set(this: InlineRange, r: Range) {
    this.rangeStart = r[0];
    this.rangeValueEnd = r[1];
    this.rangeEnd = r[2];
  },
  configurable: true,
};

const isInline = (node: object): node is InlineRange => typeof (node as Partial<InlineRange>).rangeStart === 'number';

/** Moves a node's own range (not its children's) by `delta`, in place, whichever kind of node made it. */
export function shiftRange(node: { range?: Range | null }, delta: number): void {
  if (isInline(node)) {
    node.rangeStart += delta;
    node.rangeValueEnd += delta;
    node.rangeEnd += delta;
    return;
  }
  const r = node.range;
  if (r) {
    r[0] += delta;
    r[1] += delta;
    r[2] += delta;
  }
}

/** Where a node starts and where its value ends (the first two numbers of its range), without making an array. */
export function rangeStartOf(node: { range?: Range | null }): number | undefined {
  return isInline(node) ? node.rangeStart : node.range?.[0];
}

export function rangeValueEndOf(node: { range?: Range | null }): number | undefined {
  return isInline(node) ? node.rangeValueEnd : node.range?.[1];
}

/** Where a node's range ends (the third number), without making an array for a block parser's node. */
export function rangeEndOf(node: { range?: Range | null }): number | undefined {
  return isInline(node) ? node.rangeEnd : node.range?.[2];
}

/** Sets where a node's range ends (the third number: past trailing comments), whichever kind of node made it. */
export function setRangeEnd(node: { range?: Range | null }, end: number): void {
  if (isInline(node)) {
    node.rangeEnd = end;
    return;
  }
  const r = node.range;
  if (r) {
    r[2] = end;
  }
}

// A collection's schema is a non-enumerable own property in `yaml`; here one schema, on a prototype between the
// class's and the node, serves every collection.
// The node's type, which `yaml` defines on every instance, is read through the prototype just the same (`isNode` and
// its kin read `node[NODE_TYPE]`): one field less in each of a big file's millions of nodes.
const nodeProto = (proto: object, type: symbol, collection: boolean): object =>
  Object.create(proto, {
    [NODE_TYPE]: { value: type, writable: true, configurable: true },
    ...(type === PAIR_TYPE ? {} : { range: inlineRange }),
    ...(collection ? { schema: { value: schema, writable: true, configurable: true } } : {}),
  }) as object;
const SCALAR = nodeProto(Scalar.prototype, SCALAR_TYPE, false);
const MAP = nodeProto(YAMLMap.prototype, MAP_TYPE, true);
const SEQ = nodeProto(YAMLSeq.prototype, SEQ_TYPE, true);
const PAIR = nodeProto(Pair.prototype, PAIR_TYPE, false);

/**
 * A constructor making instances of `proto`: `new` gives V8 one fixed shape per node class with room for every field
 * in the object itself (`Object.create` leaves a few in-object slots and puts the rest in a separate store), and
 * tells it where long-lived nodes are allocated, so that a big file's nodes go straight to the old generation.
 */
function maker<T>(proto: object): new () => T {
  const make = function (this: unknown) {} as unknown as new () => T;
  (make as unknown as { prototype: object }).prototype = proto;
  return make;
}
const ScalarMaker = maker<Scalar>(SCALAR);
const MapMaker = maker<YAMLMap>(MAP);
const SeqMaker = maker<YAMLSeq>(SEQ);
const PairMaker = maker<Pair>(PAIR);

/** A scalar with range `[start, valueEnd, end]`. */
export function scalarNode(value: unknown, source: string, type: Scalar.Type, start: number, valueEnd: number, end: number): Scalar {
  const node = new ScalarMaker();
  node.value = value;
  const inline = node as unknown as InlineRange;
  inline.rangeStart = start;
  inline.rangeValueEnd = valueEnd;
  inline.rangeEnd = end;
  node.source = source;
  node.type = type;
  return node;
}

function collection<T extends YAMLMap | YAMLSeq>(make: new () => T, flow: boolean): T {
  const node = new make();
  node.items = [];
  // Set before anything else can be, so that every collection has one shape.
  const inline = node as unknown as InlineRange;
  inline.rangeStart = 0;
  inline.rangeValueEnd = 0;
  inline.rangeEnd = 0;
  if (flow) {
    node.flow = true;
  }
  return node;
}

export function mapNode(flow: boolean): YAMLMap {
  return collection(MapMaker, flow);
}

export function seqNode(flow: boolean): YAMLSeq {
  return collection(SeqMaker, flow);
}

export function pairNode(key: unknown, value: unknown): Pair {
  const node = new PairMaker();
  node.key = key;
  node.value = value;
  return node;
}
