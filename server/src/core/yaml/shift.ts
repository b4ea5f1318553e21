import { isCollection, isNode, isPair } from 'yaml';

/**
 * Shifts a node and everything under it, in place: a plain walk (`visit` costs several times more), and no new range
 * arrays (each node has its own), since an edit early in a big file moves every node after it.
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
  const nr = node.range;
  if (nr) {
    nr[0] += delta;
    nr[1] += delta;
    nr[2] += delta;
  }
  if (isCollection(node)) {
    for (const item of node.items) {
      shiftNode(item, delta);
    }
  }
}
