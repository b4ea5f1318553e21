// Drives the real VS Code workbench: code-server (VS Code for the browser, from npm) with our packaged extension,
// shown in Debian's Chromium through playwright-core. See shared/design/E2E-NOTES.md for why this and not
// @vscode/test-electron (VS Code desktop cannot be downloaded here).
//
// Every wait is on something the page shows (a selector, a text) with a timeout; there are no fixed sleeps.
//
// This module is what the scenarios and run.ts import: the paths of the suite, code-server (./codeServer), the
// workbench page (./workbench), and waits outside the page.
export * from './codeServer';
export * from './paths';
export * from './workbench';

/**
 * Polls `check` (every 100 ms) until it returns a value other than undefined, for conditions outside the page (a file
 * on disk, an emulated cluster). Throws `describe()` after `timeoutMs`.
 */
export async function waitUntil<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs: number, describe: () => string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const got = await check();
    if (got !== undefined) {
      return got;
    }
    if (Date.now() > end) {
      throw new Error(describe());
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A file-name-safe form of a test name. */
export function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
