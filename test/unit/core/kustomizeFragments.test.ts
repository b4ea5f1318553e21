import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { patchFiles } from '../../../server/src/core/index/kustomize';
import { MeshService } from '../../../server/src/core/service';
import { normalizeSettings } from '../../../server/src/core/settings';
import { parseFile } from '../../../server/src/core/yaml/parse';

/** Kustomize patches (files a kustomization lists, `$patch` documents) are fragments: only fragment-safe rules run. */

const LEGACY = normalizeSettings({ profile: 'legacy-0.2' });
const BASE =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels:\n' +
  '        app: web\n        version: v1\n    spec:\n      containers:\n        - name: web\n          image: web:1\n';
/** A partial Deployment: no labels (the base has them), and an injection annotation with a wrong value. */
const PATCH =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  template:\n    metadata:\n' +
  '      annotations:\n        sidecar.istio.io/inject: "yes"\n';
const KUSTOMIZATION =
  'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../base\npatches:\n' +
  '  - path: replicas.yaml\n    target:\n      kind: Deployment\npatchesStrategicMerge:\n  - ../../patches/sm.yaml\n' +
  '  - |-\n    apiVersion: v1\n    kind: Service\npatchesJson6902:\n  - path: json.yaml\n';

const codes = (s: MeshService, uri: string): string[] => s.validate(uri, LEGACY).map((f) => f.code).sort();

describe('kustomize fragments', () => {
  it('reads the patch files a kustomization lists, resolved against its folder, inline patches left out', () => {
    const k = 'file:///repo/overlays/prod/kustomization.yaml';
    assert.deepEqual(patchFiles(k, parseFile(KUSTOMIZATION)), [
      'file:///repo/overlays/prod/replicas.yaml',
      'file:///repo/overlays/prod/json.yaml',
      'file:///repo/patches/sm.yaml',
    ]);
  });

  it('resolves patch paths of a kustomization known by path, as the CLI knows files', () => {
    const text = 'patches:\n  - path: ./p.yaml\npatchesStrategicMerge:\n  - ../../patches/sm.yaml\n  - ../../../../up.yaml\n';
    assert.deepEqual(patchFiles('overlays/prod/kustomization.yaml', parseFile(text)), ['overlays/prod/p.yaml', 'patches/sm.yaml', '../../up.yaml']);
    assert.deepEqual(patchFiles('/repo/overlays/prod/kustomization.yaml', parseFile(text)), ['/repo/overlays/prod/p.yaml', '/repo/patches/sm.yaml', '/up.yaml']);
  });

  it('checks a listed patch with fragment-safe rules only, whichever file is read first', () => {
    const patch = 'file:///repo/overlays/prod/replicas.yaml';
    const kust = 'file:///repo/overlays/prod/kustomization.yaml';
    const s = new MeshService();
    s.setFile('file:///repo/base/deploy.yaml', BASE);
    s.setFile(patch, PATCH);
    // Before the kustomization is read, the patch is a Deployment of its own.
    assert.ok(codes(s, patch).includes('workload-app-label'));
    s.setFile(kust, KUSTOMIZATION);
    // In Istio 0.2 the injection annotation belongs on the Deployment's own metadata: both are about what is written.
    assert.deepEqual(codes(s, patch), ['anno-inject-value-valid', 'anno-placement-valid']);
    // The kustomization gone, the file is a Deployment again.
    s.removeFile(kust);
    assert.ok(codes(s, patch).includes('workload-app-label'));
    // Read the other way round: kustomization first.
    const t = new MeshService();
    t.setFile(kust, KUSTOMIZATION);
    t.setFile(patch, PATCH);
    assert.deepEqual(codes(t, patch), ['anno-inject-value-valid', 'anno-placement-valid']);
  });

  it('leaves patches out of the cross-object rules', () => {
    const s = new MeshService();
    s.setFile('file:///repo/base/deploy.yaml', BASE);
    // Same labels as the base, but a patch of another Deployment: not a workload of its own.
    s.setFile('file:///repo/overlays/prod/kustomization.yaml', KUSTOMIZATION);
    s.setFile('file:///repo/overlays/prod/replicas.yaml', BASE.replace('name: web\nspec', 'name: web-canary\nspec'));
    assert.deepEqual(codes(s, 'file:///repo/base/deploy.yaml'), ['workload-has-service']);
    s.removeFile('file:///repo/overlays/prod/kustomization.yaml');
    assert.deepEqual(codes(s, 'file:///repo/base/deploy.yaml'), ['workload-has-service', 'workload-labels-distinct']);
  });

  it('reads a document carrying $patch as a fragment, in any file', () => {
    const svc = (name: string, extra = ''): string =>
      `${extra}apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n`;
    const s = new MeshService();
    s.setFile('file:///repo/deploy.yaml', BASE);
    s.setFile('file:///repo/svc.yaml', `${svc('web').replace('- port: 80', '- name: http\n      port: 80')}---\n${svc('web-old', '$patch: delete\n')}`);
    assert.deepEqual(codes(s, 'file:///repo/svc.yaml'), [], 'the deleted Service is neither checked for port names nor a second Service');
    assert.deepEqual(codes(s, 'file:///repo/deploy.yaml'), []);
    const nested = new MeshService();
    nested.setFile(
      'file:///repo/p.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: old\n          $patch: delete\n',
    );
    assert.deepEqual(codes(nested, 'file:///repo/p.yaml'), []);
  });
});
