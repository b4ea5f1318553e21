import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OPEN_SAMPLE_CONTEXT, trackOpenSampleStep, type OpenSampleHost } from '../../../client/src/openSampleStep';

/** A scripted window: what is open, and every setContext call in order. */
function scriptedHost(state: { folder: boolean; opaque: boolean }) {
  const calls: [string, boolean][] = [];
  let listener: (() => void) | undefined;
  const host: OpenSampleHost = {
    folderOpen: () => state.folder,
    activeTabIsOpaque: () => state.opaque,
    setContext: async (key, value) => {
      await new Promise((r) => setImmediate(r));
      calls.push([key, value]);
    },
    onDidChange: (l) => {
      listener = l;
      return { dispose: () => (listener = undefined) };
    },
  };
  const change = (): void => listener?.();
  return { host, calls, change };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

test('the key turns true and back to false when the walkthrough page is active with a folder open', async () => {
  const w = scriptedHost({ folder: true, opaque: true });
  trackOpenSampleStep(w.host);
  await settle();
  assert.deepEqual(w.calls, [[OPEN_SAMPLE_CONTEXT, true], [OPEN_SAMPLE_CONTEXT, false]]);
});

test('nothing is set without a folder or while a text editor is active, and a later change pulses', async () => {
  const state = { folder: false, opaque: true };
  const w = scriptedHost(state);
  trackOpenSampleStep(w.host);
  await settle();
  state.folder = true;
  state.opaque = false;
  w.change();
  await settle();
  assert.deepEqual(w.calls, []);
  state.opaque = true;
  w.change();
  await settle();
  assert.deepEqual(w.calls, [[OPEN_SAMPLE_CONTEXT, true], [OPEN_SAMPLE_CONTEXT, false]]);
});

test('quick changes pulse in turn: every true is followed by its false before the next true', async () => {
  const w = scriptedHost({ folder: true, opaque: true });
  const tracking = trackOpenSampleStep(w.host);
  w.change();
  w.change();
  await settle();
  assert.deepEqual(w.calls.map(([, v]) => v), [true, false, true, false, true, false]);
  tracking.dispose();
  w.change();
  await settle();
  assert.equal(w.calls.length, 6, 'no pulse after dispose');
});
