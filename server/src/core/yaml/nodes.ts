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

// A collection's schema is a non-enumerable own property in `yaml`; here one schema, on a prototype between the
// class's and the node, serves every collection.
const withSchema = (proto: object): object =>
  Object.create(proto, { schema: { value: schema, writable: true, configurable: true } }) as object;
const SCALAR = Scalar.prototype;
const MAP = withSchema(YAMLMap.prototype);
const SEQ = withSchema(YAMLSeq.prototype);
const PAIR = Pair.prototype;

type Range = [number, number, number];

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

export function scalarNode(value: unknown, source: string, type: Scalar.Type, range: Range): Scalar {
  const node = new ScalarMaker();
  (node as unknown as Record<symbol, symbol>)[NODE_TYPE] = SCALAR_TYPE;
  node.value = value;
  node.range = range;
  node.source = source;
  node.type = type;
  return node;
}

function collection<T extends YAMLMap | YAMLSeq>(make: new () => T, type: symbol, flow: boolean): T {
  const node = new make();
  (node as unknown as Record<symbol, symbol>)[NODE_TYPE] = type;
  node.items = [];
  if (flow) {
    node.flow = true;
  }
  return node;
}

export function mapNode(flow: boolean): YAMLMap {
  return collection(MapMaker, MAP_TYPE, flow);
}

export function seqNode(flow: boolean): YAMLSeq {
  return collection(SeqMaker, SEQ_TYPE, flow);
}

export function pairNode(key: unknown, value: unknown): Pair {
  const node = new PairMaker();
  (node as unknown as Record<symbol, symbol>)[NODE_TYPE] = PAIR_TYPE;
  node.key = key;
  node.value = value;
  return node;
}
