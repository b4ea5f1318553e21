// Production-context detection: a context or cluster whose name matches `istio.cluster.productionPattern` gets a loud
// confirmation and a typed one before anything is written to it.

/** The default of `istio.cluster.productionPattern`. */
export const DEFAULT_PRODUCTION_PATTERN = 'prod|production|live';

/** Whether a target looks like production, and why. */
export interface ProductionCheck {
  readonly production: boolean;
  /** The pattern used (the default when the setting is unset or invalid). */
  readonly pattern: string;
  /** Which name matched, and the matching text. */
  readonly matched?: { readonly field: 'context' | 'cluster'; readonly name: string; readonly text: string };
  /** The setting's value did not compile as a regular expression (the default was used instead). */
  readonly patternError?: string;
}

/**
 * Matches the context and cluster names against the pattern, case-insensitively. An unset pattern means the default;
 * an invalid one falls back to the default (never to "nothing is production"); only an explicitly empty pattern turns
 * the check off.
 */
export function productionCheck(target: { readonly context: string; readonly cluster: string }, pattern: string | null | undefined): ProductionCheck {
  let source = pattern ?? DEFAULT_PRODUCTION_PATTERN;
  if (source.trim() === '') {
    return { production: false, pattern: '' };
  }
  let re: RegExp;
  let patternError: string | undefined;
  try {
    re = new RegExp(source, 'i');
  } catch (e) {
    patternError = e instanceof Error ? e.message : String(e);
    source = DEFAULT_PRODUCTION_PATTERN;
    re = new RegExp(source, 'i');
  }
  const extra = patternError === undefined ? {} : { patternError };
  for (const field of ['context', 'cluster'] as const) {
    const name = target[field];
    const m = re.exec(name);
    if (m) {
      return { production: true, pattern: source, matched: { field, name, text: m[0] }, ...extra };
    }
  }
  return { production: false, pattern: source, ...extra };
}

/** The typed confirmation holds only for the exact context name (surrounding blanks aside). */
export function typedConfirmationMatches(input: string | undefined, expected: string): boolean {
  return input !== undefined && input.trim() === expected;
}
