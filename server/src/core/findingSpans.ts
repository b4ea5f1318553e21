import type { Fix, RelatedLocation, RuleFinding, TextEdit } from './rules/rule';

/**
 * A rule's finding with its positions of type `S`: spans of the files as they are (`Span`), or spans pinned to the
 * chunks holding them (`AnchoredSpan`), as the service caches findings.
 */
export type FindingAt<S> = Omit<RuleFinding, 'span' | 'related' | 'fixes'> & {
  readonly span: S;
  readonly related?: readonly (Omit<RelatedLocation, 'span'> & { readonly span: S })[];
  readonly fixes?: readonly (Omit<Fix, 'edits'> & { readonly edits: readonly (Omit<TextEdit, 'span'> & { readonly span: S })[] })[];
};

/**
 * The finding with every position it holds mapped: its span, its related locations' and its fixes' edits', each given
 * with the file it is in (`uri` is the finding's). Undefined when one position does not map; then none is of use.
 * Both directions of the result cache: current span to anchor when findings are stored, anchor to current span when
 * they are read back.
 */
export function mapFindingSpans<A, B>(
  finding: FindingAt<A>,
  uri: string,
  map: (uri: string, span: A) => B | undefined,
): FindingAt<B> | undefined {
  const span = map(uri, finding.span);
  if (span === undefined) {
    return undefined;
  }
  const related: (Omit<RelatedLocation, 'span'> & { readonly span: B })[] = [];
  for (const r of finding.related ?? []) {
    const s = map(r.uri, r.span);
    if (s === undefined) {
      return undefined;
    }
    related.push({ ...r, span: s });
  }
  const fixes: (Omit<Fix, 'edits'> & { readonly edits: readonly (Omit<TextEdit, 'span'> & { readonly span: B })[] })[] = [];
  for (const fix of finding.fixes ?? []) {
    const edits: (Omit<TextEdit, 'span'> & { readonly span: B })[] = [];
    for (const e of fix.edits) {
      const s = map(e.uri ?? uri, e.span);
      if (s === undefined) {
        return undefined;
      }
      edits.push({ ...e, span: s });
    }
    fixes.push({ ...fix, edits });
  }
  return { ...finding, span, related, fixes };
}

/** Every finding of a list mapped (see `mapFindingSpans`), or undefined when one does not map. */
export function mapAllFindingSpans<A, B>(
  findings: readonly FindingAt<A>[],
  uri: string,
  map: (uri: string, span: A) => B | undefined,
): readonly FindingAt<B>[] | undefined {
  if (findings.length === 0) {
    return NOTHING; // most rule results: shared, not copied
  }
  const out: FindingAt<B>[] = [];
  for (const f of findings) {
    const mapped = mapFindingSpans(f, uri, map);
    if (!mapped) {
      return undefined;
    }
    out.push(mapped);
  }
  return out;
}

const NOTHING: readonly never[] = [];
