import assert from 'node:assert/strict';
import { join } from 'node:path';
import { bundleSuite } from '../../electron/bundle';
import { Workbench, repoRoot, screenshotDir, workbenchUrl } from '../harness';
import type { Scenario } from './types';

/**
 * The vscode-API suite written for @vscode/test-electron (test/electron/suite), run in code-server's extension host
 * in a second window that loads this folder as the extension under development. Its `run()` prints
 * `N passed, N failed` to the console, which the extension host forwards to the page.
 */
export const apiSuiteScenarios: Scenario[] = [
  {
    name: 'vscode API suite passes in the extension host',
    async run({ server, browser }) {
      const suite = await bundleSuite();
      const url = workbenchUrl(server.url, server.workspace, {
        extensionDevelopmentPath: repoRoot,
        extensionTestsPath: suite,
      });
      const wb = await Workbench.open(url, browser);
      try {
        const summary = await wb.waitForConsole(/\d+ passed, \d+ failed/, 90_000);
        const passed = Number(/(\d+) passed/.exec(summary)?.[1] ?? 'NaN');
        const failed = Number(/(\d+) failed/.exec(summary)?.[1] ?? 'NaN');
        const details = wb.console.filter((l) => /(^|\s)(not )?ok - /.test(l)).join('\n');
        assert.equal(failed, 0, `the API suite failed:\n${details}`);
        // "0 passed, 0 failed" is a suite that found no test (a bundling or loading problem), not a pass.
        assert.ok(passed >= 1, `the API suite ran no test: ${summary}\n${details}`);
      } catch (err) {
        await wb.screenshot(join(screenshotDir, 'failure-api-suite-window.png')).catch(() => undefined);
        throw err;
      } finally {
        await wb.close();
      }
    },
  },
];
