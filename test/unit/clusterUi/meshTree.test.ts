import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectionFromText, loadKubeconfig } from '../../../client/src/cluster/kubeconfig';
import type { VerifyReport } from '../../../client/src/cluster/verify';
import { connectionNode, problemNode, statusIcon, verificationNode, verifyLines, verifyNodes } from '../../../client/src/cluster/ui/meshTree';
import { l10n } from './support';

const REPORT: VerifyReport = {
  profile: 'legacy-0.2',
  namespace: 'istio-system',
  status: 'warn',
  summary: 'Istio (legacy-0.2) in istio-system: 0 error(s), 1 warning(s), 1 ok.',
  items: [
    {
      id: 'istio-system/istio-pilot',
      label: 'istio-pilot',
      status: 'ok',
      message: 'Pilot: running (1/1 pods ready)',
      children: [{ id: 'istio-system/service/istio-pilot', label: 'Service istio-pilot', status: 'ok', message: 'ClusterIP 10.0.0.2 (8080/TCP)', children: [] }],
    },
    {
      id: 'istio-system/istio-ingress',
      label: 'istio-ingress',
      status: 'warn',
      message: 'Ingress: Service istio-ingress: LoadBalancer, EXTERNAL-IP <pending>',
      children: [{ id: 'istio-system/service/istio-ingress', label: 'Service istio-ingress', status: 'warn', message: 'LoadBalancer, EXTERNAL-IP <pending>', children: [] }],
    },
  ],
};

test('status icons: pass/warning/error codicons in the test and problem colours', () => {
  assert.deepEqual(statusIcon('ok'), { id: 'pass', color: 'testing.iconPassed' });
  assert.deepEqual(statusIcon('warn'), { id: 'warning', color: 'problemsWarningIcon.foreground' });
  assert.deepEqual(statusIcon('error'), { id: 'error', color: 'problemsErrorIcon.foreground' });
});

test('verify nodes: one per component, problems unfolded, what is fine folded', () => {
  const nodes = verifyNodes(REPORT);
  assert.deepEqual(nodes.map((n) => [n.label, n.icon.id, n.expanded]), [
    ['istio-pilot', 'pass', false],
    ['istio-ingress', 'warning', true],
  ]);
  assert.equal(nodes[1]!.children[0]!.description, 'LoadBalancer, EXTERNAL-IP <pending>');
  assert.equal(new Set([...nodes, ...nodes.flatMap((n) => n.children)].map((n) => n.id)).size, 4, 'ids are unique');
});

test('verification node: run it, running, the report, or the problem with its next step', () => {
  assert.equal(verificationNode(l10n, { kind: 'none' }).command, 'istio.verifyInstallation');
  assert.equal(verificationNode(l10n, { kind: 'running', context: 'kind' }).icon.id, 'loading~spin');
  const report = verificationNode(l10n, { kind: 'report', context: 'kind', report: REPORT, at: '10:00' });
  assert.equal(report.label, 'Istio in istio-system (legacy-0.2)');
  assert.equal(report.icon.id, 'warning');
  assert.equal(report.children.length, 2);
  const problem = verificationNode(l10n, { kind: 'problem', problem: { kind: 'forbidden', message: 'pods is forbidden', nextStep: 'Ask an admin.' } });
  assert.equal(problem.icon.id, 'error');
  assert.equal(problem.children[0]!.label, 'Ask an admin.');
});

test('verifyLines: the summary, then an indented line per check', () => {
  assert.deepEqual(verifyLines(REPORT), [
    REPORT.summary,
    '  [ok]   istio-pilot: Pilot: running (1/1 pods ready)',
    '    [ok]   Service istio-pilot: ClusterIP 10.0.0.2 (8080/TCP)',
    '  [warn] istio-ingress: Ingress: Service istio-ingress: LoadBalancer, EXTERNAL-IP <pending>',
    '    [warn] Service istio-ingress: LoadBalancer, EXTERNAL-IP <pending>',
  ]);
});

test('connection node: context/namespace and server; a production context is flagged; a problem shows its next step', () => {
  const kc = (context: string) => `apiVersion: v1
kind: Config
clusters: [{name: c1, cluster: {server: 'https://10.0.0.1'}}]
users: [{name: u, user: {token: t0k3n-secret}}]
contexts: [{name: ${context}, context: {cluster: c1, user: u}}]
current-context: ${context}
`;
  const dev = connectionNode(l10n, connectionFromText(kc('minikube')));
  assert.deepEqual([dev.label, dev.description, dev.icon.id, dev.command], ['minikube/default', 'https://10.0.0.1', 'cloud', 'istio.selectContext']);
  assert.ok(!JSON.stringify(dev).includes('t0k3n'));
  assert.equal(dev.children.find((c) => c.id === 'connection/namespace')?.command, 'istio.selectNamespace');
  const prod = connectionNode(l10n, connectionFromText(kc('prod-eu')));
  assert.equal(prod.icon.id, 'warning');
  assert.match(prod.tooltip, /Production context/);
  const missing = connectionNode(l10n, loadKubeconfig({ path: '/nonexistent/kubeconfig' }));
  assert.equal(missing.label, 'No cluster connection');
  assert.match(missing.children[0]!.label, /istio\.kubeconfig/);
  assert.deepEqual(problemNode('p', 'x', { kind: 'timeout', message: 'm', nextStep: 'n' }).tooltip, 'm\n\nn');
});
