/** A template's source text, for turning offsets into lines and columns, and the error of a source that does not parse. */
import { TemplateSourceError, utf8Length } from './values';

/** A template's source, for turning offsets into lines and columns. */
export class Source {
  private lineStarts: number[] | undefined;

  constructor(
    readonly name: string,
    readonly text: string,
  ) {}

  /** 1-based line and 0-based column in UTF-8 bytes from the line start, as Go's ErrorContext counts them. */
  position(pos: number): { line: number; col: number } {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = 0; i < this.text.length; i++) {
        if (this.text.charCodeAt(i) === 10) {
          this.lineStarts.push(i + 1);
        }
      }
    }
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= pos) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    const start = this.lineStarts[lo] as number;
    return { line: lo + 1, col: utf8Length(this.text.slice(start, pos)) };
  }
}

/** A template does not parse. */
export class TemplateParseError extends TemplateSourceError {}
