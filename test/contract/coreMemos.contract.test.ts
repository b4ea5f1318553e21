import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

/**
 * The core keeps no workspace state at module level: caches of what a workspace holds live on the service's index
 * (`index.memo`, `index.derived`), which a new service starts empty. The module-level memos allowed are of inputs that
 * never change and hold no positions: what a YAML node says (its content is never edited; a node that moves has its
 * offsets shifted in place, so a memo holding spans would go stale) and settings objects. A new one needs a reason
 * here, or a place on the index.
 */

const REPO = path.resolve(__dirname, '../..');
const CORE = path.join(REPO, 'server/src/core');

const ALLOWED: readonly string[] = [
  'index/labelTwins.ts: const factsByNode', // app and version labels of a node's pod template
  'model/workload.ts: const ownAnnotations', // a node's own annotations
  'model/workload.ts: const ownLabels', // a node's own labels
  'model/workload.ts: const templates', // a node's pod template (nodes, no offsets)
  'service.ts: const settingsKeys', // a settings object as a string
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

test('core modules keep no caches at module level beyond the allowed pure memos', () => {
  const found: string[] = [];
  for (const file of sources(CORE)) {
    const rel = path.relative(CORE, file).split(path.sep).join('/');
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      // Module level: not indented. Weak collections are what caches keyed by nodes, objects or settings use.
      const m = /^(?:export )?(const|let) (\w+)\b.*\bnew Weak(?:Map|Set)\b/.exec(line);
      if (m) {
        found.push(`${rel}: ${m[1]} ${m[2]}`);
      }
    }
  }
  assert.deepEqual(found.sort(), [...ALLOWED].sort());
});
