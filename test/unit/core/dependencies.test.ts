import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DependencyTracker, fileTopic, kindTopic, NO_DEPENDENCIES, placeTopic } from '../../../server/src/core/index/dependencies';

describe('dependency tracker', () => {
  const recorded = (t: DependencyTracker, ...topics: string[]) => t.record(() => topics.forEach((x) => t.read(x))).deps;

  it('keeps a result while none of its topics moved, from the very next bump on', () => {
    const t = new DependencyTracker();
    t.bump(kindTopic('Service'));
    const deps = recorded(t, kindTopic('Service'), fileTopic('file:///a.yaml'));
    assert.deepEqual([...deps.topics].sort(), [fileTopic('file:///a.yaml'), kindTopic('Service')].sort());
    assert.ok(t.isCurrent(deps));
    t.bump(fileTopic('file:///a.yaml')); // the very next bump, of a topic read
    assert.ok(!t.isCurrent(deps));
    assert.ok(!t.isCurrentApartFromMoves(deps));
    const again = recorded(t, kindTopic('Service'));
    t.bump(kindTopic('Deployment')); // not read
    assert.ok(t.isCurrent(again));
    assert.ok(t.isCurrentApartFromMoves(again));
  });

  it('moves a topic first read after bumps that found nothing to move', () => {
    const t = new DependencyTracker();
    t.bump(kindTopic('Service')); // nothing read it yet
    const deps = recorded(t, kindTopic('Service'));
    assert.ok(t.isCurrent(deps));
    t.bump(kindTopic('Service'));
    assert.ok(!t.isCurrent(deps));
  });

  it('counts a bump made while computing, and nothing read as current forever', () => {
    const t = new DependencyTracker();
    const { deps } = t.record(() => {
      t.read(kindTopic('Service'));
      t.bump(kindTopic('Service'));
    });
    assert.ok(t.isCurrent(deps));
    t.bump(kindTopic('Service'));
    assert.ok(!t.isCurrent(deps));
    const none = recorded(t);
    assert.equal(none, NO_DEPENDENCIES);
    t.bump(kindTopic('Service'));
    assert.ok(t.isCurrent(none));
  });

  it('leaves moves out when asked, and merges lists recorded at different times into one that holds as each did', () => {
    const t = new DependencyTracker();
    const first = recorded(t, placeTopic('Service'), kindTopic('Service'));
    t.bump(placeTopic('Service'));
    assert.ok(!t.isCurrent(first));
    assert.ok(t.isCurrentApartFromMoves(first));
    t.bump(kindTopic('Deployment')); // before the second list read it: that list holds, and so must the merged one
    const second = recorded(t, kindTopic('Deployment'), kindTopic('Service'));
    const merged = t.merge([first, second]);
    assert.deepEqual([...merged.topics].sort(), [kindTopic('Deployment'), kindTopic('Service'), placeTopic('Service')].sort());
    assert.ok(t.isCurrentApartFromMoves(merged));
    t.bump(placeTopic('Service'));
    assert.ok(t.isCurrentApartFromMoves(merged));
    t.bump(kindTopic('Deployment'));
    assert.ok(!t.isCurrentApartFromMoves(merged));
    assert.equal(t.merge([recorded(t), NO_DEPENDENCIES]), NO_DEPENDENCIES);
  });

  it('records nested computations in the outer one too, and nothing inside untracked', () => {
    const t = new DependencyTracker();
    const outer = t.record(() => {
      t.read(kindTopic('Service'));
      const inner = t.record(() => t.read(kindTopic('Gateway'))).deps;
      t.readAll(inner);
      t.untracked(() => t.read(kindTopic('Pod')));
    }).deps;
    assert.deepEqual([...outer.topics].sort(), [kindTopic('Gateway'), kindTopic('Service')].sort());
  });
});
