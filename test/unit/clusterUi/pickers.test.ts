import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectionFromText } from '../../../client/src/cluster/kubeconfig';
import { contextInfo, contextItems } from '../../../client/src/cluster/ui/pickers';
import { l10n } from './support';

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- {name: kind-dev, cluster: {server: 'https://127.0.0.1:6443'}}
- {name: gke-live, cluster: {server: 'https://34.1.2.3'}}
users: [{name: me, user: {token: tok-123456}}]
contexts:
- {name: dev, context: {cluster: kind-dev, user: me}}
- {name: shop, context: {cluster: gke-live, user: me, namespace: shop}}
- {name: broken, context: {cluster: gone, user: me}}
current-context: dev
`;

test('context items: cluster · server · namespace; the extension choice, kubectl current-context, production and problems marked', () => {
  const infos = ['dev', 'shop', 'broken'].map((name) => contextInfo(name, connectionFromText(KUBECONFIG, { context: name })));
  const items = contextItems(l10n, infos, { selected: 'shop', kubectlCurrent: 'dev' });
  assert.deepEqual(items[0], { name: 'dev', label: 'dev', description: 'kind-dev · https://127.0.0.1:6443 · default', detail: "kubectl's current-context" });
  assert.equal(items[1]!.description, 'gke-live · https://34.1.2.3 · shop');
  assert.equal(items[1]!.detail, '$(check) used by Istio Mesh Tools  $(warning) production', 'the cluster name gke-live matches the default pattern');
  assert.equal(items[2]!.description, '');
  assert.match(items[2]!.detail ?? '', /^\$\(error\) Context "broken" refers to cluster "gone"/);
  assert.ok(!JSON.stringify(items).includes('tok-123456'));
  assert.equal(contextItems(l10n, infos, { productionPattern: '' })[1]!.detail, undefined);
});
