import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectionFromText } from '../../../client/src/cluster/kubeconfig';
import type { FailedOutcome } from '../../../client/src/cluster/objects';
import {
  conflictLines,
  conflictManagers,
  conflictOutcomes,
  objectLines,
  problemActions,
  problemNotice,
  productionLines,
  targetLines,
} from '../../../client/src/cluster/ui/messages';
import { productionCheck } from '../../../client/src/cluster/ui/production';
import { l10n } from './support';

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{name: gke-prod-eu, cluster: {server: 'https://10.0.0.1'}}]
users: [{name: alice, user: {token: s3cr3t-token-value}}]
contexts: [{name: prod-eu, context: {cluster: gke-prod-eu, user: alice, namespace: bookinfo}}]
current-context: prod-eu
`;

function conn() {
  const r = connectionFromText(KUBECONFIG);
  assert.ok(r.ok);
  return r.connection;
}

test('targetLines name context, cluster, server, user and namespace, never the token', () => {
  const lines = targetLines(l10n, conn(), 'v1.34.0');
  assert.deepEqual(lines, [
    'Context: prod-eu',
    'Cluster: gke-prod-eu',
    'Server: https://10.0.0.1',
    'Kubernetes version: v1.34.0',
    'User: alice',
    'Namespace for objects that name none: bookinfo (from the context)',
  ]);
  assert.ok(!lines.join('\n').includes('s3cr3t'));
});

test('productionLines are loud only for production, and name the matching name and pattern', () => {
  const c = conn();
  const lines = productionLines(l10n, productionCheck(c, undefined));
  assert.match(lines[0]!, /⚠ PRODUCTION: the context name "prod-eu" matches the pattern "prod\|production\|live"/);
  assert.match(lines[1]!, /type the context name/);
  assert.deepEqual(productionLines(l10n, productionCheck(c, '^staging')), []);
});

test('objectLines shows the first objects and counts the rest', () => {
  const refs = Array.from({ length: 14 }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: `cm-${i}`, namespace: 'ns' }));
  const lines = objectLines(l10n, refs, 12);
  assert.equal(lines.length, 13);
  assert.equal(lines[0], '• configmap/cm-0 (ns)');
  assert.equal(lines[12], '… and 2 more');
});

test('every problem says what to do next and offers the action that helps', () => {
  const n = problemNotice(l10n, 'Apply x.yaml', { kind: 'unauthorized', message: 'refused (401 Unauthorized).', nextStep: 'Log in again.', httpStatus: 401 });
  assert.equal(n.severity, 'error');
  assert.equal(n.message, 'Apply x.yaml: refused (401 Unauthorized). Next step: Log in again.');
  assert.deepEqual(n.actions.map((a) => a.id), ['selectContext', 'showLogs']);
  assert.deepEqual(problemActions('no-kubeconfig'), ['openSettings', 'showLogs']);
  assert.deepEqual(problemActions('no-current-context'), ['selectContext', 'openSettings']);
  assert.deepEqual(problemActions('namespace-not-found'), ['selectNamespace', 'showLogs']);
  assert.deepEqual(problemActions('forbidden'), ['selectContext', 'showLogs']);
  assert.deepEqual(problemActions('invalid'), ['showLogs']);
  assert.equal(problemNotice(l10n, 'x', { kind: 'cancelled', message: 'Cancelled.', nextStep: '' }).severity, 'info');
});

test('conflicts: which objects, which fields, which managers', () => {
  const failed: FailedOutcome = {
    ref: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'reviews', namespace: 'bookinfo' },
    outcome: 'failed',
    reason: 'Conflict',
    code: 409,
    message: 'Apply failed with 2 conflicts',
    nextStep: 'force',
    conflicts: [
      { field: '.spec.replicas', manager: 'kubectl-client-side-apply' },
      { field: '.spec.template.spec.containers[name="reviews"].image', manager: 'argocd' },
    ],
  };
  const outcomes = [{ ref: failed.ref, outcome: 'configured' }, failed, { ...failed, conflicts: undefined }];
  const conflicts = conflictOutcomes(outcomes);
  assert.deepEqual(conflicts, [failed]);
  assert.deepEqual(conflictManagers(conflicts), ['kubectl-client-side-apply', 'argocd']);
  assert.deepEqual(conflictLines(conflicts), [
    '• deployment.apps/reviews (bookinfo): .spec.replicas (owned by "kubectl-client-side-apply")',
    '• deployment.apps/reviews (bookinfo): .spec.template.spec.containers[name="reviews"].image (owned by "argocd")',
  ]);
});
