import type { ListItem } from '../yaml/listItems';
import type { Chunk, ParsedFile } from '../yaml/parse';
import type { Span } from '../yaml/spans';

/**
 * A span pinned to the chunk (stretch between `---` lines) holding it, or to the List item holding it, valid while
 * that chunk or item is in its file. A reused chunk or item keeps its identity while its `start` moves with edits
 * above it, so the span it stands for follows those edits.
 */
export interface AnchoredSpan {
  readonly chunk: Chunk | ListItem;
  readonly start: number;
  readonly end: number;
}

/**
 * The chunks and List items of the files' current parses, which anchored spans are pinned to: cached positions
 * (a rule's findings) are stored anchored and resolved when read, so an edit elsewhere in a file moves them and an
 * edit of their own chunk drops them.
 */
export class SpanAnchors {
  /** An anchored span is valid while its chunk (or item) is here. */
  private readonly live = new WeakSet<Chunk | ListItem>();

  /** A file was parsed again (`after`) or removed (no `after`): its chunks and items that are gone stop resolving. */
  replaced(before: ParsedFile | undefined, after: ParsedFile | undefined): void {
    const kept = new Set(after?.chunks ?? []);
    const goneItems: ListItem[] = [];
    for (const c of before?.chunks ?? []) {
      if (!kept.has(c)) {
        this.live.delete(c);
        c.items?.forEach((i) => goneItems.push(i));
      }
    }
    const newItems: ListItem[] = [];
    for (const c of after?.chunks ?? []) {
      if (!this.live.has(c)) {
        this.live.add(c);
        c.items?.forEach((i) => newItems.push(i));
      }
    }
    // A List's items live on in the chunk of its next parse, all but the edited ones and in order: those kept at both
    // ends are compared pairwise and left live; only those between are looked up.
    let head = 0;
    while (head < goneItems.length && head < newItems.length && goneItems[head] === newItems[head]) {
      head++;
    }
    let tail = 0;
    while (
      head + tail < goneItems.length &&
      head + tail < newItems.length &&
      goneItems[goneItems.length - 1 - tail] === newItems[newItems.length - 1 - tail]
    ) {
      tail++;
    }
    const added = newItems.slice(head, newItems.length - tail);
    const stay = new Set(added);
    for (const i of goneItems.slice(head, goneItems.length - tail)) {
      if (!stay.has(i)) {
        this.live.delete(i);
      }
    }
    added.forEach((i) => this.live.add(i));
  }

  /**
   * Pins a span of a file (its current parse) to the chunk holding it, or to the List item holding it; undefined when
   * the file has no chunks or the span crosses two.
   */
  anchor(parsed: ParsedFile | undefined, span: Span): AnchoredSpan | undefined {
    const chunks = parsed?.chunks;
    if (!chunks || chunks.length === 0) {
      return undefined;
    }
    const chunk = chunks[lastStartingAtOrBefore(chunks, span.start)];
    if (!chunk || span.start < chunk.start || span.end > chunk.start + chunk.text.length || span.end < span.start) {
      return undefined;
    }
    const item = chunk.items ? itemHolding(chunk.items, span) : undefined;
    const at = item ?? chunk;
    return { chunk: at, start: span.start - at.start, end: span.end - at.start };
  }

  /** The span an anchored span stands for now, or undefined when its chunk was edited or its file removed. */
  resolve(a: AnchoredSpan): Span | undefined {
    return this.live.has(a.chunk) ? { start: a.chunk.start + a.start, end: a.chunk.start + a.end } : undefined;
  }
}

/** The index of the last of `pieces` (in file order) that starts at or before `offset`, else 0. */
function lastStartingAtOrBefore(pieces: readonly { readonly start: number }[], offset: number): number {
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((pieces[mid]?.start ?? 0) <= offset) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

/** The item holding a span, if one does. */
function itemHolding(items: readonly ListItem[], span: Span): ListItem | undefined {
  const item = items[lastStartingAtOrBefore(items, span.start)];
  return item && span.start >= item.start && span.end <= item.start + item.text.length ? item : undefined;
}
