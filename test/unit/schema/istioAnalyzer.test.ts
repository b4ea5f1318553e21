import assert from 'node:assert/strict';
import { test } from 'node:test';
import istioSchemaValid from '../../../server/src/core/rules/istio-schema-valid';
import { allRules } from '../../../server/src/core/rules/registry';
import {
  istioAnalyzerFor,
  istioAnalyzerOf,
  istioAnalyzersOf,
  kindsMirroring,
} from '../../../server/src/core/rules/shared/istioAnalyzer';

/** Istio runs schema validation as one analyzer per kind (`schema.ValidationAnalyzer.<Kind>`). */
test('a per-kind rule mirrors <family>.<Kind> for each of its kinds; the single-name API is unchanged', () => {
  assert.equal(istioAnalyzerOf(istioSchemaValid), 'schema.ValidationAnalyzer');
  assert.equal(istioAnalyzerFor(istioSchemaValid, 'VirtualService'), 'schema.ValidationAnalyzer.VirtualService');
  assert.equal(istioAnalyzerFor(istioSchemaValid, 'Service'), 'schema.ValidationAnalyzer');
  assert.ok(istioAnalyzersOf(istioSchemaValid).includes('schema.ValidationAnalyzer.WasmPlugin'));
  assert.deepEqual(kindsMirroring(istioSchemaValid, 'schema.ValidationAnalyzer.VirtualService'), ['VirtualService']);
  assert.deepEqual(kindsMirroring(istioSchemaValid, 'schema.ValidationAnalyzer'), istioSchemaValid.kinds);
  assert.equal(kindsMirroring(istioSchemaValid, 'schema.ValidationAnalyzer.Service'), undefined);
  assert.equal(kindsMirroring(istioSchemaValid, 'schema.ValidationAnalyzerX'), undefined);
});

test('`--analyzer schema.ValidationAnalyzer.VirtualService` selects the schema rule and the route analyses', () => {
  const selected = allRules.filter((r) => kindsMirroring(r, 'schema.ValidationAnalyzer.VirtualService')).map((r) => r.id);
  assert.ok(selected.includes('istio-schema-valid'));
  assert.ok(selected.includes('vs-rules-reachable'));
  for (const r of allRules) {
    const named = istioAnalyzerOf(r);
    if (named !== undefined && named !== 'schema.ValidationAnalyzer') {
      assert.deepEqual(istioAnalyzersOf(r), [named], r.id);
      assert.equal(istioAnalyzerFor(r, r.kinds[0] ?? ''), named, r.id);
      assert.deepEqual(kindsMirroring(r, named), r.kinds, r.id);
    }
  }
});
