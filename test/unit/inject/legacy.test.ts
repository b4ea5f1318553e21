/**
 * The Istio 0.2 injector against Istio 0.2.6's kube-inject goldens (../shared/istio-conformance, profile
 * legacy-0.2), plus focused checks of what 0.2 wrote.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { injectLegacyObject } from '../../../server/src/core/inject/legacy/index';
import { caseRows, clean, CONFORMANCE, docs, HAVE_CONFORMANCE, type Rec } from './goldens';

function readOptional(rel: string): unknown {
  return rel === '-' ? undefined : parse(readFileSync(join(CONFORMANCE, rel), 'utf8'));
}

interface Case {
  name: string;
  input: string;
  golden: string;
  mesh: string;
  injectConfig: string;
}

function legacyCases(): Case[] {
  const out: Case[] = [];
  for (const [profile, name, input, golden, , mesh, injectConfig] of caseRows()) {
    if (profile === 'legacy-0.2' && name && input && golden && mesh && injectConfig) {
      out.push({ name, input, golden, mesh, injectConfig });
    }
  }
  return out;
}

describe('legacy-0.2 injector: Istio 0.2.6 conformance goldens', () => {
  if (!HAVE_CONFORMANCE) {
    it('skipped: ../shared/istio-conformance is absent', (t) => {
      t.skip(`conformance data not found at ${CONFORMANCE}`);
    });
    return;
  }
  const cases = legacyCases();
  it('has legacy-0.2 cases', () => {
    assert.ok(cases.length > 0);
  });
  for (const c of cases) {
    it(c.name, () => {
      const injectConfig = readOptional(c.injectConfig);
      const meshConfig = readOptional(c.mesh);
      const got: unknown[] = [];
      for (const doc of docs(readFileSync(join(CONFORMANCE, c.input), 'utf8'))) {
        const r = injectLegacyObject(doc as Rec, injectConfig, meshConfig);
        if (r.kind === 'error') {
          assert.fail(`${c.name}: ${r.message}`);
        }
        got.push(r.kind === 'injected' ? r.object : (r.object ?? doc));
      }
      const want = docs(readFileSync(join(CONFORMANCE, c.golden), 'utf8'));
      assert.deepStrictEqual(clean(got), clean(want));
    });
  }
});

function deployment(extra: { annotations?: Record<string, string>; namespace?: string; podSpec?: Rec } = {}): Rec {
  return {
    apiVersion: 'extensions/v1beta1',
    kind: 'Deployment',
    metadata: {
      name: 'hello',
      ...(extra.namespace ? { namespace: extra.namespace } : {}),
      ...(extra.annotations ? { annotations: extra.annotations } : {}),
    },
    spec: {
      replicas: 1,
      template: {
        metadata: { labels: { app: 'hello' } },
        spec: { containers: [{ name: 'hello', image: 'hello:1' }], ...extra.podSpec },
      },
    },
  };
}

const CONFIG = {
  policy: 'enabled',
  namespaces: [''],
  params: {
    initImage: 'docker.io/istio/proxy_init:unittest',
    proxyImage: 'docker.io/istio/proxy:unittest',
    verbosity: 2,
    version: '12345678',
    imagePullPolicy: 'IfNotPresent',
  },
};

function injected(obj: Rec, ...config: [injectConfig?: unknown, meshConfig?: unknown]): Rec {
  const r = injectLegacyObject(obj, config.length > 0 ? config[0] : CONFIG, config[1]);
  assert.equal(r.kind, 'injected', JSON.stringify(r));
  return (r as { object: Rec }).object;
}

function podSpec(obj: Rec): Rec {
  return ((obj['spec'] as Rec)['template'] as Rec)['spec'] as Rec;
}

function container(obj: Rec, name: string, list = 'containers'): Rec {
  const found = (podSpec(obj)[list] as Rec[]).find((c) => c['name'] === name);
  assert.ok(found, `no ${name} in ${list}`);
  return found;
}

describe('legacy-0.2 injector: what 0.2 wrote', () => {
  it('annotates the workload and its pod template with injected-version-<version>', () => {
    const out = injected(deployment());
    assert.deepEqual((out['metadata'] as Rec)['annotations'], { 'sidecar.istio.io/status': 'injected-version-12345678' });
    const tmeta = ((out['spec'] as Rec)['template'] as Rec)['metadata'] as Rec;
    assert.deepEqual(tmeta['annotations'], { 'sidecar.istio.io/status': 'injected-version-12345678' });
    assert.equal(tmeta['annotations'] && (tmeta['annotations'] as Rec)['pod.beta.kubernetes.io/init-containers'], undefined);
  });

  it('does not modify its input', () => {
    const input = deployment();
    const before = JSON.stringify(input);
    injected(input);
    assert.equal(JSON.stringify(input), before);
  });

  it('uses the service account for the istio-certs secret', () => {
    const out = injected(deployment({ podSpec: { serviceAccountName: 'reviews' } }));
    const certs = (podSpec(out)['volumes'] as Rec[]).find((v) => v['name'] === 'istio-certs');
    assert.deepEqual(certs, { name: 'istio-certs', secret: { secretName: 'istio.reviews', optional: true } });
  });

  it('debugMode makes the proxy privileged and writable', () => {
    const out = injected(deployment(), { ...CONFIG, params: { ...CONFIG.params, debugMode: true } });
    assert.deepEqual(container(out, 'istio-proxy')['securityContext'], {
      privileged: true,
      readOnlyRootFilesystem: false,
      runAsUser: 1337,
    });
  });

  it('debugMode without a proxyImage picks the proxy_debug image', () => {
    const { proxyImage: _unused, ...params } = CONFIG.params;
    void _unused;
    const out = injected(deployment(), { ...CONFIG, params: { ...params, debugMode: true } });
    assert.equal(container(out, 'istio-proxy')['image'], 'docker.io/istio/proxy_debug:0.2.6');
  });

  it('enableCoreDump adds the enable-core-dump init container after istio-init', () => {
    const out = injected(deployment(), { ...CONFIG, params: { ...CONFIG.params, enableCoreDump: true } });
    const names = (podSpec(out)['initContainers'] as Rec[]).map((c) => c['name']);
    assert.deepEqual(names, ['istio-init', 'enable-core-dump']);
    const dump = container(out, 'enable-core-dump', 'initContainers');
    assert.deepEqual(dump['command'], ['/bin/sh']);
    assert.deepEqual(dump['args'], ['-c', 'sysctl -w kernel.core_pattern=/etc/istio/proxy/core.%e.%p.%t && ulimit -c unlimited']);
    assert.equal(dump['image'], 'alpine');
  });

  it('imagePullPolicy Always / Never are kept, unknown values become IfNotPresent', () => {
    for (const [given, want] of [['Always', 'Always'], ['Never', 'Never'], ['Sometimes', 'IfNotPresent']]) {
      const out = injected(deployment(), { ...CONFIG, params: { ...CONFIG.params, imagePullPolicy: given } });
      assert.equal(container(out, 'istio-proxy')['imagePullPolicy'], want);
      assert.equal(container(out, 'istio-init', 'initContainers')['imagePullPolicy'], want);
    }
  });

  it('includeIPRanges is passed to istio-init with -i', () => {
    const out = injected(deployment(), { ...CONFIG, params: { ...CONFIG.params, includeIPRanges: '10.0.0.0/8' } });
    assert.deepEqual(container(out, 'istio-init', 'initContainers')['args'], ['-p', '15001', '-u', '1337', '-i', '10.0.0.0/8']);
  });

  it('verbosity 0 drops -v', () => {
    const out = injected(deployment(), { ...CONFIG, params: { ...CONFIG.params, verbosity: 0 } });
    assert.deepEqual((container(out, 'istio-proxy')['args'] as string[]).slice(0, 3), ['proxy', 'sidecar', '--configPath']);
  });

  it('the mesh config sets the proxy arguments and the init port; durations are written as Go writes them', () => {
    const mesh = {
      authPolicy: 'MUTUAL_TLS',
      proxyListenPort: 15099,
      defaultConfig: {
        discoveryAddress: 'istio-pilot.istio-system:8080',
        drainDuration: '45s',
        parentShutdownDuration: '60s',
        connectTimeout: '10s',
        zipkinAddress: 'zipkin.istio-system:9411',
        statsdUdpAddress: 'istio-mixer.istio-system:9125',
        serviceCluster: 'mesh',
      },
    };
    const out = injected(deployment(), CONFIG, mesh);
    const args = container(out, 'istio-proxy')['args'] as string[];
    const flag = (f: string): string | undefined => args[args.indexOf(f) + 1];
    assert.equal(flag('--discoveryAddress'), 'istio-pilot.istio-system:8080');
    assert.equal(flag('--drainDuration'), '45s');
    assert.equal(flag('--parentShutdownDuration'), '1m0s');
    assert.equal(flag('--connectTimeout'), '10s');
    assert.equal(flag('--serviceCluster'), 'mesh');
    assert.equal(flag('--zipkinAddress'), 'zipkin.istio-system:9411');
    assert.equal(flag('--discoveryRefreshDelay'), '1s');
    assert.deepEqual((container(out, 'istio-init', 'initContainers')['args'] as string[]).slice(0, 2), ['-p', '15099']);
  });

  it('accepts the istio-inject ConfigMap itself', () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'istio-inject', namespace: 'istio-system' },
      data: {
        config: [
          'policy: "enabled"',
          'namespaces: [""]',
          'initializerName: "sidecar.initializer.istio.io"',
          'params:',
          '  initImage: docker.io/istio/proxy_init:0.2.6',
          '  proxyImage: docker.io/istio/proxy:0.2.6',
          '  verbosity: 2',
          '  version: 0.2.6',
          '  meshConfigMapName: istio',
          '  imagePullPolicy: IfNotPresent',
        ].join('\n'),
      },
    };
    const out = injected(deployment(), cm);
    assert.equal(container(out, 'istio-proxy')['image'], 'docker.io/istio/proxy:0.2.6');
    assert.equal(((out['metadata'] as Rec)['annotations'] as Rec)['sidecar.istio.io/status'], 'injected-version-0.2.6');
  });

  it('without an inject config uses the 0.2 install defaults', () => {
    const out = injected(deployment(), undefined);
    assert.equal(container(out, 'istio-proxy')['image'], 'docker.io/istio/proxy:0.2.6');
    assert.equal(container(out, 'istio-init', 'initContainers')['image'], 'docker.io/istio/proxy_init:0.2.6');
    assert.equal(((out['metadata'] as Rec)['annotations'] as Rec)['sidecar.istio.io/status'], 'injected-version-0.2.6');
  });

  it('injects every 0.2 workload kind, with the fields Go always wrote', () => {
    const template = (deployment()['spec'] as Rec)['template'];
    const mk = (apiVersion: string, kind: string, spec: Rec = {}): Rec => ({
      apiVersion,
      kind,
      metadata: { name: 'x' },
      spec: { ...spec, template },
    });
    const ss = injected(mk('apps/v1beta1', 'StatefulSet', { serviceName: 'x' }));
    assert.deepEqual(ss['status'], { replicas: 0 });
    assert.deepEqual((ss['spec'] as Rec)['updateStrategy'], {});
    const ds = injected(mk('extensions/v1beta1', 'DaemonSet'));
    assert.deepEqual(ds['status'], { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 });
    assert.deepEqual(injected(mk('extensions/v1beta1', 'ReplicaSet'))['status'], { replicas: 0 });
    assert.deepEqual(injected(mk('v1', 'ReplicationController'))['status'], { replicas: 0 });
    assert.equal(injected(mk('batch/v1', 'Job'))['status'], undefined);
    assert.ok(injected(mk('apps/v1', 'Deployment')));
  });

  it('adds sizeLimit "0" to the pod\'s own emptyDir volumes, as Go wrote them', () => {
    const out = injected(deployment({ podSpec: { volumes: [{ name: 'tmp', emptyDir: {} }] } }));
    assert.deepEqual((podSpec(out)['volumes'] as Rec[])[0], { name: 'tmp', emptyDir: { sizeLimit: '0' } });
  });

  it('leaves Pods, CronJobs and non-workloads alone', () => {
    for (const kind of ['Pod', 'CronJob', 'Service', 'ConfigMap']) {
      const r = injectLegacyObject({ apiVersion: 'v1', kind, metadata: { name: 'x' }, spec: {} }, CONFIG, undefined);
      assert.equal(r.kind, 'skipped', kind);
      assert.equal((r as { object?: Rec }).object, undefined);
    }
  });

  it('skips workloads on the host network', () => {
    const r = injectLegacyObject(deployment({ podSpec: { hostNetwork: true } }), CONFIG, undefined);
    assert.equal(r.kind, 'skipped');
    assert.match((r as { reason: string }).reason, /hostNetwork/);
  });

  it('skips a workload that is already injected', () => {
    const first = injected(deployment());
    const r = injectLegacyObject(first, CONFIG, undefined);
    assert.equal(r.kind, 'skipped');
    assert.match((r as { reason: string }).reason, /already injected/);
    assert.deepEqual((r as { object: Rec }).object, first);
  });

  it('skips system namespaces and excludeNamespaces', () => {
    for (const ns of ['kube-system', 'kube-public', 'istio-system']) {
      const r = injectLegacyObject(deployment({ namespace: ns }), CONFIG, undefined);
      assert.equal(r.kind, 'skipped', ns);
      assert.match((r as { reason: string }).reason, /exempt/);
    }
    const cfg = { policy: 'enabled', excludeNamespaces: ['ibm-system'], params: CONFIG.params };
    assert.equal(injectLegacyObject(deployment({ namespace: 'ibm-system' }), cfg, undefined).kind, 'skipped');
    assert.equal(injectLegacyObject(deployment({ namespace: 'default' }), cfg, undefined).kind, 'injected');
  });
});
