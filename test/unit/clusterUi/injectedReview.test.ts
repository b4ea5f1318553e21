import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { imagesOf, injectedReviewLines, injectionSettingsFromWorkspace } from '../../../client/src/cluster/ui/injectedReview';
import { l10n } from './support';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'details' },
  spec: {
    template: {
      spec: {
        initContainers: [{ name: 'istio-init', image: 'docker.io/istio/proxy_init:0.2.12' }],
        containers: [
          { name: 'details', image: 'istio/examples-bookinfo-details-v1' },
          { name: 'istio-proxy', image: 'evil.example/proxy:latest' },
        ],
      },
    },
  },
};
const cronJob = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'report' },
  spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'report', image: 'evil.example/proxy:latest' }] } } } } },
};

describe('Apply Injected: what the confirmation shows besides the objects', () => {
  test('every image of every pod template (Deployment, CronJob, Pod), each with the containers that run it', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };
    assert.deepEqual(imagesOf([deployment, cronJob, pod, { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: {} }]), [
      { image: 'docker.io/istio/proxy_init:0.2.12', containers: ['istio-init'] },
      { image: 'istio/examples-bookinfo-details-v1', containers: ['details'] },
      { image: 'evil.example/proxy:latest', containers: ['istio-proxy', 'report'] },
      { image: 'busybox', containers: ['c'] },
    ]);
  });

  test('the injection settings a workspace set are named, with a warning', () => {
    const lines = injectedReviewLines(l10n, [deployment], ['istio.injection.values']);
    assert.equal(lines[0], 'Images that will run:');
    assert.ok(lines.includes('• evil.example/proxy:latest (istio-proxy)'));
    assert.match(lines.at(-1)!, /^⚠ Injection settings from this workspace, not from your user settings: istio\.injection\.values\./);
    assert.ok(!injectedReviewLines(l10n, [deployment], []).some((l) => l.includes('⚠')), 'no warning when the workspace set nothing');
  });

  test('only non-empty injection settings of the workspace or a folder are named, not the user\'s', () => {
    const origins: Record<string, { workspaceValue?: unknown; workspaceFolderValue?: unknown; globalValue?: unknown }> = {
      'injection.values': { workspaceValue: { global: { proxy: { image: 'evil.example/proxy' } } } },
      'injection.meshConfig': { globalValue: { accessLogFile: '/dev/stdout' } },
      'injection.injectConfig': { workspaceValue: {} },
      'injection.env': { workspaceFolderValue: { COMPLIANCE_POLICY: 'none' } },
    };
    assert.deepEqual(injectionSettingsFromWorkspace((key) => origins[key]), ['istio.injection.values', 'istio.injection.env']);
  });
});
