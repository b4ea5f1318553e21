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

export function scalarNode(value: unknown, source: string, type: Scalar.Type, range: Range): Scalar {
  const node = Object.create(SCALAR) as Scalar;
  (node as unknown as Record<symbol, symbol>)[NODE_TYPE] = SCALAR_TYPE;
  node.value = value;
  node.range = range;
  node.source = source;
  node.type = type;
  return node;
}

function collection(proto: object, type: symbol, flow: boolean): YAMLMap | YAMLSeq {
  const node = Object.create(proto) as YAMLMap | YAMLSeq;
  (node as unknown as Record<symbol, symbol>)[NODE_TYPE] = type;
  node.items = [];
  if (flow) {
    node.flow = true;
  }
  return node;
}

export function mapNode(flow: boolean): YAMLMap {
  return collection(MAP, MAP_TYPE, flow) as YAMLMap;
}

export function seqNode(flow: boolean): YAMLSeq {
  return collection(SEQ, SEQ_TYPE, flow) as YAMLSeq;
}

export function pairNode(key: unknown, value: unknown): Pair {
  const node = Object.create(PAIR) as Pair;
  (node as unknown as Record<symbol, symbol>)[NODE_TYPE] = PAIR_TYPE;
  node.key = key;
  node.value = value;
  return node;
}
