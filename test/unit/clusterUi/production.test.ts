import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_PRODUCTION_PATTERN, productionCheck, typedConfirmationMatches } from '../../../client/src/cluster/ui/production';

describe('productionCheck', () => {
  test('the default pattern flags prod, production and live in the context or cluster name, any case', () => {
    assert.equal(productionCheck({ context: 'gke_acme_europe-west1_PROD', cluster: 'c' }, undefined).production, true);
    assert.deepEqual(productionCheck({ context: 'admin@k8s', cluster: 'eks-live-1' }, null).matched, { field: 'cluster', name: 'eks-live-1', text: 'live' });
    const dev = productionCheck({ context: 'minikube', cluster: 'minikube' }, undefined);
    assert.deepEqual(dev, { production: false, pattern: DEFAULT_PRODUCTION_PATTERN });
  });

  test('the context is checked before the cluster', () => {
    assert.equal(productionCheck({ context: 'production', cluster: 'live' }, undefined).matched?.field, 'context');
  });

  test('a custom pattern replaces the default', () => {
    assert.equal(productionCheck({ context: 'prod-east', cluster: 'x' }, '^customer-').production, false);
    assert.equal(productionCheck({ context: 'customer-a', cluster: 'x' }, '^customer-').production, true);
  });

  test('an invalid pattern falls back to the default and says so (never "nothing is production")', () => {
    const r = productionCheck({ context: 'prod', cluster: 'x' }, '(unclosed');
    assert.equal(r.production, true);
    assert.equal(r.pattern, DEFAULT_PRODUCTION_PATTERN);
    assert.match(r.patternError ?? '', /Invalid regular expression|Unterminated group/);
  });

  test('an explicitly empty pattern turns the check off', () => {
    assert.deepEqual(productionCheck({ context: 'prod', cluster: 'prod' }, '  '), { production: false, pattern: '' });
  });
});

describe('typedConfirmationMatches', () => {
  test('only the exact context name counts (blanks around it aside)', () => {
    assert.equal(typedConfirmationMatches('prod-east', 'prod-east'), true);
    assert.equal(typedConfirmationMatches(' prod-east\n', 'prod-east'), true);
    assert.equal(typedConfirmationMatches('PROD-EAST', 'prod-east'), false);
    assert.equal(typedConfirmationMatches('prod', 'prod-east'), false);
    assert.equal(typedConfirmationMatches('', 'prod-east'), false);
    assert.equal(typedConfirmationMatches(undefined, 'prod-east'), false);
  });
});
