import { isCollection, isNode, isPair } from 'yaml';
import { shiftRange } from './nodes';

/**
 * Shifts a node and everything under it, in place: a plain walk (`visit` costs several times more), and no new range
 * arrays, since an edit early in a big file moves every node after it.
 */
export function shiftNode(node: unknown, delta: number): void {
  if (isPair(node)) {
    shiftNode(node.key, delta);
    shiftNode(node.value, delta);
    return;
  }
  if (!isNode(node)) {
    return;
  }
  shiftRange(node, delta);
  if (isCollection(node)) {
    for (const item of node.items) {
      shiftNode(item, delta);
    }
  }
}
