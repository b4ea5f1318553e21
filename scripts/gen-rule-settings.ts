// Writes the per-rule entries of the `istio.rules` setting in package.json from the rule registry, so that a new
// rule needs no hand edit there. Run: node --import tsx scripts/gen-rule-settings.ts (the contract test checks it).
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../server/src/core/rules/registry';

export const SEVERITY_ENUM = ['error', 'warning', 'info', 'hint', 'off'];

/** The `properties` of `istio.rules`: one entry per rule id. */
export function ruleSettingProperties(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of [...allRules].sort((a, b) => a.id.localeCompare(b.id))) {
    const ist = r.istioCode ? ` (${r.istioCode})` : '';
    out[r.id] = { type: 'string', enum: SEVERITY_ENUM, markdownDescription: `${r.description}${ist}` };
  }
  return out;
}

if (require.main === module) {
  const file = path.join(__dirname, '..', 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as {
    contributes: { configuration: { properties: Record<string, Record<string, unknown>> } };
  };
  const rules = pkg.contributes.configuration.properties['istio.rules'];
  if (!rules) {
    throw new Error('package.json has no istio.rules setting');
  }
  rules['properties'] = ruleSettingProperties();
  rules['additionalProperties'] = false;
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  console.log(`istio.rules: ${Object.keys(rules['properties'] as object).length} rules`);
}
