import type { Rule } from './rule';
import svcPortNamed from './svc-port-named';

/** Every rule, one line each. */
export const allRules: readonly Rule[] = [svcPortNamed];
