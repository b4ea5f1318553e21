import { parseAllDocuments } from 'yaml';
import type { Translator } from './translator';
import { isRec } from '../../../../server/src/core/plainData';

// What part of an editor a cluster command acts on: the whole file, the selected text, or the YAML document (workload)
// under the cursor. When more than one makes sense the command asks; when only the file does, it does not.

/** One YAML document of a file: its span (contiguous, covering the text between documents too) and what it holds. */
export interface DocumentSpan {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  /** Where its content (after any `---` marker) starts and ends: an offset there is unambiguous. */
  readonly contentStart: number;
  readonly contentEnd: number;
  /** The document's own text (from its `---` marker or first line to its end). */
  readonly text: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
}

/** What a command can act on. */
export interface TextChoice {
  readonly kind: 'file' | 'selection' | 'document';
  readonly text: string;
  /** Short, for the quick pick label. */
  readonly label: string;
  /** For messages and the log: `bookinfo.yaml (selection)`. */
  readonly source: string;
  readonly detail: string;
  /** For `document`: an offset inside it (what the injected preview takes). */
  readonly offset?: number;
}

/** The non-empty YAML documents of a text, with the spans between them assigned to the following document. */
export function documentSpans(text: string): DocumentSpan[] {
  const out: DocumentSpan[] = [];
  let previousEnd = 0;
  parseAllDocuments(text, { version: '1.1' }).forEach((doc, index) => {
    const [start, , end] = doc.range;
    const from = previousEnd;
    previousEnd = end;
    if (doc.contents === null || text.slice(start, end).replace(/^---.*$/m, '').trim() === '') {
      return;
    }
    let value: unknown;
    try {
      value = doc.errors.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined;
    } catch {
      value = undefined; // a broken document still counts as one; it just has no kind/name to show
    }
    const meta = isRec(value) && isRec(value.metadata) ? value.metadata : {};
    const [contentStart, contentEnd] = doc.contents.range;
    out.push({
      index,
      start: from,
      end,
      contentStart,
      contentEnd,
      text: text.slice(start, end),
      ...(isRec(value) && typeof value.kind === 'string' ? { kind: value.kind } : {}),
      ...(typeof meta.name === 'string' ? { name: meta.name } : {}),
      ...(typeof meta.namespace === 'string' ? { namespace: meta.namespace } : {}),
    });
  });
  // Text after the last document (comments, blank lines) belongs to it.
  if (out.length > 0) {
    const last = out[out.length - 1]!;
    out[out.length - 1] = { ...last, end: Math.max(last.end, text.length) };
  }
  return out;
}

/** The document containing an offset (the one before it when the offset is in trailing text). */
export function documentAt(spans: readonly DocumentSpan[], offset: number): DocumentSpan | undefined {
  return spans.find((d) => offset >= d.start && offset < d.end) ?? (offset >= (spans.at(-1)?.end ?? 0) ? spans.at(-1) : undefined);
}

const lineOf = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

/** `Deployment reviews-v1`, or `document 3` when the document names nothing. */
export function describeDocument(l10n: Translator, d: DocumentSpan): string {
  if (d.kind && d.name) {
    return `${d.kind} ${d.namespace ? `${d.namespace}/` : ''}${d.name}`;
  }
  return l10n.t('document {0}', d.index + 1);
}

/**
 * The choices for an editor: the selection first when there is one (it is what the user pointed at), then the file;
 * the document under the cursor when the file has several. `allowSelection: false` for commands that work on whole
 * documents only (the injected preview).
 */
export function textChoices(
  l10n: Translator,
  input: { readonly text: string; readonly fileName: string; readonly selection: { readonly start: number; readonly end: number }; readonly cursor: number },
  opts: { readonly allowSelection?: boolean } = {},
): TextChoice[] {
  const { text, fileName } = input;
  const spans = documentSpans(text);
  const file: TextChoice = {
    kind: 'file',
    text,
    label: l10n.t('The whole file'),
    source: fileName,
    detail: l10n.t('{0}: {1} document(s)', fileName, spans.length),
  };
  const choices: TextChoice[] = [];
  const { start, end } = input.selection;
  const selected = text.slice(Math.min(start, end), Math.max(start, end));
  if (opts.allowSelection !== false && selected.trim() !== '' && selected.trim() !== text.trim()) {
    const from = lineOf(text, Math.min(start, end));
    const to = lineOf(text, Math.max(start, end));
    choices.push({
      kind: 'selection',
      text: selected,
      label: l10n.t('The selected text'),
      source: l10n.t('{0} (selection)', fileName),
      detail: l10n.t('lines {0}–{1}', from, to),
    });
  }
  choices.push(file);
  if (spans.length > 1) {
    const doc = documentAt(spans, input.cursor);
    if (doc) {
      const what = describeDocument(l10n, doc);
      choices.push({
        kind: 'document',
        text: doc.text,
        label: l10n.t('The document at the cursor: {0}', what),
        source: `${fileName} (${what})`,
        detail: l10n.t('lines {0}–{1}', lineOf(text, doc.start), lineOf(text, Math.max(doc.start, doc.end - 1))),
        offset: input.cursor >= doc.contentStart && input.cursor <= doc.contentEnd ? input.cursor : doc.contentStart,
      });
    }
  }
  return choices;
}

/** Joins manifests into one multi-document text, in order. */
export function joinManifests(texts: readonly string[]): string {
  return texts.map((t) => (t.endsWith('\n') ? t : `${t}\n`)).join('---\n');
}
