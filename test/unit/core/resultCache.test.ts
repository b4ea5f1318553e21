import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { injectText } from '../../../server/src/core/inject/index';
import type { ReusedDoc } from '../../../server/src/core/inject/index';
import type { Finding } from '../../../server/src/core/service';
import { MeshService } from '../../../server/src/core/service';
import type { CoreSettings } from '../../../server/src/core/settings';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../../server/src/core/settings';

/**
 * MeshService keeps each rule's findings per object and reuses them while the object's YAML and everything the rule
 * read of the workspace are unchanged, moving their positions with edits elsewhere in the file. These tests hold the
 * cached answers to what a fresh service says about the same texts.
 */

const service = (name: string, selector: string, port: number, extra = ''): string =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n${extra}spec:\n  selector:\n    app: ${selector}\n` +
  `  ports:\n    - name: http\n      port: ${port}\n      targetPort: 8080\n`;
const deployment = (name: string, app: string, extra = ''): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    metadata:\n` +
  `      labels:\n        app: ${app}\n        version: v1\n${extra}    spec:\n      containers:\n        - name: c\n          image: x\n` +
  `          ports:\n            - containerPort: 8080\n`;
const namespace = (labels: string): string => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: default\n  labels: ${labels}\n`;

/** What a fresh service reports for the same files. */
function fresh(files: ReadonlyMap<string, string>, uri: string, settings: CoreSettings = DEFAULT_SETTINGS): Finding[] {
  const s = new MeshService();
  for (const [u, t] of files) {
    s.setFile(u, t);
  }
  return s.validate(uri, settings);
}

function codes(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.code).sort();
}

describe('rule result cache', () => {
  it('editing a Service in one file changes the findings of a workload in another', () => {
    const s = new MeshService();
    s.setFile('a', `${service('web', 'web', 80)}---\n${service('api', 'api', 9080)}`);
    s.setFile('b', deployment('web', 'web'));
    assert.deepEqual(codes(s.validate('b')), []);
    // api now also selects web's pods, on another port for the same container port: IST0137 on the workload.
    s.setFile('a', `${service('web', 'web', 80)}---\n${service('api', 'web', 9080)}`);
    const after = s.validate('b');
    assert.deepEqual(codes(after), ['workload-service-ports-agree']);
    assert.deepEqual(after, fresh(new Map([['a', `${service('web', 'web', 80)}---\n${service('api', 'web', 9080)}`], ['b', deployment('web', 'web')]]), 'b'));
    s.setFile('a', `${service('web', 'web', 80)}---\n${service('api', 'api', 9080)}`);
    assert.deepEqual(codes(s.validate('b')), []);
  });

  it('a new Service in a third file, and its removal, reach the workload', () => {
    const s = new MeshService();
    s.setFile('a', service('web', 'web', 80));
    s.setFile('b', deployment('web', 'web'));
    assert.deepEqual(codes(s.validate('b')), []);
    s.setFile('c', service('web-canary', 'web', 8080));
    assert.deepEqual(codes(s.validate('b')), ['workload-service-ports-agree']);
    s.removeFile('c');
    assert.deepEqual(codes(s.validate('b')), []);
  });

  it('related locations in another file follow edits above them there', () => {
    const s = new MeshService();
    const svcs = `${service('web', 'web', 80)}---\n${service('web2', 'web', 9080)}`;
    s.setFile('a', svcs);
    s.setFile('b', deployment('web', 'web'));
    const first = s.validate('b');
    assert.equal(first.length, 1);
    // Two documents inserted above the Services: their spans move, the workload's YAML does not change.
    const moved = `${namespace('{istio-injection: enabled}')}---\nkind: ConfigMap\napiVersion: v1\nmetadata:\n  name: x\n---\n${svcs}`;
    s.setFile('a', moved);
    const second = s.validate('b');
    assert.deepEqual(second, fresh(new Map([['a', moved], ['b', deployment('web', 'web')]]), 'b'));
    assert.notDeepEqual(second[0]?.related, first[0]?.related);
  });

  it('findings of unchanged documents move with an edit above them in the same file', () => {
    const s = new MeshService();
    const text = `${service('web', 'web', 80).replace('name: http', 'name: web')}---\n${deployment('web', 'web')}`;
    s.setFile('f', text);
    const before = s.validate('f');
    assert.ok(before.some((f) => f.code === 'svc-port-named'));
    const edited = `# a comment\n# and another\n${text}`;
    s.setFile('f', edited);
    const after = s.validate('f');
    assert.deepEqual(after, fresh(new Map([['f', edited]]), 'f'));
    assert.equal(after.find((f) => f.code === 'svc-port-named')?.span.start, (before.find((f) => f.code === 'svc-port-named')?.span.start ?? 0) + 26);
  });

  it('a Namespace label in another file takes workloads out of the mesh', () => {
    const s = new MeshService();
    s.setFile('a', `${service('web', 'web', 80)}---\n${service('web2', 'web', 9080)}`);
    s.setFile('b', deployment('web', 'web'));
    s.setFile('ns', namespace('{istio-injection: enabled}'));
    assert.deepEqual(codes(s.validate('b')), ['workload-service-ports-agree']);
    s.setFile('ns', namespace('{istio-injection: disabled}'));
    assert.deepEqual(codes(s.validate('b')), []);
  });

  it('an injector ConfigMap in another file changes a Namespace finding', () => {
    const s = new MeshService();
    s.setFile('ns', namespace('{}'));
    assert.deepEqual(codes(s.validate('ns')), ['ns-injection-labelled']);
    s.setFile(
      'cm',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio-sidecar-injector\n  namespace: istio-system\ndata:\n' +
        '  values: |\n    {"sidecarInjectorWebhook": {"enableNamespacesByDefault": true}}\n',
    );
    assert.deepEqual(codes(s.validate('ns')), ['ns-injection-default-explicit']);
    s.removeFile('cm');
    assert.deepEqual(codes(s.validate('ns')), ['ns-injection-labelled']);
  });

  it('follows the settings: default namespace and severities', () => {
    const s = new MeshService();
    s.setFile('a', `${service('web', 'web', 80, '  namespace: shop\n')}---\n${service('web2', 'web', 9080)}`);
    s.setFile('b', deployment('web', 'web'));
    // In `default` only web2 selects the pods; with `shop` as the default namespace both do.
    assert.deepEqual(codes(s.validate('b')), []);
    const shop = normalizeSettings({ defaultNamespace: 'shop' });
    assert.deepEqual(codes(s.validate('b', shop)), ['workload-service-ports-agree']);
    s.setFile('a', `${service('web', 'web', 80, '  namespace: shop\n')}---\n${service('web2', 'web', 9080, '  namespace: other\n')}`);
    assert.deepEqual(codes(s.validate('b', shop)), []);
    assert.deepEqual(codes(s.validate('b')), []);
    s.setFile('a', `${service('web', 'web', 80, '  namespace: shop\n')}---\n${service('web2', 'web', 9080, '  namespace: shop\n')}`);
    assert.deepEqual(codes(s.validate('b', shop)), ['workload-service-ports-agree']);
    assert.deepEqual(codes(s.validate('b')), []);
    assert.deepEqual(codes(s.validate('b', normalizeSettings({ defaultNamespace: 'shop', rules: { 'workload-service-ports-agree': 'off' } }))), []);
  });

  it('keeps lists by kind right when only positions change', () => {
    const s = new MeshService();
    s.setFile('a', service('web', 'web', 80));
    const before = s.index.ofKind('Service')[0]?.anchor.start ?? -1;
    s.setFile('a', `# moved\n${service('web', 'web', 80)}`);
    assert.equal(s.index.ofKind('Service')[0]?.anchor.start, before + 8);
  });

  it('runs again a rule that threw or whose findings could not be cached, though the object is unchanged', () => {
    // The other rules of the object come from the cache; these two must not be skipped with them.
    let calls = 0;
    const flaky = {
      id: 'flaky', description: '', istioCode: null, defaultSeverity: 'error' as const, kinds: ['Service'],
      check: () => {
        if (++calls <= 2) {
          throw new Error('first call of each object');
        }
        return [{ span: { start: 0, end: 1 }, message: 'second call' }];
      },
    };
    // A span across two documents cannot be pinned to one chunk, so it is not cached.
    const across = {
      id: 'across', description: '', istioCode: null, defaultSeverity: 'warning' as const, kinds: ['Service'],
      check: (ctx: { text: string }) => [{ span: { start: 0, end: ctx.text.length }, message: 'whole file' }],
    };
    const cached = {
      id: 'cached', description: '', istioCode: null, defaultSeverity: 'info' as const, kinds: ['Service'],
      check: () => [{ span: { start: 0, end: 1 }, message: 'always' }],
    };
    const s = new MeshService([flaky, across, cached]);
    s.setFile('a', `${service('web', 'web', 80)}---\n${service('api', 'api', 81)}`);
    assert.deepEqual(codes(s.validate('a')), ['across', 'across', 'cached', 'cached']);
    assert.deepEqual(codes(s.validate('a')), ['across', 'across', 'cached', 'cached', 'flaky', 'flaky']);
    assert.deepEqual(codes(s.validate('a')), ['across', 'across', 'cached', 'cached', 'flaky', 'flaky']);
  });

  it('answers as a fresh service does through a long series of edits', () => {
    // A deterministic walk through edits of a small workspace: each step is checked against a fresh service.
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const apps = ['web', 'api', 'db'];
    const docsOf = new Map<string, string[]>([
      ['svc.yaml', [service('web', 'web', 80), service('api', 'api', 9080), service('db', 'db', 5432)]],
      ['apps.yaml', [deployment('web', 'web'), deployment('api', 'api'), deployment('db', 'db')]],
      ['more.yaml', [service('web-b', 'web', 80), deployment('extra', 'api', '      annotations:\n        sidecar.istio.io/inject: "false"\n')]],
      ['ns.yaml', [namespace('{istio-injection: enabled}')]],
    ]);
    const s = new MeshService();
    const textOf = (uri: string): string => (docsOf.get(uri) ?? []).join('---\n');
    for (const uri of docsOf.keys()) {
      s.setFile(uri, textOf(uri));
    }
    const edits: ((docs: string[]) => void)[] = [
      (d) => d.unshift(`# comment ${rand(1000)}\nkind: ConfigMap\napiVersion: v1\nmetadata:\n  name: c${rand(1000)}\n`),
      (d) => void (d.length > 1 && d.splice(rand(d.length), 1)),
      (d) => d.push(service(`s${rand(100)}`, apps[rand(3)] ?? 'web', [80, 9080, 5432][rand(3)] ?? 80)),
      (d) => d.push(deployment(`d${rand(100)}`, apps[rand(3)] ?? 'web')),
      (d) => {
        const i = rand(d.length);
        d[i] = (d[i] ?? '').replace(/app: \w+/, `app: ${apps[rand(3)] ?? 'web'}`);
      },
      (d) => {
        const i = rand(d.length);
        d[i] = (d[i] ?? '').replace(/port: \d+/, `port: ${[80, 81, 9080][rand(3)] ?? 80}`).replace('name: http', rand(2) ? 'name: web' : 'name: http');
      },
      (d) => {
        const i = rand(d.length);
        d[i] = `\n\n${d[i] ?? ''}`;
      },
      (d) => {
        const i = rand(d.length);
        d[i] = (d[i] ?? '').replace('istio-injection: enabled', 'istio-injection: disabled').replace('{}', '{istio-injection: enabled}');
      },
      (d) => {
        const i = rand(d.length);
        d[i] = `# istio-mesh-disable-next-line\n${d[i] ?? ''}`;
      },
    ];
    const uris = [...docsOf.keys()];
    for (let step = 0; step < 120; step++) {
      const uri = uris[rand(uris.length)] ?? 'svc.yaml';
      const docs = docsOf.get(uri) ?? [];
      edits[rand(edits.length)]?.(docs);
      if (docs.length === 0) {
        docs.push(namespace('{}'));
      }
      s.setFile(uri, textOf(uri));
      const all = new Map(uris.map((u) => [u, textOf(u)]));
      for (const u of uris) {
        assert.deepEqual(s.validate(u), fresh(all, u), `step ${step}: ${u} after editing ${uri}`);
      }
    }
  });
});

describe('injection preview reuse', () => {
  const text = [deployment('a', 'a'), service('a', 'a', 80), deployment('b', 'b')].join('---\n');
  for (const style of ['minimal', 'istioctl'] as const) {
    it(`gives the same text and warnings as a full run (${style}), and re-injects only changed documents`, () => {
      let docs = new Map<string, ReusedDoc>();
      const run = (t: string): ReturnType<typeof injectText> => {
        const previous = docs;
        const next = new Map<string, ReusedDoc>();
        const r = injectText(t, { profile: 'native' }, style, { get: (k) => previous.get(k) ?? next.get(k), set: (k, d) => next.set(k, d) });
        docs = next;
        return r;
      };
      assert.deepEqual(run(text), injectText(text, { profile: 'native' }, style));
      const edited = text.replace('name: b', 'name: bb');
      const reused = [...docs.values()];
      assert.deepEqual(run(edited), injectText(edited, { profile: 'native' }, style));
      // The two unchanged documents came from the earlier run.
      assert.equal([...docs.values()].filter((d) => reused.includes(d)).length, 2);
    });
  }
});
