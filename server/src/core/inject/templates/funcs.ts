/**
 * The functions Istio's injection templates may call (pkg/kube/inject InjectionFuncmap): the sprig text functions
 * they use, then Istio's own, which replace sprig's where names collide (`indent` does not indent the first line,
 * `contains` takes the needle first, `omit`). Each follows the Go function's semantics, including its argument types:
 * a wrong type fails the template as Go's reflection would.
 */
import type { GoFunc } from '../../gotemplate';
import { istioFuncs } from './istioFuncs';
import { SPRIG_ENCODING } from './sprigEncoding';
import { SPRIG_LISTS } from './sprigLists';
import { SPRIG_STRINGS } from './sprigStrings';
import { SPRIG_VALUES } from './sprigValues';

export interface FuncOptions {
  /** What `env` reads: never the process environment (a template is untrusted data). */
  readonly env: Readonly<Record<string, string>>;
}

/** The function map, for one execution (the `env` it reads is the caller's). */
export function injectionFuncs(options: FuncOptions): Record<string, GoFunc> {
  return { ...SPRIG_VALUES, ...SPRIG_STRINGS, ...SPRIG_LISTS, ...SPRIG_ENCODING, ...istioFuncs(options.env) };
}

/** The names Istio's templates may call, for the parser. */
export const INJECTION_FUNC_NAMES: ReadonlySet<string> = new Set(Object.keys(injectionFuncs({ env: {} })));
