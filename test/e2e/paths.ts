import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..');
export const runDir = join(repoRoot, 'test', 'e2e', '.run');
export const screenshotDir = join(repoRoot, 'test', 'e2e', 'screenshots');
