import { MutableWorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';
import type { FileEntry } from '../../../server/src/core/index/workspaceIndex';

/** A file entry from YAML whose `|` marks the cursor; returns the entry and the cursor's offset. */
export function withCursor(textWithCursor: string): { entry: FileEntry; offset: number } {
  const offset = textWithCursor.indexOf('|');
  if (offset < 0) {
    throw new Error('no | cursor in the test text');
  }
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  return { entry: new MutableWorkspaceIndex().set('file:///test.yaml', text), offset };
}
