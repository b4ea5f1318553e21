import { isAlias, isCollection, isMap, isPair, isScalar } from 'yaml';
import type { Node } from 'yaml';

/** What `yaml` says of a key written twice in one map (its `uniqueKeys` check), and where it says it. */
export const DUPLICATE_KEY_MESSAGE = 'Map keys must be unique';

/**
 * The start offsets of the keys that repeat an earlier key of their map: scalars with the same value, as `yaml`'s
 * `uniqueKeys` compares them. `yaml` compares each key with every earlier one, which makes a map of 100,000 keys (a
 * generated CRD schema on one line) take most of a minute; a set per map makes it linear. Aliases are not followed.
 */
export function duplicateKeyOffsets(root: unknown): number[] {
  const out: number[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) {
      stack.push(node.value, node.key);
      continue;
    }
    if (!isCollection(node) || isAlias(node)) {
      continue;
    }
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        if (!isScalar(key)) {
          continue; // a map or list as a key equals only itself, and each is written once
        }
        if (typeof key.value === 'number' && Number.isNaN(key.value)) {
          continue; // `yaml` compares with ===: NaN repeats nothing
        }
        if (seen.has(key.value)) {
          out.push(key.range?.[0] ?? 0);
        } else {
          seen.add(key.value);
        }
      }
    }
    for (let i = node.items.length - 1; i >= 0; i--) {
      stack.push(node.items[i]);
    }
  }
  return out.sort((a, b) => a - b);
}
