/** Where the injector's templates come from, read through the workspace index (settings first). */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { InjectorConfig } from '../../../server/src/core/inject/index';
import { injectionInputs } from '../../../server/src/core/injectionInputs';
import { MeshService } from '../../../server/src/core/service';

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata: {name: istio-sidecar-injector, namespace: istio-system}
data:
  config: |
    templates:
      sidecar: "metadata: {}"
`;

function origin(inputs: { injectConfig?: unknown }): string | undefined {
  return inputs.injectConfig instanceof InjectorConfig ? inputs.injectConfig.origin : undefined;
}

describe('injection inputs', () => {
  it('a change of the settings is seen at once, though the workspace did not change', () => {
    const s = new MeshService();
    s.index.set('file:///ws/injector.yaml', CONFIGMAP);
    const settings = (name: string): { injectConfig: unknown } => ({ injectConfig: { templates: { [name]: 'metadata: {}' } } });
    assert.match(origin(injectionInputs('native', s.index)) ?? '', /^ConfigMap istio-system\/istio-sidecar-injector/);
    const a = injectionInputs('native', s.index, settings('a')).injectConfig as InjectorConfig;
    const b = injectionInputs('native', s.index, settings('b')).injectConfig as InjectorConfig;
    assert.deepEqual([a.names(), b.names()], [['a'], ['b']]);
    // Unchanged inputs keep the config read before, so its templates are not parsed again.
    assert.equal(injectionInputs('native', s.index, settings('b')).injectConfig, b);
  });
});
