import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { allRules } from '../../server/src/core/rules/registry';

/** One file per rule, registered, named by its id, with fixtures and a docs page (STYLE.md §8.3). */
const REPO = path.resolve(__dirname, '../..');
const RULES_DIR = path.join(REPO, 'server/src/core/rules');
const NOT_RULES = new Set(['rule.ts', 'registry.ts']);
const ID = /^[a-z]+(-[a-z0-9]+)+$/;
const SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'];
const PROFILES = ['legacy-0.2', 'classic', 'native'] as const;

const ruleFiles = readdirSync(RULES_DIR)
  .filter((f) => f.endsWith('.ts') && !NOT_RULES.has(f))
  .map((f) => f.slice(0, -'.ts'.length))
  .sort();

test('every rule file is registered, under its file name', async () => {
  const registered = new Set(allRules.map((r) => r.id));
  for (const name of ruleFiles) {
    assert.ok(registered.has(name), `server/src/core/rules/${name}.ts is not listed in registry.ts`);
    const mod = (await import(path.join(RULES_DIR, `${name}.ts`))) as { default?: { id?: string } };
    assert.equal(mod.default?.id, name, `the default export of ${name}.ts must be the rule with id "${name}"`);
  }
  for (const id of registered) {
    assert.ok(ruleFiles.includes(id), `registry.ts lists "${id}" but there is no rules/${id}.ts`);
  }
});

test('rule ids are unique and well formed', () => {
  const seen = new Set<string>();
  for (const r of allRules) {
    assert.match(r.id, ID, `rule id "${r.id}" is not <resource-abbrev>-<what-must-hold>`);
    assert.ok(!seen.has(r.id), `rule id "${r.id}" is registered twice`);
    seen.add(r.id);
  }
});

test('rules declare a description, kinds, a default severity per profile and an Istio code or null', () => {
  for (const r of allRules) {
    assert.ok(r.description.trim().length > 0, `${r.id}: empty description`);
    assert.ok(r.kinds.length > 0, `${r.id}: checks no kinds`);
    const d = r.defaultSeverity;
    const defaults = PROFILES.map((p) => (typeof d === 'string' ? d : (d as Record<string, string>)[p]));
    for (const s of defaults) {
      assert.ok(typeof s === 'string' && SEVERITIES.includes(s), `${r.id}: default severity "${String(s)}" is unknown`);
    }
    const code = r.istioCode;
    assert.ok(code === null || /^IST\d{4}$/.test(code), `${r.id}: istioCode "${code}" is not ISTnnnn`);
  }
});

test('every rule has valid and invalid fixtures and a docs page', () => {
  for (const r of allRules) {
    for (const kind of ['valid', 'invalid']) {
      const dir = path.join(REPO, 'test/fixtures/rules', r.id, kind);
      const cases = existsSync(dir)
        ? readdirSync(dir).filter((e) => /\.ya?ml$/.test(e) || statSync(path.join(dir, e)).isDirectory())
        : [];
      assert.ok(cases.length > 0, `${r.id}: no fixtures in test/fixtures/rules/${r.id}/${kind}/`);
    }
    assert.ok(existsSync(path.join(REPO, 'docs/rules', `${r.id}.md`)), `${r.id}: no docs/rules/${r.id}.md`);
  }
});

test('package.json lists exactly the registered rules, when it lists rules at all', () => {
  const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
    contributes?: { configuration?: { properties?: Record<string, { properties?: Record<string, unknown> }> } };
  };
  const listed = pkg.contributes?.configuration?.properties?.['istio.rules']?.properties;
  if (!listed) {
    return; // `istio.rules` accepts any id (additionalProperties): nothing to keep in step.
  }
  assert.deepEqual(Object.keys(listed).sort(), allRules.map((r) => r.id).sort());
});

test('package.json lists every rule under istio.rules, as scripts/gen-rule-settings.ts writes it', async () => {
  const { ruleSettingProperties } = await import('../../scripts/gen-rule-settings');
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { properties?: unknown }> } };
  };
  assert.deepEqual(
    pkg.contributes.configuration.properties['istio.rules']?.properties,
    ruleSettingProperties(),
    'run: node --import tsx scripts/gen-rule-settings.ts',
  );
});
