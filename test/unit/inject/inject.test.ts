/**
 * Focused checks of the classic/native injector on small inputs: skip rules, idempotence, pass-through,
 * the minimal writer, annotation validation, layouts and the values that reach the sidecar.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import {
  injectText,
  type InjectInputs,
  type InjectResult,
  type OutputStyle,
} from '../../../server/src/core/inject/index';

type Rec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DEPLOYMENT = `apiVersion: apps/v1
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
        app: web
        version: v2
    spec:
      containers:
      - name: web
        image: nginx
        ports:
        - name: http
          containerPort: 8080
        readinessProbe:
          httpGet:
            path: /ready
            port: http
`;

const CLASSIC: InjectInputs = { profile: 'classic', values: { global: { hub: 'example.io/istio', tag: '1.24.6' } } };
const NATIVE: InjectInputs = { profile: 'native', values: { global: { hub: 'example.io/istio', tag: '1.28.0' } } };

function ok(r: InjectResult): { text: string; warnings: string[] } {
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r;
}

function inject(text: string, inputs: InjectInputs = CLASSIC, style: OutputStyle = 'istioctl'): Rec[] {
  return parseAllDocuments(ok(injectText(text, inputs, style)).text)
    .map((d) => d.toJS() as Rec)
    .filter((d) => d !== null);
}

function podSpec(doc: Rec): Rec {
  return doc['spec']['template']['spec'];
}

function names(list: Rec[] | undefined): string[] {
  return (list ?? []).map((c) => c['name']);
}

function envOf(container: Rec, name: string): string | undefined {
  return (container['env'] as Rec[]).find((e) => e['name'] === name)?.['value'];
}

function withPodAnnotations(annotations: Record<string, string>, base = DEPLOYMENT): string {
  const doc = parse(base) as Rec;
  doc['spec']['template']['metadata']['annotations'] = annotations;
  return JSON.stringify(doc);
}

describe('layouts', () => {
  it('classic: istio-init first-class init container, istio-proxy last container', () => {
    const [d] = inject(DEPLOYMENT) as [Rec];
    const spec = podSpec(d);
    assert.deepEqual(names(spec['containers']), ['web', 'istio-proxy']);
    assert.deepEqual(names(spec['initContainers']), ['istio-init']);
    const proxy = spec['containers'][1];
    assert.equal(proxy['image'], 'example.io/istio/proxyv2:1.24.6');
    assert.equal(proxy['restartPolicy'], undefined);
    assert.equal(envOf(proxy, 'ISTIO_META_WORKLOAD_NAME'), 'web');
    assert.equal(envOf(proxy, 'ISTIO_META_OWNER'), 'kubernetes://apis/apps/v1/namespaces/shop/deployments/web');
    assert.equal(envOf(proxy, 'ISTIO_META_APP_CONTAINERS'), 'web');
    assert.equal(envOf(proxy, 'ISTIO_META_POD_PORTS'), '[\n    {"name":"http","containerPort":8080}\n]');
    const labels = d['spec']['template']['metadata']['labels'];
    assert.equal(labels['service.istio.io/canonical-name'], 'web');
    assert.equal(labels['service.istio.io/canonical-revision'], 'v2');
    assert.equal(labels['security.istio.io/tlsMode'], 'istio');
    const annotations = d['spec']['template']['metadata']['annotations'];
    assert.equal(annotations['kubectl.kubernetes.io/default-container'], 'web');
    assert.equal(annotations['prometheus.io/port'], '15020');
    assert.deepEqual(JSON.parse(annotations['sidecar.istio.io/status'])['containers'], ['istio-proxy']);
  });

  it('native: istio-proxy is an init container with restartPolicy Always, after istio-init', () => {
    const [d] = inject(DEPLOYMENT, NATIVE) as [Rec];
    const spec = podSpec(d);
    assert.deepEqual(names(spec['containers']), ['web']);
    assert.deepEqual(names(spec['initContainers']), ['istio-init', 'istio-proxy']);
    const proxy = spec['initContainers'][1];
    assert.equal(proxy['restartPolicy'], 'Always');
    assert.deepEqual(proxy['lifecycle']['preStop']['exec']['command'], [
      'pilot-agent',
      'request',
      '--debug-port=15020',
      'POST',
      'drain',
    ]);
    assert.ok(names(spec['volumes']).includes('istio-ca-crl'));
    const status = JSON.parse(d['spec']['template']['metadata']['annotations']['sidecar.istio.io/status']);
    assert.equal(status['containers'], null);
  });

  it('native: the nativeSidecar annotation false keeps the classic layout', () => {
    const [d] = inject(withPodAnnotations({ 'sidecar.istio.io/nativeSidecar': 'false' }), NATIVE) as [Rec];
    assert.deepEqual(names(podSpec(d)['containers']), ['web', 'istio-proxy']);
  });

  it('defaults apply without values or mesh config', () => {
    const [d] = inject(DEPLOYMENT, { profile: 'classic' }) as [Rec];
    const proxy = podSpec(d)['containers'][1];
    assert.match(proxy['image'], /^docker\.io\/istio\/proxyv2:/);
    assert.equal(envOf(proxy, 'CA_ADDR'), 'istiod.istio-system.svc:15012');
    assert.equal(envOf(proxy, 'TRUST_DOMAIN'), 'cluster.local');
  });
});

describe('skip rules', () => {
  const skipped = (text: string, inputs: InjectInputs = CLASSIC): { doc: Rec; warnings: string[] } => {
    const r = ok(injectText(text, inputs));
    return { doc: parse(r.text.replace(/---\n$/, '')) as Rec, warnings: r.warnings };
  };

  it('sidecar.istio.io/inject: "false" as annotation', () => {
    const { doc, warnings } = skipped(withPodAnnotations({ 'sidecar.istio.io/inject': 'false' }));
    assert.deepEqual(names(podSpec(doc)['containers']), ['web']);
    assert.match(warnings[0] ?? '', /sidecar injection disabled/);
  });

  it('the label wins over the annotation', () => {
    const doc = parse(DEPLOYMENT) as Rec;
    doc['spec']['template']['metadata']['labels']['sidecar.istio.io/inject'] = 'false';
    doc['spec']['template']['metadata']['annotations'] = { 'sidecar.istio.io/inject': 'true' };
    const out = skipped(JSON.stringify(doc), NATIVE);
    assert.deepEqual(names(podSpec(out.doc)['initContainers']), []);
  });

  it('hostNetwork pods are not injected', () => {
    const doc = parse(DEPLOYMENT) as Rec;
    doc['spec']['template']['spec']['hostNetwork'] = true;
    const out = skipped(JSON.stringify(doc));
    assert.deepEqual(names(podSpec(out.doc)['containers']), ['web']);
    assert.match(out.warnings[0] ?? '', /Deployment "shop\/web" has host networking enabled/);
  });

  it('pods in kube-system are not injected', () => {
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: kube-system\nspec:\n  containers:\n  - name: c\n    image: x\n';
    const out = skipped(pod);
    assert.deepEqual(names(out.doc['spec']['containers']), ['c']);
  });
});

describe('idempotence', () => {
  const RICH = withPodAnnotations({
    'prometheus.io/scrape': 'true',
    'prometheus.io/port': '9090',
    'sidecar.istio.io/userVolume': '{"extra":{"emptyDir":{}}}',
    'sidecar.istio.io/userVolumeMount': '{"extra":{"mountPath":"/extra"}}',
  });
  for (const [label, inputs] of [
    ['classic', CLASSIC],
    ['native', NATIVE],
  ] as const) {
    for (const style of ['istioctl', 'minimal'] as const) {
      it(`${label}/${style}: injecting an injected manifest changes nothing`, () => {
        const once = ok(injectText(RICH, inputs, style)).text;
        const twice = ok(injectText(once, inputs, style)).text;
        assert.equal(twice, once);
        const proxy = (
          inputs === NATIVE
            ? podSpec(parse(once.replace(/---\n$/, '')))['initContainers']
            : podSpec(parse(once.replace(/---\n$/, '')))['containers']
        ).find((c: Rec) => c['name'] === 'istio-proxy');
        assert.equal((proxy['env'] as Rec[]).filter((e) => e['name'] === 'ISTIO_KUBE_APP_PROBERS').length, 1);
      });
    }
  }

  it('a user istio-proxy container survives re-injection', () => {
    const doc = parse(DEPLOYMENT) as Rec;
    doc['spec']['template']['spec']['containers'].push({
      name: 'istio-proxy',
      image: 'auto',
      resources: { limits: { cpu: '3000m' } },
    });
    const once = ok(injectText(JSON.stringify(doc), CLASSIC)).text;
    const twice = ok(injectText(once, CLASSIC)).text;
    assert.equal(twice, once);
    const proxy = podSpec(parse(once.replace(/---\n$/, '')))['containers'].find(
      (c: Rec) => c['name'] === 'istio-proxy',
    );
    assert.equal(proxy['resources']['limits']['cpu'], '3');
    assert.equal(proxy['image'], 'example.io/istio/proxyv2:1.24.6');
  });
});

describe('pass-through', () => {
  const SERVICE =
    '# the web service\nkind: Service\napiVersion: v1\nmetadata: {name: web}  # flow style kept\nspec:\n  ports: [{port: 80}]\n';

  it('istioctl: non-workload documents are written byte for byte, in order', () => {
    const r = ok(injectText(`${SERVICE}---\n${DEPLOYMENT}---\n# just a comment\n`, CLASSIC));
    assert.ok(r.text.startsWith(`${SERVICE}---\napiVersion: apps/v1\n`));
    assert.ok(r.text.endsWith('# just a comment\n---\n'));
  });

  it("kinds outside kube-inject's scheme (e.g. apps/v1beta1) are not touched", () => {
    const old = DEPLOYMENT.replace('apps/v1', 'apps/v1beta1');
    assert.equal(ok(injectText(old, CLASSIC)).text, `${old}---\n`);
  });

  it('minimal: a text without workloads comes back unchanged', () => {
    assert.equal(ok(injectText(SERVICE, NATIVE, 'minimal')).text, SERVICE);
  });

  it('List items are injected one by one', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [parse(DEPLOYMENT), parse(SERVICE)] };
    const [d] = inject(JSON.stringify(list)) as [Rec];
    assert.deepEqual(names(podSpec(d['items'][0])['containers']), ['web', 'istio-proxy']);
    assert.equal(d['items'][1]['kind'], 'Service');
    assert.deepEqual(d['metadata'], {});
  });

  it('CronJob: the pod annotations go on the job template', () => {
    const cron = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 0 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: job
            image: busybox
`;
    const [d] = inject(cron) as [Rec];
    assert.ok(d['spec']['jobTemplate']['metadata']['annotations']['sidecar.istio.io/status']);
    assert.deepEqual(names(d['spec']['jobTemplate']['spec']['template']['spec']['containers']), ['job', 'istio-proxy']);
  });
});

describe('minimal style', () => {
  const COMMENTED = `# Storefront
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web # the name
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      # our app
      containers:
        - name: web
          image: nginx # pinned later
`;

  it('keeps comments, key order and indentation, and adds the injected parts', () => {
    const text = ok(injectText(COMMENTED, CLASSIC, 'minimal')).text;
    for (const kept of ['# Storefront', 'name: web # the name', '# our app', 'image: nginx # pinned later']) {
      assert.ok(text.includes(kept), `missing ${kept}`);
    }
    assert.ok(text.startsWith('# Storefront\napiVersion: apps/v1\nkind: Deployment\n'));
    assert.ok(text.includes('        - name: web\n'), 'sequence indentation kept');
    assert.ok(!text.includes('creationTimestamp'));
    const doc = parse(text) as Rec;
    assert.deepEqual(names(podSpec(doc)['containers']), ['web', 'istio-proxy']);
  });

  it('other documents of the file keep their text', () => {
    const other = '# config\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n';
    const text = ok(injectText(`${other}---\n${COMMENTED}`, NATIVE, 'minimal')).text;
    assert.ok(text.startsWith(`${other}---\n# Storefront\n`));
  });
});

describe('annotations', () => {
  it('invalid values fail with the annotation named', () => {
    const bad: [string, string][] = [
      ['traffic.sidecar.istio.io/includeOutboundIPRanges', '10.0.0.0'],
      ['traffic.sidecar.istio.io/excludeOutboundIPRanges', 'nope/8'],
      ['traffic.sidecar.istio.io/includeInboundPorts', '80,http'],
      ['traffic.sidecar.istio.io/excludeInboundPorts', '70000'],
      ['traffic.sidecar.istio.io/excludeOutboundPorts', 'x'],
      ['sidecar.istio.io/interceptionMode', 'MAGIC'],
      ['status.sidecar.istio.io/port', '-1'],
      ['readiness.status.sidecar.istio.io/periodSeconds', 'soon'],
      ['sidecar.istio.io/proxyCPU', 'lots'],
      ['sidecar.istio.io/userVolume', '{not json'],
    ];
    for (const [name, value] of bad) {
      const r = injectText(withPodAnnotations({ [name]: value }), CLASSIC);
      assert.equal(r.ok, false, `${name}=${value} accepted`);
      assert.ok(!r.ok && r.error.includes(name), !r.ok ? r.error : '');
    }
  });

  it('traffic annotations reach istio-iptables', () => {
    const [d] = inject(
      withPodAnnotations({
        'traffic.sidecar.istio.io/includeOutboundIPRanges': '10.0.0.0/8',
        'traffic.sidecar.istio.io/excludeInboundPorts': '9000',
        'traffic.sidecar.istio.io/excludeOutboundPorts': '5432',
        'status.sidecar.istio.io/port': '15999',
      }),
    ) as [Rec];
    const args: string[] = podSpec(d)['initContainers'][0]['args'];
    assert.equal(args[args.indexOf('-i') + 1], '10.0.0.0/8');
    assert.equal(args[args.indexOf('-d') + 1], '15090,15021,9000,15999');
    assert.equal(args[args.indexOf('-o') + 1], '5432');
  });

  it('resources from annotations, canonical quantities', () => {
    const [d] = inject(
      withPodAnnotations({ 'sidecar.istio.io/proxyCPU': '500m', 'sidecar.istio.io/proxyMemoryLimit': '2048Mi' }),
    ) as [Rec];
    const proxy = podSpec(d)['containers'][1];
    assert.deepEqual(proxy['resources'], { requests: { cpu: '500m' }, limits: { memory: '2Gi' } });
  });

  it('app probes are handed to the agent', () => {
    const [d] = inject(DEPLOYMENT) as [Rec];
    const [web, proxy] = podSpec(d)['containers'] as [Rec, Rec];
    assert.deepEqual(web['readinessProbe'], { httpGet: { path: '/app-health/web/readyz', port: 15020 } });
    assert.equal(
      envOf(proxy, 'ISTIO_KUBE_APP_PROBERS'),
      '{"/app-health/web/readyz":{"httpGet":{"path":"/ready","port":8080}}}',
    );
  });

  it('proxy.istio.io/config reaches PROXY_CONFIG and holds the application', () => {
    const [d] = inject(withPodAnnotations({ 'proxy.istio.io/config': 'holdApplicationUntilProxyStarts: true' })) as [
      Rec,
    ];
    const containers: Rec[] = podSpec(d)['containers'];
    assert.equal(containers[0]?.['name'], 'istio-proxy');
    assert.equal(envOf(containers[0] as Rec, 'PROXY_CONFIG'), '{"holdApplicationUntilProxyStarts":true}\n');
  });
});

describe('errors', () => {
  it('bad YAML gives a message, not an exception', () => {
    const r = injectText('apiVersion: v1\nkind: Pod\nmetadata: [\n', CLASSIC);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error : '', /document 1/);
  });

  it('a bad separator line is reported', () => {
    const r = injectText('a: 1\n--- b: 2\n', CLASSIC);
    assert.equal(r.ok, false);
  });

  it('values that are not a mapping are rejected', () => {
    const r = injectText(DEPLOYMENT, { profile: 'native', values: ['x'] });
    assert.equal(r.ok, false);
  });

  it('unknown profile is rejected', () => {
    const r = injectText(DEPLOYMENT, { profile: 'mystery' as never });
    assert.equal(r.ok, false);
  });

  it('empty input gives empty output', () => {
    assert.equal(ok(injectText('', NATIVE)).text, '');
  });
});
