import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Rule } from '../../../server/src/core/rules/rule';
import { allRules } from '../../../server/src/core/rules/registry';
import type { Finding } from '../../../server/src/core/service';
import { MeshService } from '../../../server/src/core/service';

/**
 * Objects that only moved (an edit above them in their file) are not a change of their kind: the rules reading that
 * kind keep their cached findings, whose positions follow the move. These tests hold the answers after such edits to
 * what a fresh service says about the same texts, with the Istio analyzers that read whole kinds.
 */

const pad = (n: number): string => String(n).padStart(3, '0');

function app(i: number, host = `app-${pad(i)}`): string[] {
  const name = `app-${pad(i)}`;
  const ns = `team-${i % 3}`;
  const gateway = i % 2 === 0 ? `  gateways:\n    - istio-system/gw-${pad(i % 4)}\n    - mesh\n` : '';
  return [
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n    app: ${name}\n` +
      `  ports:\n    - name: http\n      port: 80\n      targetPort: 8080\n    - name: grpc\n      port: 9090\n`,
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  template:\n    metadata:\n` +
      `      labels:\n        app: ${name}\n        version: v1\n    spec:\n      containers:\n        - name: app\n` +
      `          image: registry.example/${name}:1.0.0\n`,
    `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n` +
      `  hosts:\n    - ${name}\n    - ${name}.example.com\n${gateway}  http:\n    - route:\n        - destination:\n` +
      `            host: ${host}\n            subset: v1\n            port:\n              number: 80\n`,
    `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n` +
      `  host: ${name}\n  subsets:\n    - name: v1\n      labels:\n        version: v1\n    - name: v2\n      labels:\n        version: v${i % 3 === 0 ? 3 : 2}\n`,
  ];
}

const gatewayDoc = (j: number, host: string): string =>
  `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: gw-${pad(j)}\n  namespace: istio-system\nspec:\n` +
  `  selector:\n    istio: ingressgateway\n  servers:\n    - port:\n        number: ${j % 3 === 1 ? 8443 : 80}\n        name: http\n` +
  `        protocol: HTTP\n      hosts:\n        - "${host}"\n`;

const serviceEntryDoc = (j: number): string =>
  `apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: ext-${pad(j)}\n  namespace: team-${j % 3}\nspec:\n` +
  `  hosts:\n    - ext-${pad(j)}.partner.example\n  resolution: DNS\n  ports:\n    - number: ${j % 2 ? 5432 : 443}\n` +
  `      name: ${j % 2 ? 'tcp' : 'https'}\n      protocol: ${j % 2 ? 'TCP' : 'HTTPS'}\n`;

const INGRESS =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: istio-ingressgateway\n  namespace: istio-system\nspec:\n  template:\n' +
  '    metadata:\n      labels:\n        istio: ingressgateway\n    spec:\n      containers:\n        - name: istio-proxy\n          image: auto\n' +
  '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: istio-ingressgateway\n  namespace: istio-system\nspec:\n  selector:\n' +
  '    istio: ingressgateway\n  ports:\n    - name: http2\n      port: 80\n';

function istioDocs(apps: number, first = 0): string[] {
  const docs: string[] = [];
  for (let i = first; i < first + apps; i++) {
    docs.push(...app(i, i % 5 === 2 ? `missing-${pad(i)}` : `app-${pad(i)}`));
    if (i % 2 === 1) {
      docs.push(gatewayDoc(i % 4, `app-${pad(i - 1)}.example.com`), serviceEntryDoc(i));
    }
  }
  return docs;
}

function fresh(files: ReadonlyMap<string, string>, uri: string): Finding[] {
  const s = new MeshService();
  for (const [u, t] of files) {
    s.setFile(u, t);
  }
  return s.validate(uri);
}

/** The registry's rules, counting their runs by rule id. */
function countingRules(): { rules: Rule[]; runs: Map<string, number> } {
  const runs = new Map<string, number>();
  const rules = allRules.map((r): Rule => ({
    ...r,
    check: (ctx) => {
      runs.set(r.id, (runs.get(r.id) ?? 0) + 1);
      return r.check(ctx);
    },
  }));
  return { rules, runs };
}

const total = (runs: ReadonlyMap<string, number>): number => [...runs.values()].reduce((a, b) => a + b, 0);

describe('moved objects', () => {
  it('an edit above the Istio resources re-checks only the edited document, and findings move with them', () => {
    const { rules, runs } = countingRules();
    const s = new MeshService(rules);
    const account = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: deployer\n';
    const docs = [account, INGRESS, ...istioDocs(12)];
    s.setFile('f', docs.join('---\n'));
    const before = s.validate('f');
    assert.ok(before.some((f) => f.code === 'vs-destination-host-exists'));
    assert.ok(before.some((f) => f.code === 'dr-subset-selects-pods'));
    assert.ok(before.some((f) => f.code === 'gw-port-on-service' && f.related.length > 0));
    // The document at the top gets a comment line: it is parsed again, every document below moves.
    runs.clear();
    const edited = [`# who deploys\n${account}`, ...docs.slice(1)].join('---\n');
    s.setFile('f', edited);
    const after = s.validate('f');
    assert.deepEqual(after, fresh(new Map([['f', edited]]), 'f'));
    assert.deepEqual(after.map((f) => f.span.start), before.map((f) => f.span.start + '# who deploys\n'.length));
    // Only the ServiceAccount's rules ran again, not those of the Istio resources below it.
    assert.ok(total(runs) <= 3, `rule runs after a move: ${JSON.stringify([...runs])}`);
  });

  it('a reordering of documents is a change: of two definitions of a Namespace, the first counts', () => {
    const ns = (injection: string): string =>
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-0\n  labels:\n    istio-injection: ${injection}\n`;
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: team-0\n  labels:\n    app: p\nspec:\n  containers:\n' +
      '    - name: c\n      image: x\n';
    const svc = (name: string, port: number): string =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: team-0\nspec:\n  selector:\n    app: p\n` +
      `  ports:\n    - name: http\n      port: ${port}\n      targetPort: 8080\n`;
    const rest = [svc('a', 80), svc('b', 81), ...istioDocs(3)];
    const s = new MeshService();
    // The Namespaces are never the first document, whose text has no `---` line: a swap reuses both.
    const orders = [
      [pod, ns('disabled'), ns('enabled'), ...rest],
      [pod, ns('enabled'), ns('disabled'), ...rest],
      [pod, ns('enabled'), ...rest, ns('disabled')],
      [pod, ns('disabled'), ...rest, ns('enabled')],
    ];
    const answers = orders.map((docs) => fresh(new Map([['f', docs.join('---\n')]]), 'f'));
    assert.notDeepEqual(answers[0]?.map((f) => f.code), answers[1]?.map((f) => f.code));
    for (const [i, docs] of [...orders, ...orders].entries()) {
      s.setFile('f', docs.join('---\n'));
      assert.deepEqual(s.validate('f'), answers[i % orders.length], `order ${i}`);
    }
  });

  it('answers as a fresh service does through a walk of edits across two files of Istio resources', () => {
    let seed = 11;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const files = new Map<string, string[]>([
      ['a.yaml', [INGRESS, ...istioDocs(6)]],
      ['b.yaml', istioDocs(6, 4)],
    ]);
    const textOf = (uri: string): string => (files.get(uri) ?? []).join('---\n');
    const s = new MeshService();
    for (const uri of files.keys()) {
      s.setFile(uri, textOf(uri));
    }
    const edits: ((d: string[]) => void)[] = [
      // Moves: a longer or shorter line, lines inserted above, a document inserted or removed.
      (d) => {
        const i = rand(d.length);
        d[i] = (d[i] ?? '').replace(/image: (\S+):1\.0\.0\b/, 'image: $1:1.0.100');
      },
      (d) => {
        const i = rand(d.length);
        d[i] = `# moved ${'x'.repeat(rand(40))}\n${d[i] ?? ''}`;
      },
      (d) => d.splice(rand(d.length), 0, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${rand(1000)}\n`),
      (d) => void (d.length > 4 && d.splice(rand(d.length), 1)),
      // Content: hosts, subsets, labels, ports, gateways; a document copied, two swapped.
      (d) => {
        const i = rand(d.length);
        d[i] = (d[i] ?? '').replace(/host: [\w-]+/, `host: ${rand(3) ? `app-${pad(rand(10))}` : 'nowhere'}`);
      },
      (d) => {
        const i = rand(d.length);
        d[i] = (d[i] ?? '').replace(/version: v\d/, `version: v${rand(4)}`);
      },
      (d) => {
        const i = rand(d.length);
        d[i] = (d[i] ?? '').replace(/number: \d+/, `number: ${[80, 8443, 9090][rand(3)] ?? 80}`);
      },
      (d) => {
        const i = rand(d.length);
        d[i] = (d[i] ?? '').replace(/gw-\d+/, `gw-${pad(rand(5))}`).replace('"app-', rand(2) ? '"*.' : '"app-');
      },
      (d) => d.push(d[rand(d.length)] ?? INGRESS),
      (d) => {
        const i = rand(d.length);
        const j = rand(d.length);
        [d[i], d[j]] = [d[j] ?? '', d[i] ?? ''];
      },
    ];
    const uris = [...files.keys()];
    for (let step = 0; step < 60; step++) {
      const uri = uris[rand(uris.length)] ?? 'a.yaml';
      const docs = files.get(uri) ?? [];
      // Often two edits at once: one moving documents, one changing another, as a paste does.
      edits[rand(4)]?.(docs);
      if (rand(2)) {
        edits[rand(edits.length)]?.(docs);
      }
      s.setFile(uri, textOf(uri));
      const all = new Map(uris.map((u) => [u, textOf(u)]));
      for (const u of uris) {
        assert.deepEqual(s.validate(u), fresh(all, u), `step ${step}: ${u} after editing ${uri}`);
      }
    }
  });
});
