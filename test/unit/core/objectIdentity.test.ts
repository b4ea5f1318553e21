import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiGroup } from '../../../server/src/core/index/identity';
import type { Finding } from '../../../server/src/core/service';
import { MeshService } from '../../../server/src/core/service';
import { normalizeSettings } from '../../../server/src/core/settings';

/** Definitions of one object (apiVersion group, kind, namespace, name) in several files are alternatives of one object. */

const deployment = (name: string, opts: { app?: string; apiVersion?: string; namespace?: string; uid?: number } = {}): string =>
  `apiVersion: ${opts.apiVersion ?? 'apps/v1'}\nkind: Deployment\nmetadata:\n  name: ${name}\n` +
  (opts.namespace ? `  namespace: ${opts.namespace}\n` : '') +
  `spec:\n  template:\n    metadata:\n      labels:\n        app: ${opts.app ?? name}\n        version: v1\n    spec:\n` +
  (opts.uid !== undefined ? `      securityContext:\n        runAsUser: ${opts.uid}\n` : '') +
  `      containers:\n        - name: c\n          image: x\n`;
const service = (name: string, app: string, port: string, protocol = 'TCP'): string =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${app}\n` +
  `  ports:\n    - name: ${port}\n      port: 80\n      protocol: ${protocol}\n`;

function check(files: Record<string, string>, profile: string): Map<string, Finding[]> {
  const s = new MeshService();
  for (const [u, t] of Object.entries(files)) {
    s.setFile(u, t);
  }
  const settings = normalizeSettings({ profile });
  return new Map(Object.keys(files).map((u) => [u, s.validate(u, settings)]));
}
const codes = (fs: readonly Finding[] | undefined): string[] => (fs ?? []).map((f) => f.code).sort();

describe('one object per identity', () => {
  it('copies of a Deployment are not told apart from each other (workload-labels-distinct)', () => {
    const copy = deployment('details-v1', { app: 'details' });
    const r = check({ 'file:///a/base.yaml': copy, 'file:///b/flavour.yaml': copy, 'file:///c/again.yaml': copy }, 'legacy-0.2');
    for (const fs of r.values()) {
      assert.deepEqual(codes(fs).filter((c) => c === 'workload-labels-distinct'), []);
    }
  });

  it('a distinct workload with the same labels is named once, however many copies of it exist', () => {
    const r = check(
      {
        'file:///a.yaml': deployment('details-v1', { app: 'details' }),
        'file:///b1.yaml': deployment('details-old', { app: 'details' }),
        'file:///b2.yaml': deployment('details-old', { app: 'details' }),
      },
      'legacy-0.2',
    );
    const f = r.get('file:///a.yaml')?.find((x) => x.code === 'workload-labels-distinct');
    assert.ok(f);
    assert.match(f.message, /Deployment details-old in namespace/);
    assert.doesNotMatch(f.message, /details-old, Deployment details-old/);
    assert.equal(f.related.length, 1);
    assert.equal(f.related[0]?.uri, 'file:///b1.yaml', 'the copy defined first stands for the object');
  });

  it('copies of a Service are one Service: no second Service (legacy-0.2), no port or protocol conflict', () => {
    const r = check(
      {
        'file:///deploy.yaml': deployment('argocd-server'),
        'file:///install.yaml': service('argocd-server', 'argocd-server', 'http'),
        'file:///ha/install.yaml': service('argocd-server', 'argocd-server', 'http', 'UDP'),
      },
      'legacy-0.2',
    );
    assert.deepEqual(codes(r.get('file:///deploy.yaml')), []);
    const native = check(
      {
        'file:///deploy.yaml': deployment('argocd-server'),
        'file:///install.yaml': service('argocd-server', 'argocd-server', 'http'),
        'file:///ha/install.yaml': service('argocd-server', 'argocd-server', 'http', 'UDP'),
      },
      'native',
    );
    assert.deepEqual(codes(native.get('file:///deploy.yaml')), []);
  });

  it('objects differing in API group, namespace or name are distinct', () => {
    const r = check(
      {
        'file:///deploy.yaml': deployment('web'),
        'file:///one.yaml': service('web', 'web', 'http'),
        'file:///two.yaml': service('web-admin', 'web', 'http'),
      },
      'legacy-0.2',
    );
    assert.deepEqual(codes(r.get('file:///deploy.yaml')), ['workload-single-service']);
    const twins = check(
      {
        'file:///apps.yaml': deployment('web', { app: 'web' }),
        'file:///ext.yaml': deployment('web', { app: 'web', apiVersion: 'extensions/v1beta1' }),
        'file:///ns.yaml': deployment('web', { app: 'web', namespace: 'other' }),
      },
      'legacy-0.2',
    );
    assert.deepEqual(codes(twins.get('file:///apps.yaml')).filter((c) => c === 'workload-labels-distinct'), ['workload-labels-distinct']);
    assert.deepEqual(codes(twins.get('file:///ns.yaml')).filter((c) => c === 'workload-labels-distinct'), []);
    // The default namespace is the namespace of objects that name none.
    const defaulted = check(
      { 'file:///a.yaml': deployment('web'), 'file:///b.yaml': deployment('web', { namespace: 'default' }) },
      'legacy-0.2',
    );
    assert.deepEqual(codes(defaulted.get('file:///a.yaml')).filter((c) => c === 'workload-labels-distinct'), []);
  });

  it('single-object rules still check every copy', () => {
    const copy = deployment('runs-as-proxy', { uid: 1337 });
    const r = check({ 'file:///a.yaml': copy, 'file:///b.yaml': copy }, 'native');
    assert.ok(codes(r.get('file:///a.yaml')).includes('workload-uid-not-1337'));
    assert.ok(codes(r.get('file:///b.yaml')).includes('workload-uid-not-1337'));
  });

  it('reads the API group of an apiVersion', () => {
    assert.equal(apiGroup('apps/v1'), 'apps');
    assert.equal(apiGroup('v1'), '');
    assert.equal(apiGroup('networking.istio.io/v1beta1'), 'networking.istio.io');
  });
});
