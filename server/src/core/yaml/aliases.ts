import { isAlias, visit } from 'yaml';
import type { Alias, Document, Node } from 'yaml';

/** Where a parsed alias points, stored on the alias node itself: the model reads through aliases without the Document. */
const TARGET = Symbol('istio-mesh-tools.aliasTarget');

type Linked = Alias & { [TARGET]?: Node };

/** Links every alias of a document to the node its anchor names (unknown anchors stay unlinked). */
export function linkAliases(doc: Document.Parsed): void {
  visit(doc, {
    Alias(_key, alias) {
      const target = alias.resolve(doc);
      if (target) {
        (alias as Linked)[TARGET] = target;
      }
    },
  });
}

/** The node itself, or for an alias the node it stands for (once, so alias cycles cannot loop). */
export function deref(node: unknown): unknown {
  return isAlias(node) ? (node as Linked)[TARGET] : node;
}
