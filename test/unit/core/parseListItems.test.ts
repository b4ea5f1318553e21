import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { KUBERNETES_YAML } from '../../../server/src/core/yaml/kubernetesYaml';
import type { ParsedFile } from '../../../server/src/core/yaml/parse';
import { parseFile } from '../../../server/src/core/yaml/parse';
import type { Rule } from '../../../server/src/core/rules/rule';
import { allRules } from '../../../server/src/core/rules/registry';
import type { Finding } from '../../../server/src/core/service';
import { MeshService } from '../../../server/src/core/service';
import { diff } from './blockParseCompare';

/**
 * A `kind: List` document is parsed item by item, and an edit re-parses only the items it touches. These tests hold
 * the result, after any series of edits, to what `yaml` reads from the whole text (nodes, values, ranges), and the
 * findings to what a fresh service reports.
 */

let seed = 1;
const rand = (n: number): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};

/** A Service or Deployment item as kubectl prints it, at `indent` (0: `- ` at column 0, as kubectl does). */
function item(i: number, indent = 0): string {
  const p = ' '.repeat(indent);
  const body =
    i % 3 === 0
      ? `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d${i}\n  namespace: ns${i % 2}\n  managedFields:\n  - manager: kubectl\n    fieldsV1:\n      f:spec:\n        k:{"name":"app"}:\n          .: {}\n  uid: 0b1c-${i}\nspec:\n  template:\n    metadata:\n      labels:\n        app: a${i % 4}\n    spec:\n      containers:\n      - image: registry.example/a:${i}\n        name: app\n        ports:\n        - containerPort: 8080\nstatus:\n  conditions:\n  - message: ReplicaSet "d${i}" has successfully progressed.\n    status: "True"\n`
      : `apiVersion: v1\nkind: Service\nmetadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {"apiVersion":"v1","kind":"Service","metadata":{"name":"s${i}"}}\n  name: s${i}\n  namespace: ns${i % 2}\nspec:\n  ports:\n  - ${i % 4 === 1 ? '' : 'name: http\n    '}port: ${80 + (i % 3)}\n    targetPort: 8080\n  selector:\n    app: a${i % 4}\nstatus:\n  loadBalancer: {}\n`;
  const lines = body.split('\n').slice(0, -1);
  return lines.map((l, k) => `${p}${k === 0 ? '- ' : '  '}${l}\n`).join('');
}

function list(items: readonly string[], head = 'apiVersion: v1\nitems:\n', tail = 'kind: List\nmetadata:\n  resourceVersion: ""\n'): string {
  return `${head}${items.join('')}${tail}`;
}

/** The first difference between a parse and `yaml`'s of the whole text, or undefined. */
function differenceFromYaml(text: string, parsed: ParsedFile): string | undefined {
  const docs = parseAllDocuments(text, { ...KUBERNETES_YAML, prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [];
  if (list.length !== parsed.docs.length) {
    return `${list.length} documents vs ${parsed.docs.length}`;
  }
  for (const [i, d] of list.entries()) {
    const p = parsed.docs[i];
    if (!p) {
      return `document ${i} missing`;
    }
    if (d.errors.length > 0 !== p.errors.length > 0) {
      return `document ${i}: errors ${d.errors.length} vs ${p.errors.length}`;
    }
    if (d.errors.length > 0) {
      continue;
    }
    if (d.range[0] !== p.span.start || d.range[2] !== p.span.end) {
      return `document ${i}: range ${JSON.stringify(d.range)} vs ${JSON.stringify(p.span)}`;
    }
    const dd = diff(d.contents, p.contents, `doc${i}`);
    if (dd) {
      return dd;
    }
  }
  return undefined;
}

const itemsOf = (f: ParsedFile): number => (f.chunks ?? []).reduce((n, c) => n + (c.items?.length ?? 0), 0);

describe('List documents item by item', () => {
  it('read as yaml reads the whole document, in the layouts kubectl and people write', () => {
    const items = [0, 1, 2, 3, 4].map((i) => item(i));
    const indented = [0, 1, 2].map((i) => item(i, 2));
    const cases = [
      list(items),
      list(indented),
      list(items, 'apiVersion: v1\nkind: List\nmetadata: {}\nitems:\n', ''),
      list(items, '# a dump\napiVersion: v1\nitems:\n'),
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n---\n${list(indented)}`,
      `---\n${list(items)}---\n${list(indented, 'kind: ServiceList\napiVersion: v1\nitems:\n')}`,
      list(items).replace(/\n/g, '\r\n'),
      list([...items, '- {}\n', '- plain\n', '-\n']),
    ];
    for (const text of cases) {
      const f = parseFile(text);
      assert.ok(itemsOf(f) >= 3, `read item by item: ${JSON.stringify(text.slice(0, 60))}`);
      assert.equal(differenceFromYaml(text, f), undefined, JSON.stringify(text.slice(0, 60)));
    }
  });

  it('reads whole what it cannot split: comments or blank lines at an item edge, a duplicate key, broken items', () => {
    const items = [0, 1, 2].map((i) => item(i));
    const cases = [
      list([items[0] ?? '', '# between\n', ...items.slice(1)]),
      list([items[0] ?? '', '\n', ...items.slice(1)]),
      list(items, 'apiVersion: v1\nitems:\n# first\n'),
      list(items, 'apiVersion: v1\nkind: List\nitems:\n', 'kind: List\n'),
      list([...items, '- a: [1\n']),
      list([...items, '-   x\n  y: 1\n']),
      list(items, 'apiVersion: v1\nitems:\n', '  bad: indent\nkind: List\n'),
    ];
    for (const text of cases) {
      const f = parseFile(text);
      assert.equal(differenceFromYaml(text, f), undefined, JSON.stringify(text.slice(0, 80)));
    }
  });

  it('reuses the items an edit does not touch and stays equal to a whole parse through a walk of edits', () => {
    seed = 5;
    let items = Array.from({ length: 12 }, (_, i) => item(i));
    let head = 'apiVersion: v1\nitems:\n';
    let tail = 'kind: List\nmetadata:\n  resourceVersion: ""\n';
    let previous = parseFile(list(items, head, tail));
    const edits: (() => void)[] = [
      () => {
        const i = rand(items.length);
        items[i] = (items[i] ?? '').replace(/port: \d+/, `port: ${rand(1000)}`);
      },
      () => {
        const i = rand(items.length);
        items[i] = (items[i] ?? '').replace('name: ', `name: x${'y'.repeat(rand(30))}`);
      },
      () => items.splice(rand(items.length + 1), 0, item(100 + rand(50))),
      () => void (items.length > 3 && items.splice(rand(items.length), 1)),
      () => {
        const i = rand(items.length);
        const j = rand(items.length);
        [items[i], items[j]] = [items[j] ?? '', items[i] ?? ''];
      },
      () => items.push(items[rand(items.length)] ?? ''),
      () => {
        const i = rand(items.length);
        items[i] = (items[i] ?? '').replace('\n  kind:', '\n  # a comment\n  kind:');
      },
      () => {
        const i = rand(items.length);
        items[i] = `${items[i] ?? ''}${rand(2) ? '\n' : '# after\n'}`;
      },
      () => {
        const i = rand(items.length);
        items[i] = (items[i] ?? '').replace('  metadata:', rand(2) ? '  metadata: [' : ' metadata:');
      },
      () => {
        head = rand(3) === 0 ? `# edited ${rand(100)}\napiVersion: v1\nitems:\n` : 'apiVersion: v1\nitems:\n';
        tail = rand(3) === 0 ? '' : `kind: List\nmetadata:\n  resourceVersion: "${rand(9)}"\n`;
      },
      () => {
        const i = rand(items.length);
        items[i] = (items[i] ?? '').replace(/\n$/, '\n  extra: "x"\n');
      },
    ];
    let reusing = 0;
    for (let step = 0; step < 150; step++) {
      edits[rand(edits.length)]?.();
      if (rand(3) === 0) {
        edits[rand(edits.length)]?.();
      }
      if (rand(8) === 0) {
        // Back to what splits: without the comments, blank lines and breakage that make it parse whole.
        items = items.map((it) => it.replace(/\[/g, '').replace(/^ metadata:/m, '  metadata:').replace(/\n(\n|# after\n)+$/, '\n'));
      }
      const text = list(items, head, tail);
      const before = new Set(previous.chunks?.flatMap((c) => c.items ?? []));
      const f = parseFile(text, previous);
      if ((f.chunks ?? []).some((c) => c.items?.some((i) => before.has(i)))) {
        reusing++;
      }
      assert.equal(differenceFromYaml(text, f), undefined, `step ${step}`);
      // A fresh parse gives the same, too (what the next edit starts from).
      assert.equal(diff(parseFile(text).docs[0]?.contents, f.docs[0]?.contents, '$'), undefined, `step ${step}: fresh`);
      previous = f;
    }
    assert.ok(reusing > 30, `items reused in ${reusing} of 150 steps`);
  });

  it('findings after edits of a List, and of the document before it, equal those of a fresh service', () => {
    seed = 9;
    // Gateways on the same pods, port and host conflict: each finding points at the other Gateway (its kind).
    const gateway = (i: number, host: string): string =>
      `- apiVersion: networking.istio.io/v1\n  kind: Gateway\n  metadata:\n    name: g${i}\n  spec:\n    selector:\n      istio: ingress\n` +
      `    servers:\n    - hosts:\n      - ${host}\n      port:\n        name: http\n        number: 80\n        protocol: HTTP\n`;
    const items = [...Array.from({ length: 12 }, (_, i) => item(i)), gateway(1, 'a.example'), gateway(2, 'a.example'), gateway(3, 'b.example')];
    let before = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns0\n';
    const s = new MeshService();
    const fresh = (text: string): Finding[] => {
      const f = new MeshService();
      f.setFile('dump.yaml', text);
      return f.validate('dump.yaml');
    };
    const textOf = (): string => `${before}---\n${list(items)}`;
    s.setFile('dump.yaml', textOf());
    const first = s.validate('dump.yaml');
    assert.ok(first.some((f) => f.code === 'svc-port-named'));
    assert.ok(first.some((f) => f.code === 'gw-servers-distinct' && f.related.length > 0));
    for (let step = 0; step < 80; step++) {
      const i = rand(items.length);
      const what = rand(6);
      if (what === 0) {
        items[i] = (items[i] ?? '').replace(/app: a\d/, `app: a${rand(5)}`);
      } else if (what === 1) {
        items[i] = (items[i] ?? '').replace(/port: \d+/, `port: ${80 + rand(4)}`).replace('name: http', rand(2) ? 'name: web' : 'name: http');
      } else if (what === 2) {
        items.splice(i, 0, rand(2) ? item(200 + rand(20)) : gateway(300 + rand(20), rand(2) ? 'a.example' : 'c.example'));
      } else if (what === 3 && items.length > 4) {
        items.splice(i, 1);
      } else if (what === 4) {
        before = `# ${'-'.repeat(rand(20))}\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns0\n`;
      } else {
        items[i] = (items[i] ?? '').replace(/hosts:\n      - \S+/, `hosts:\n      - ${rand(2) ? 'a' : 'b'}.example`);
      }
      const text = textOf();
      s.setFile('dump.yaml', text);
      assert.deepEqual(s.validate('dump.yaml'), fresh(text), `step ${step}`);
      // The objects carried over (moved copies below the edit) hold every field a fresh read gives, at its new place.
      const fields = (svc: MeshService): object[] => (svc.index.get('dump.yaml')?.objects ?? []).map(({ node: _, ...rest }) => rest);
      const again = new MeshService();
      again.setFile('dump.yaml', text);
      assert.deepEqual(fields(s), fields(again), `objects at step ${step}`);
    }
  });

  it('an edit of one item re-checks that item and the objects reading it, as separate documents would', () => {
    // The rules run per object, counted by name; a Service's Deployments read its ports (workload-service-ports-agree)
    // and a Deployment's label twins read its pod labels, so those are re-checked too, in a List as across documents.
    const recheckedBy = (layout: (items: readonly string[]) => string, edits: readonly (readonly [number, string, string])[]): string[][] => {
      const runs = new Set<string>();
      const rules = allRules.map((r): Rule => ({
        ...r,
        check: (ctx) => {
          runs.add(ctx.object.name);
          return r.check(ctx);
        },
      }));
      const items = Array.from({ length: 30 }, (_, i) => item(i));
      const s = new MeshService(rules);
      s.setFile('dump.yaml', layout(items));
      const before = s.validate('dump.yaml');
      const out: string[][] = [];
      for (const [i, from, to] of edits) {
        runs.clear();
        // A longer line moves every item below the edited one.
        items[i] = (items[i] ?? '').replace(from, to);
        const was = s.index.get('dump.yaml')?.objects ?? [];
        s.setFile('dump.yaml', layout(items));
        const is = s.index.get('dump.yaml')?.objects ?? [];
        // Objects of the items above the edit are kept as they were; those below keep their nodes and are moved copies
        // when the edit moved them.
        assert.equal(is.length, was.length);
        is.forEach((o, k) => {
          const w = was[k];
          const kept = k < i || (k > i && o.node === w?.node && (o === w) === (o.anchor.start === w.anchor.start));
          assert.ok(k === i || (kept && (k > i || o === w)), `object ${k} after editing ${i}`);
        });
        assert.equal(s.validate('dump.yaml').length, before.length);
        out.push([...runs].sort());
      }
      return out;
    };
    const edits = [
      [10, 'targetPort: 8080', 'targetPort: 18080'],
      [9, 'successfully', 'since long'],
      [11, '"s11"', '"s11-applied"'],
      [25, 'targetPort: 8080', 'targetPort: 9090'],
      // s25 has a finding (a port without a name), cached pinned to its new item: the next edit leaves it cached.
      [12, 'registry.example/a:12', 'registry.example/a:120'],
    ] as const;
    const asDocuments = (items: readonly string[]): string => items.map((it) => it.replace(/^[- ] /gm, '')).join('---\n');
    const inList = recheckedBy((items) => list(items), edits);
    assert.deepEqual(inList, [
      ['d18', 'd6', 's10'],
      ['d21', 'd9'],
      ['d15', 'd27', 'd3', 's11'],
      ['d21', 'd9', 's25'],
      ['d0', 'd12', 'd24'],
    ]);
    assert.deepEqual(inList, recheckedBy(asDocuments, edits));
  });
});
