/** What a line of the block parser's text holds. */
export const BLANK = 0;
export const COMMENT = 1;
export const CONTENT = 2;

/**
 * The lines of a stretch of text as the block parser (./blockParse) reads them: where each starts and ends, its
 * indentation and whether it is blank, a comment or content, and the line the parser has reached.
 */
export class BlockLines {
  protected readonly starts: number[] = [];
  /** Where each line's content ends: its `\n` (or the `\r` of its `\r\n`), or the end of the text. */
  protected readonly ends: number[] = [];
  /** Where the next line starts (after the line break), or the end of the text. */
  protected readonly nexts: number[] = [];
  protected readonly indents: number[] = [];
  protected readonly kinds: number[] = [];
  protected readonly count: number;
  /** The first line not yet consumed. */
  protected line = 0;

  constructor(
    protected readonly text: string,
    protected readonly from: number,
    protected readonly to: number,
  ) {
    let start = from;
    const len = to;
    while (start < len) {
      let nl = text.indexOf('\n', start);
      if (nl < 0 || nl > len) {
        nl = len;
      }
      // A CRLF line's content ends before its CR (CR elsewhere is declined up front).
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      let i = start;
      while (i < end && text.charCodeAt(i) === 32) {
        i++;
      }
      this.starts.push(start);
      this.ends.push(end);
      this.nexts.push(Math.min(nl + 1, len));
      this.indents.push(i - start);
      this.kinds.push(i === end ? BLANK : text.charCodeAt(i) === 35 ? COMMENT : CONTENT);
      start = nl + 1;
    }
    this.count = this.starts.length;
  }

  protected nextContent(from: number): number {
    let l = from;
    while (l < this.count && this.kinds[l] !== CONTENT) {
      l++;
    }
    return l;
  }

  protected previousContent(before: number): number {
    let l = before - 1;
    while (l >= 0 && this.kinds[l] !== CONTENT) {
      l--;
    }
    return l;
  }

  protected hasComment(from: number, to: number): boolean {
    for (let l = from; l < to; l++) {
      if (this.kinds[l] === COMMENT) {
        return true;
      }
    }
    return false;
  }

  protected lineAfter(l: number): number {
    return this.nexts[l] as number;
  }
}
