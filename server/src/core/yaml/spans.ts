import type { Node, Pair, Scalar } from 'yaml';
import { isMap, isNode, isPair, isScalar, isSeq } from 'yaml';
import { rangeStartOf, rangeValueEndOf } from './nodes';

/** A half-open range of UTF-16 offsets into a file's text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** The span of a node's value, without trailing comments or blank lines. */
export function nodeSpan(node: Node | null | undefined): Span | undefined {
  const start = node ? rangeStartOf(node) : undefined;
  if (start === undefined || !node) {
    return undefined;
  }
  // A block collection's range runs past its last line; end it where its last value ends instead.
  if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length > 0) {
    const last = node.items[node.items.length - 1];
    const lastNode = isPair(last) ? (isNode(last.value) ? last.value : isNode(last.key) ? last.key : undefined) : isNode(last) ? last : undefined;
    const end = nodeSpan(lastNode)?.end;
    if (end !== undefined && end > start) {
      return { start, end };
    }
  }
  return { start, end: rangeValueEndOf(node) as number };
}

/** The span of a map pair's key. */
export function keySpan(pair: Pair): Span | undefined {
  return isNode(pair.key) ? nodeSpan(pair.key) : undefined;
}

/** The span from a pair's key to the end of its value: the whole `key: value` entry. */
export function pairSpan(pair: Pair): Span | undefined {
  const k = keySpan(pair);
  const v = isNode(pair.value) ? nodeSpan(pair.value) : undefined;
  if (!k) {
    return v;
  }
  return { start: k.start, end: v ? Math.max(k.end, v.end) : k.end };
}

/** True when the node is a scalar whose value is a string. */
export function isStringScalar(node: unknown): node is Scalar<string> {
  return isScalar(node) && typeof node.value === 'string';
}
