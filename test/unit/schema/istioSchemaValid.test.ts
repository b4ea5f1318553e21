import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allRules } from '../../../server/src/core/rules/registry';
import { MeshService } from '../../../server/src/core/service';
import { normalizeSettings } from '../../../server/src/core/settings';
import { FAULTY_VS, strictService, VS_CRD_YAML } from './support';

/** The rule's messages and severities (the fixtures compare spans only). */
function findings(rules: Record<string, string> = {}): { message: string; severity: string }[] {
  const service = strictService();
  service.setFile('file:///w/crd.yaml', VS_CRD_YAML);
  service.setFile('file:///w/vs.yaml', FAULTY_VS);
  return service
    .validate('file:///w/vs.yaml', normalizeSettings({ profile: 'native', rules }))
    .filter((f) => f.code === 'istio-schema-valid')
    .map((f) => ({ message: f.message, severity: f.severity }));
}

test('messages name the path and what was expected, then the field description; unknown fields are warnings', () => {
  assert.deepEqual(findings(), [
    {
      message:
        '`spec.hostss`: unknown field `hostss` (did you mean `hosts`?): the API server drops it, or refuses the object ' +
        'under strict field validation.',
      severity: 'warning',
    },
    {
      message: '`spec.http[0].timeout`: expected a string, got the number 5. Timeout for HTTP requests, default is disabled.',
      severity: 'error',
    },
  ]);
});

test("a severity the user sets applies to every finding, unknown fields included", () => {
  assert.deepEqual(findings({ 'istio-schema-valid': 'info' }).map((f) => f.severity), ['info', 'info']);
});

test('an edited CRD is read again: the schema follows the workspace', () => {
  const service = new MeshService(allRules, () => undefined);
  service.setFile('file:///w/crd.yaml', VS_CRD_YAML);
  service.setFile('file:///w/vs.yaml', FAULTY_VS);
  const settings = normalizeSettings({ profile: 'native' });
  const count = (): number => service.validate('file:///w/vs.yaml', settings).filter((f) => f.code === 'istio-schema-valid').length;
  assert.equal(count(), 2);
  service.setFile('file:///w/crd.yaml', VS_CRD_YAML.replace('              hosts:\n', '              hostss:\n'));
  assert.equal(count(), 1);
  service.setFile('file:///w/crd.yaml', '');
  assert.equal(count(), 0);
});
