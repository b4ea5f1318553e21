/**
 * The language server run from source with one rule made to throw, as a rule with a bug would: production code is
 * untouched (the rule object is patched before the server starts). Used by `ruleFailure.test.ts`:
 * `node --import tsx test/reliability/failingRuleServer.ts --stdio`; `BROKEN_RULE` names the rule.
 */
import { allRules } from '../../server/src/core/rules/registry';
import type { Rule } from '../../server/src/core/rules/rule';

const id = process.env['BROKEN_RULE'] ?? 'svc-port-named';
const rule = allRules.find((r) => r.id === id);
if (!rule) {
  throw new Error(`no rule ${id}`);
}
(rule as { check: Rule['check'] }).check = () => {
  throw new TypeError(`Cannot read properties of undefined (reading 'items') [deliberate failure of ${id}]`);
};

void import('../../server/src/server');
