#!/usr/bin/env node
// Runs node's test runner over glob patterns with tsx. Node 20's `--test` does not expand globs itself.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

const SKIP = new Set(['node_modules', '.git', 'dist', 'out', '.cache', 'fixtures', 'workspace']);

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (!SKIP.has(name)) {
        walk(full, out);
      }
    } else if (name.endsWith('.test.ts')) {
      out.push(full);
    }
  }
  return out;
}

const roots = process.argv.slice(2);
if (roots.length === 0) {
  console.error('usage: run-tests.mjs <folder>...');
  process.exit(2);
}
const files = roots.flatMap((r) => walk(r, [])).sort();
if (files.length === 0) {
  console.error(`no *.test.ts files under ${roots.join(', ')}`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
