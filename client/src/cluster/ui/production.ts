import * as vm from 'node:vm';

// Production-target detection: a context, cluster or server URL matching `istio.cluster.productionPattern` gets a loud
// confirmation and a typed one before anything is written to it.

/** The default of `istio.cluster.productionPattern`. */
export const DEFAULT_PRODUCTION_PATTERN = 'prod|production|live';

/** Longer patterns are refused: nobody types them by hand, and their cost is unbounded. */
export const MAX_PATTERN_LENGTH = 500;
/** Only this much of each name is matched (context names of cloud providers stay well below). */
export const MAX_NAME_LENGTH = 1000;
/** The time one pattern may take over the three names before it counts as unusable. */
const MATCH_BUDGET_MS = 100;

/** The names a pattern is matched against, in this order. */
export type ProductionField = 'context' | 'cluster' | 'server';

/** Whether a target looks like production, and why. */
export interface ProductionCheck {
  readonly production: boolean;
  /** The pattern used (the default when the setting is unset or unusable). */
  readonly pattern: string;
  /** Which name matched, and the matching text. */
  readonly matched?: { readonly field: ProductionField; readonly name: string; readonly text: string };
  /** Why the setting's value could not be used (the default was used instead). */
  readonly patternError?: string;
}

type Target = { readonly context: string; readonly cluster: string; readonly server?: string };

const MATCH_SCRIPT = 'out = undefined; for (let i = 0; i < names.length; i++) { const m = re.exec(names[i]); if (m) { out = { index: i, text: String(m[0]) }; break; } } out';

/** One context and script for every match: creating a V8 context costs about a millisecond, a run a few microseconds. */
let sandbox: { readonly context: vm.Context; readonly script: vm.Script } | undefined;

/**
 * Runs the match in a separate V8 context with a deadline: a pattern that backtracks catastrophically (`^(a+)+$`)
 * would otherwise hold the extension host, and with it every editor, for seconds or minutes.
 */
function matchAll(re: RegExp, names: readonly string[]): { index: number; text: string } | undefined | 'timeout' {
  sandbox ??= { context: vm.createContext({}), script: new vm.Script(MATCH_SCRIPT) };
  const { context, script } = sandbox;
  context.re = re;
  context.names = names;
  try {
    const found = script.runInContext(context, { timeout: MATCH_BUDGET_MS }) as { index: number; text: string } | undefined;
    return found === undefined ? undefined : { index: found.index, text: found.text };
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      return 'timeout';
    }
    throw e;
  } finally {
    context.re = undefined;
    context.names = undefined;
  }
}

function compile(source: string): RegExp | string {
  if (source.length > MAX_PATTERN_LENGTH) {
    return `it is longer than ${MAX_PATTERN_LENGTH} characters`;
  }
  try {
    return new RegExp(source, 'i');
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Matches the context, cluster and server URL against the pattern, case-insensitively. An unset pattern means the
 * default; an unusable one (does not compile, too long, too slow) falls back to the default (never to "nothing is
 * production"); only an explicitly empty pattern turns the check off.
 */
export function productionCheck(target: Target, pattern: string | null | undefined): ProductionCheck {
  const fields: ProductionField[] = ['context', 'cluster', ...(target.server ? (['server'] as const) : [])];
  const names = fields.map((f) => (target[f] ?? '').slice(0, MAX_NAME_LENGTH));
  let source = pattern ?? DEFAULT_PRODUCTION_PATTERN;
  if (source.trim() === '') {
    return { production: false, pattern: '' };
  }
  let patternError: string | undefined;
  let re = compile(source);
  let m = typeof re === 'string' ? undefined : matchAll(re, names);
  if (typeof re === 'string' || m === 'timeout') {
    patternError = typeof re === 'string' ? re : `matching it took longer than ${MATCH_BUDGET_MS} ms (nested quantifiers such as (a+)+ backtrack without end)`;
    source = DEFAULT_PRODUCTION_PATTERN;
    re = new RegExp(source, 'i');
    m = matchAll(re, names);
  }
  const extra = patternError === undefined ? {} : { patternError };
  if (m && m !== 'timeout') {
    const field = fields[m.index]!;
    return { production: true, pattern: source, matched: { field, name: target[field] ?? '', text: m.text }, ...extra };
  }
  return { production: false, pattern: source, ...extra };
}

/** The typed confirmation holds only for the exact context name (surrounding blanks aside). */
export function typedConfirmationMatches(input: string | undefined, expected: string): boolean {
  return input !== undefined && input.trim() === expected;
}
