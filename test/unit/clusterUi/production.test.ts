import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_PRODUCTION_PATTERN, MAX_PATTERN_LENGTH, productionCheck, typedConfirmationMatches } from '../../../client/src/cluster/ui/production';

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

describe('productionCheck against hostile or unusual input', () => {
  test('the server URL is matched too, after the names', () => {
    const r = productionCheck({ context: 'admin', cluster: 'eks-1', server: 'https://api.prod.example.com:6443' }, undefined);
    assert.deepEqual(r.matched, { field: 'server', name: 'https://api.prod.example.com:6443', text: 'prod' });
    assert.equal(productionCheck({ context: 'admin', cluster: 'eks-1', server: 'https://10.0.0.1' }, undefined).production, false);
  });

  test('a catastrophically backtracking pattern returns, is reported as unusable, and the default applies', { timeout: 60_000 }, () => {
    const name = `${'a'.repeat(900)}!`;
    const r = productionCheck({ context: name, cluster: 'live-cluster', server: 'https://x' }, '^(a+)+$');
    assert.match(r.patternError ?? '', /took longer than \d+ ms .*nested quantifiers/);
    assert.equal(r.pattern, DEFAULT_PRODUCTION_PATTERN);
    assert.equal(r.production, true, 'the default pattern still flags the cluster "live-cluster"');
    assert.equal(r.matched?.field, 'cluster');
  });

  test('an over-long pattern is refused with the reason', () => {
    const r = productionCheck({ context: 'prod', cluster: 'x' }, 'a|'.repeat(MAX_PATTERN_LENGTH));
    assert.match(r.patternError ?? '', /longer than 500 characters/);
    assert.equal(r.production, true);
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
