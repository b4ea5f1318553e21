import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_CONFIRMED_TARGETS, readSelection, WorkspaceTargets, writeSelection, type StateStore } from '../../../client/src/cluster/ui/workspaceState';

/** An in-memory workspace state, as ExtensionContext.workspaceState behaves. */
class MemoryState implements StateStore {
  readonly values = new Map<string, unknown>();
  get(key: string): unknown {
    return this.values.get(key);
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) {
      this.values.delete(key);
    } else {
      this.values.set(key, value);
    }
  }
}

describe('the chosen context and namespace live in workspace state', () => {
  test('written, read back, cleared; blank or non-string values count as not chosen', async () => {
    const state = new MemoryState();
    assert.equal(readSelection(state, 'context'), undefined);
    await writeSelection(state, 'context', 'kind-dev');
    await writeSelection(state, 'namespace', 'bookinfo');
    assert.deepEqual([readSelection(state, 'context'), readSelection(state, 'namespace')], ['kind-dev', 'bookinfo']);
    await writeSelection(state, 'namespace', undefined);
    assert.equal(readSelection(state, 'namespace'), undefined);
    state.values.set('istio.cluster.context', '  ');
    assert.equal(readSelection(state, 'context'), undefined);
    state.values.set('istio.cluster.context', { name: 'prod' });
    assert.equal(readSelection(state, 'context'), undefined);
  });

  test('confirmed targets are remembered, the oldest forgotten first', () => {
    const state = new MemoryState();
    const targets = new WorkspaceTargets(state);
    targets.remember('first');
    for (let i = 0; i < MAX_CONFIRMED_TARGETS; i++) {
      targets.remember(`t${i}`);
    }
    assert.equal(targets.confirmed('t0'), true);
    assert.equal(targets.confirmed('first'), false, 'the oldest confirmation was not dropped');
    assert.equal(new WorkspaceTargets(state).confirmed(`t${MAX_CONFIRMED_TARGETS - 1}`), true, 'kept in the state, not in the object');
  });
});
