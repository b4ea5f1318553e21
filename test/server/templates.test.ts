/**
 * The preview renders with the user's own Istio: an injector ConfigMap of the workspace (of the workload's
 * revision), a vendored istio-discovery chart, the cluster's ConfigMap sent by the client, else the built-in
 * injector — and says which one rendered.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { parse } from 'yaml';
import { TestClient } from './lspClient';

const DEPLOYMENT = (labels = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web${labels}
    spec:
      containers:
        - name: web
          image: example/web:1
`;

/** A template that labels the pod with where it came from. */
const TEMPLATE = (from: string) => `metadata:\n  labels:\n    rendered-from: ${from}\n    hub: "{{ .Values.global.hub }}"\n`;

const CONFIGMAP = (name: string, from: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: istio-system
data:
  values: |
    {"global": {"hub": "workspace.io", "tag": "1.28.2"}}
  config: |
    templates:
      sidecar: |
${TEMPLATE(from)
  .split('\n')
  .map((l) => `        ${l}`)
  .join('\n')}
`;

interface Preview {
  ok: boolean;
  text: string;
  renderedBy: string;
  error?: string;
}

async function preview(client: TestClient, uri: string): Promise<{ labels: Record<string, string>; renderedBy: string }> {
  const r = (await client.connection.sendRequest('istio/previewInjection', { uri, style: 'istioctl' })) as Preview;
  assert.equal(r.ok, true, r.error);
  const doc = parse(r.text.split('\n---\n')[0] as string) as { spec: { template: { metadata: { labels: Record<string, string> } } } };
  return { labels: doc.spec.template.metadata.labels, renderedBy: r.renderedBy };
}

describe("preview with the installation's own templates", () => {
  let client: TestClient;
  afterEach(() => client.close());

  async function start(): Promise<TestClient> {
    client = new TestClient();
    client.settings = { profile: 'native' };
    await client.initialize();
    return client;
  }

  it('without any injector config: the built-in injector, said so', async () => {
    const c = await start();
    await c.open('file:///ws/web.yaml', DEPLOYMENT());
    const p = await preview(c, 'file:///ws/web.yaml');
    assert.equal(p.labels['rendered-from'], undefined);
    assert.match(p.renderedBy, /built-in injector following Istio's master branch/);
  });

  it("the workspace's istio-sidecar-injector ConfigMap, with its own values", async () => {
    const c = await start();
    await c.open('file:///ws/injector.yaml', CONFIGMAP('istio-sidecar-injector', 'workspace'));
    await c.open('file:///ws/web.yaml', DEPLOYMENT());
    const p = await preview(c, 'file:///ws/web.yaml');
    assert.equal(p.labels['rendered-from'], 'workspace');
    assert.equal(p.labels['hub'], 'workspace.io');
    assert.match(p.renderedBy, /^ConfigMap istio-system\/istio-sidecar-injector in ws\/injector\.yaml \(Istio 1\.28\.2\): templates sidecar; native sidecars on$/);
  });

  it('the ConfigMap of the revision that injects the workload', async () => {
    const c = await start();
    await c.open('file:///ws/injector.yaml', `${CONFIGMAP('istio-sidecar-injector', 'default')}---\n${CONFIGMAP('istio-sidecar-injector-canary', 'canary')}`);
    await c.open('file:///ws/web.yaml', DEPLOYMENT('\n        istio.io/rev: canary'));
    assert.equal((await preview(c, 'file:///ws/web.yaml')).labels['rendered-from'], 'canary');
    await c.change('file:///ws/web.yaml', DEPLOYMENT(), 2);
    assert.equal((await preview(c, 'file:///ws/web.yaml')).labels['rendered-from'], 'default');
  });

  it('a vendored istio-discovery chart: files/injection-template.yaml with the chart values', async () => {
    const c = await start();
    await c.open('file:///ws/charts/istio-discovery/files/injection-template.yaml', TEMPLATE('chart'));
    await c.open(
      'file:///ws/charts/istio-discovery/values.yaml',
      '_internal_defaults_do_not_set:\n  global:\n    hub: chart.io\n',
    );
    await c.open('file:///ws/web.yaml', DEPLOYMENT());
    const p = await preview(c, 'file:///ws/web.yaml');
    assert.equal(p.labels['rendered-from'], 'chart');
    assert.equal(p.labels['hub'], 'chart.io');
    assert.match(p.renderedBy, /^chart ws\/charts\/istio-discovery: templates sidecar/);
  });

  it("the cluster's ConfigMap when the client sends one, until it is withdrawn", async () => {
    const c = await start();
    await c.open('file:///ws/web.yaml', DEPLOYMENT());
    await c.connection.sendNotification('istio/clusterInjector', {
      origin: 'ConfigMap istio-system/istio-sidecar-injector of context dev',
      config: `templates:\n  sidecar: |\n${TEMPLATE('cluster')
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n')}\n`,
      values: '{"global": {"hub": "cluster.io"}}',
    });
    const p = await preview(c, 'file:///ws/web.yaml');
    assert.equal(p.labels['rendered-from'], 'cluster');
    assert.equal(p.labels['hub'], 'cluster.io');
    assert.match(p.renderedBy, /^ConfigMap istio-system\/istio-sidecar-injector of context dev: templates sidecar/);
    await c.connection.sendNotification('istio/clusterInjector', null);
    assert.equal((await preview(c, 'file:///ws/web.yaml')).labels['rendered-from'], undefined);
  });

  it("the cluster's injector of the revision that injects the workload", async () => {
    const c = await start();
    const config = (from: string): string =>
      `templates:\n  sidecar: |\n${TEMPLATE(from)
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n')}\n`;
    await c.connection.sendNotification('istio/clusterInjector', {
      origin: 'ConfigMap istio-system/istio-sidecar-injector of context dev',
      config: config('cluster-default'),
      revisions: { canary: { origin: 'ConfigMap istio-system/istio-sidecar-injector-canary of context dev', config: config('cluster-canary') } },
    });
    await c.open('file:///ws/web.yaml', DEPLOYMENT('\n        istio.io/rev: canary'));
    const p = await preview(c, 'file:///ws/web.yaml');
    assert.equal(p.labels['rendered-from'], 'cluster-canary');
    assert.match(p.renderedBy, /^ConfigMap istio-system\/istio-sidecar-injector-canary of context dev/);
    await c.change('file:///ws/web.yaml', DEPLOYMENT(), 2);
    assert.equal((await preview(c, 'file:///ws/web.yaml')).labels['rendered-from'], 'cluster-default');
  });

  it('settings win over the workspace', async () => {
    const c = await start();
    c.settings = { profile: 'native', injection: { injectConfig: { templates: { sidecar: TEMPLATE('settings') } } } };
    await c.open('file:///ws/injector.yaml', CONFIGMAP('istio-sidecar-injector', 'workspace'));
    await c.open('file:///ws/web.yaml', DEPLOYMENT());
    const p = await preview(c, 'file:///ws/web.yaml');
    assert.equal(p.labels['rendered-from'], 'settings');
    assert.match(p.renderedBy, /^setting istio\.injection\.injectConfig/);
  });

  it('the CodeLens names the templates the preview renders, and reads the policy of that injector config', async () => {
    const c = await start();
    const lenses = async (): Promise<string[]> => {
      const r = (await c.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: 'file:///ws/web.yaml' } })) as {
        command?: { title: string };
      }[];
      return r.map((l) => l.command?.title ?? '');
    };
    await c.open('file:///ws/ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: enabled\n');
    await c.open('file:///ws/web.yaml', DEPLOYMENT());
    assert.deepEqual(await lenses(), ['Sidecar: injected — namespace shop is labelled istio-injection=enabled', 'Preview injected']);
    await c.open('file:///ws/injector.yaml', CONFIGMAP('istio-sidecar-injector', 'workspace').replace('    templates:', '    policy: disabled\n    templates:'));
    const [verdict, preview] = await lenses();
    assert.match(verdict ?? '', /^Sidecar: not injected — /);
    assert.equal(preview, 'Preview injected (ConfigMap istio-system/istio-sidecar-injector in ws/injector.yaml)');
  });
});
