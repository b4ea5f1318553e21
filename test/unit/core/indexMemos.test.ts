import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MutableWorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';

describe('index memos', () => {
  const index = new MutableWorkspaceIndex();
  index.set('file:///w/a.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n');
  const object = index.get('file:///w/a.yaml')?.objects[0];
  assert.ok(object);
  const counted = (owner: object, key: string): (() => number) => {
    let runs = 0;
    return () => index.memo(owner, key, () => ++runs);
  };

  it('keeps a value owned by a node for as long as nothing it read changes, across validations', () => {
    const read = counted(object.node, 'node-value');
    assert.equal(read(), 1);
    assert.equal(read(), 1);
    index.startValidation();
    assert.equal(read(), 1);
  });

  it('keeps a value owned by an object (it holds spans) within one validation only', () => {
    const read = counted(object, 'object-value');
    assert.equal(read(), 1);
    assert.equal(read(), 1);
    index.startValidation();
    assert.equal(read(), 2);
    assert.equal(read(), 2);
  });
});
