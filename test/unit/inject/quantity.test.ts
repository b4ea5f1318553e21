/** Kubernetes quantity canonicalisation, strategic merge order and Go's YAML key order. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { goYamlKeyLess } from '../../../server/src/core/inject/goEncoding';
import { goNormalize } from '../../../server/src/core/inject/goTypes';
import { canonicalQuantity } from '../../../server/src/core/inject/quantity';
import { strategicMergePod } from '../../../server/src/core/inject/smp';

describe('canonicalQuantity', () => {
  const cases: [string, string][] = [
    ['2000m', '2'],
    ['1024Mi', '1Gi'],
    ['128Mi', '128Mi'],
    ['100m', '100m'],
    ['1500m', '1500m'],
    ['0.5', '500m'],
    ['1000', '1k'],
    ['1.5Gi', '1536Mi'],
    ['512Ki', '512Ki'],
    ['0.5Ki', '512'],
    ['1e3', '1e3'],
    ['0', '0'],
    ['-2000m', '-2'],
  ];
  for (const [input, want] of cases) {
    it(`${input} -> ${want}`, () => {
      assert.equal(canonicalQuantity(input), want);
    });
  }
  it('rejects what is not a quantity', () => {
    assert.equal(canonicalQuantity('lots'), undefined);
    assert.equal(canonicalQuantity('1Gb'), undefined);
  });
});

describe('strategicMergePod', () => {
  it('puts new template items before the pod own ones, merges by name, drops nulls', () => {
    const pod = {
      spec: {
        containers: [{ name: 'app' }, { name: 'istio-proxy', image: 'mine', tty: true }],
        volumes: [{ name: 'data' }],
      },
    };
    const patch = {
      spec: { containers: [{ name: 'istio-proxy', image: 'proxy' }], volumes: [{ name: 'sock', emptyDir: null }] },
    };
    const out = strategicMergePod(pod, patch) as { spec: { containers: unknown[]; volumes: unknown[] } };
    assert.deepEqual(out.spec.containers, [{ name: 'app' }, { name: 'istio-proxy', image: 'proxy', tty: true }]);
    assert.deepEqual(out.spec.volumes, [{ name: 'sock' }, { name: 'data' }]);
  });

  it('replaces lists without a merge key and deletes keys set to null', () => {
    const out = strategicMergePod(
      {
        spec: { containers: [{ name: 'c', args: ['a', 'b'], env: [{ name: 'X', value: '1' }] }] },
        metadata: { labels: { a: '1' } },
      },
      {
        spec: { containers: [{ name: 'c', args: ['z'], env: [{ name: 'Y', value: '2' }] }] },
        metadata: { labels: { a: null } },
      },
    ) as { spec: { containers: { args: string[]; env: unknown[] }[] }; metadata: { labels: object } };
    assert.deepEqual(out.spec.containers[0]?.args, ['z']);
    assert.deepEqual(out.spec.containers[0]?.env, [
      { name: 'Y', value: '2' },
      { name: 'X', value: '1' },
    ]);
    assert.deepEqual(out.metadata.labels, {});
  });
});

describe('Go typed output', () => {
  it('adds always-present fields and drops empty ones', () => {
    const c = goNormalize(
      { name: 'c', image: '', ports: [], readinessProbe: { initialDelaySeconds: 0, periodSeconds: 5 } },
      'Container',
      'classic',
    );
    assert.deepEqual(c, { name: 'c', resources: {}, readinessProbe: { periodSeconds: 5 } });
  });

  it('sorts keys as yaml.v2 does', () => {
    const keys = ['b', 'a10', 'a9', 'a.b', 'ab'].sort((x, y) =>
      goYamlKeyLess(x, y) ? -1 : goYamlKeyLess(y, x) ? 1 : 0,
    );
    assert.deepEqual(keys, ['a.b', 'a9', 'a10', 'ab', 'b']);
  });
});
