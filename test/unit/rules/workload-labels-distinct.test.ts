import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../../server/src/core/rules/registry';
import type { Rule } from '../../../server/src/core/rules/rule';
import type { Finding } from '../../../server/src/core/service';
import { MeshService } from '../../../server/src/core/service';
import type { CoreSettings } from '../../../server/src/core/settings';
import { normalizeSettings } from '../../../server/src/core/settings';

/**
 * workload-labels-distinct across files, through MeshService and its rule-result cache: what the fixtures cannot
 * show, edits of another file's workloads (and Namespaces) reaching this file's findings, and one lookup for all.
 */

const RULE = 'workload-labels-distinct';
const NATIVE = normalizeSettings({ profile: 'native' });

const deployment = (name: string, app: string, version: string, extra = ''): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n${extra}spec:\n  template:\n    metadata:\n` +
  `      labels:\n        app: ${app}\n        version: ${version}\n    spec:\n      containers:\n` +
  `        - name: c\n          image: x\n`;
const service = (name: string, app: string): string =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${app}\n` +
  `  ports:\n    - name: http\n      port: 80\n`;
const namespace = (injection: string): string =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: default\n  labels:\n    istio-injection: ${injection}\n`;

function ours(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.code === RULE);
}

/** What a fresh service reports for the same files. */
function fresh(files: ReadonlyMap<string, string>, uri: string, settings: CoreSettings = NATIVE): Finding[] {
  const s = new MeshService();
  for (const [u, t] of files) {
    s.setFile(u, t);
  }
  return ours(s.validate(uri, settings));
}

/** A service whose rule under test counts its runs. */
function counting(): { service: MeshService; runs: () => number } {
  let runs = 0;
  const rules = allRules.map((r): Rule =>
    r.id === RULE
      ? {
          ...r,
          check: (ctx) => {
            runs++;
            return r.check(ctx);
          },
        }
      : r,
  );
  return { service: new MeshService(rules), runs: () => runs };
}

describe(RULE, () => {
  it("editing another file's version label removes the finding, and editing it back restores it", () => {
    const s = new MeshService();
    const files = new Map([
      ['file:///a.yaml', deployment('reviews-a', 'reviews', 'v1')],
      ['file:///b.yaml', deployment('reviews-b', 'reviews', 'v1')],
    ]);
    files.forEach((t, u) => s.setFile(u, t));
    const before = ours(s.validate('file:///a.yaml', NATIVE));
    assert.equal(before.length, 1);
    assert.match(before[0]?.message ?? '', /Deployment reviews-b in namespace default has the same pod labels app: reviews and version: v1/);
    assert.deepEqual(before[0]?.related.map((r) => r.uri), ['file:///b.yaml']);

    files.set('file:///b.yaml', deployment('reviews-b', 'reviews', 'v2'));
    s.setFile('file:///b.yaml', files.get('file:///b.yaml') ?? '');
    assert.deepEqual(ours(s.validate('file:///a.yaml', NATIVE)), []);
    assert.deepEqual(ours(s.validate('file:///b.yaml', NATIVE)), []);

    files.set('file:///b.yaml', deployment('reviews-b', 'reviews', 'v1'));
    s.setFile('file:///b.yaml', files.get('file:///b.yaml') ?? '');
    const after = ours(s.validate('file:///a.yaml', NATIVE));
    assert.deepEqual(after, before);
    assert.deepEqual(after, fresh(files, 'file:///a.yaml'));
  });

  it('a twin in a new file, its removal, and a Namespace taken out of the mesh reach the workload', () => {
    const s = new MeshService();
    s.setFile('file:///a.yaml', deployment('web', 'web', 'v1'));
    assert.deepEqual(ours(s.validate('file:///a.yaml', NATIVE)), []);
    s.setFile('file:///c.yaml', deployment('web-copy', 'web', 'v1'));
    assert.equal(ours(s.validate('file:///a.yaml', NATIVE)).length, 1);
    s.setFile('file:///ns.yaml', namespace('disabled'));
    assert.deepEqual(ours(s.validate('file:///a.yaml', NATIVE)), []);
    s.setFile('file:///ns.yaml', namespace('enabled'));
    assert.equal(ours(s.validate('file:///a.yaml', NATIVE)).length, 1);
    s.removeFile('file:///c.yaml');
    assert.deepEqual(ours(s.validate('file:///a.yaml', NATIVE)), []);
  });

  it('related locations follow edits above the twin in its file', () => {
    const s = new MeshService();
    const b = deployment('web-b', 'web', 'v1');
    s.setFile('file:///a.yaml', deployment('web-a', 'web', 'v1'));
    s.setFile('file:///b.yaml', b);
    const first = ours(s.validate('file:///a.yaml', NATIVE));
    const moved = `${service('web', 'web')}---\n${b}`;
    s.setFile('file:///b.yaml', moved);
    const second = ours(s.validate('file:///a.yaml', NATIVE));
    assert.notDeepEqual(second[0]?.related, first[0]?.related);
    assert.deepEqual(
      second,
      fresh(new Map([['file:///a.yaml', deployment('web-a', 'web', 'v1')], ['file:///b.yaml', moved]]), 'file:///a.yaml'),
    );
  });

  it('keeps its results while only Services or unrelated workloads change, and re-runs when a twin changes', () => {
    const { service: s, runs } = counting();
    s.setFile('file:///a.yaml', deployment('web-a', 'web', 'v1'));
    s.setFile('file:///b.yaml', deployment('web-b', 'web', 'v1'));
    s.setFile('file:///c.yaml', deployment('db', 'db', 'v1'));
    s.setFile('file:///svc.yaml', service('web', 'web'));
    assert.equal(ours(s.validate('file:///a.yaml', NATIVE)).length, 1);
    const afterFirst = runs();
    s.setFile('file:///svc.yaml', service('web', 'other'));
    assert.equal(ours(s.validate('file:///a.yaml', NATIVE)).length, 1);
    assert.equal(runs(), afterFirst, 'a Service edit must not re-run the rule');
    s.setFile('file:///c.yaml', deployment('db', 'db', 'v2'));
    assert.equal(ours(s.validate('file:///a.yaml', NATIVE)).length, 1);
    assert.equal(runs(), afterFirst, 'an edit of a workload with another app must not re-run the rule');
    s.setFile('file:///c.yaml', deployment('db', 'web', 'v1'));
    assert.equal(ours(s.validate('file:///a.yaml', NATIVE)).length, 1);
    assert.match(ours(s.validate('file:///a.yaml', NATIVE))[0]?.message ?? '', /web-b and Deployment db/);
    assert.equal(runs(), afterFirst + 1, 'a workload that takes the same app is a new twin');
    s.setFile('file:///b.yaml', deployment('web-b', 'web', 'v2'));
    s.setFile('file:///c.yaml', deployment('db', 'db', 'v1'));
    assert.deepEqual(ours(s.validate('file:///a.yaml', NATIVE)), []);
    assert.equal(runs(), afterFirst + 2);
  });

  it('builds one lookup for all workloads, not a scan per workload', () => {
    const s = new MeshService();
    const n = 2000;
    // Pairs of twins: 0 and 1 share web-0, 2 and 3 share web-1, ...
    const text = Array.from({ length: n }, (_, i) => deployment(`w-${i}`, `web-${i >> 1}`, 'v1')).join('---\n');
    s.setFile('file:///many.yaml', text);
    const ofKind = s.index.ofKind.bind(s.index);
    let deploymentScans = 0;
    s.index.ofKind = (kind: string) => {
      if (kind === 'Deployment') {
        deploymentScans++;
      }
      return ofKind(kind);
    };
    assert.equal(ours(s.validate('file:///many.yaml', NATIVE)).length, n);
    assert.equal(deploymentScans, 1);
    // An edit of one workload: the lookup is rebuilt once, not once per workload.
    s.setFile('file:///many.yaml', text.replace('version: v1', 'version: v2'));
    assert.equal(ours(s.validate('file:///many.yaml', NATIVE)).length, n - 2);
    assert.equal(deploymentScans, 2);
  });
});
