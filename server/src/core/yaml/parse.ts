import { parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import type { Span } from './spans';

/** A YAML syntax problem with where it is. */
export interface SyntaxIssue {
  readonly span: Span;
  readonly message: string;
}

/** One `---`-separated document of a file, with its offsets into the file's text. */
export interface ParsedDoc {
  readonly doc: Document.Parsed;
  readonly span: Span;
  readonly errors: readonly SyntaxIssue[];
}

/** A parsed file: its documents, or why it was not parsed. */
export interface ParsedFile {
  readonly docs: readonly ParsedDoc[];
  /** Set when the file is not read at all, e.g. a Helm template; no findings are reported for it. */
  readonly skipped?: 'template';
}

/** Aliases beyond this count are refused when converting to JS: a guard against alias bombs ("billion laughs"). */
export const MAX_ALIAS_COUNT = 100;

/** True for Go/Helm templates, which are not YAML until rendered. */
export function isTemplate(text: string): boolean {
  return text.includes('{{');
}

/** Parses every document of a file, keeping the nodes and their offsets. */
export function parseFile(text: string): ParsedFile {
  if (isTemplate(text)) {
    return { docs: [], skipped: 'template' };
  }
  const parsed = parseAllDocuments(text, {
    prettyErrors: false,
    uniqueKeys: true,
  });
  const list = Array.isArray(parsed) ? parsed : [];
  return {
    docs: list.map((doc) => ({
      doc,
      span: { start: doc.range[0], end: doc.range[2] },
      errors: doc.errors.map((e) => ({
        span: { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) },
        message: firstLine(e.message),
      })),
    })),
  };
}

function firstLine(message: string): string {
  const nl = message.indexOf('\n');
  return nl < 0 ? message : message.slice(0, nl);
}
