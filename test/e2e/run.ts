// End-to-end tests in the real VS Code: code-server + our packaged extension + Debian Chromium (playwright-core).
//
//   npm run test:e2e                         package the extension, then run every scenario
//   npm run test:e2e -- --vsix <file.vsix>   use an already built .vsix (or E2E_VSIX=<file>)
//   E2E_KEEP=1 npm run test:e2e              keep the temp workspace/user data for debugging
//   E2E_ONLY='CodeLens|snippet' npm run test:e2e   only the scenarios whose name matches
//
// Logs: test/e2e/.run/ (code-server.log, browser.log). Screenshots: test/e2e/screenshots/ (failure-<test>.png on a
// failure; the success pictures named by the scenarios). To add a scenario, write it in scenarios/ and list it below.
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  Workbench,
  ensureCodeServer,
  packageExtension,
  repoRoot,
  runDir,
  screenshotDir,
  slug,
  startCodeServer,
} from './harness';
import type { Browser } from 'playwright-core';
import type { CodeServer } from './harness';
import { apiSuiteScenarios } from './scenarios/api-suite';
import { clusterScenarios } from './scenarios/cluster';
import { codeLensScenarios } from './scenarios/codeLens';
import { commandScenarios } from './scenarios/commands';
import { grammarScenarios } from './scenarios/grammar';
import { problemsScenarios } from './scenarios/problems';
import { snippetScenarios } from './scenarios/snippets';
import { statusScenarios } from './scenarios/status';
import type { E2EContext, Scenario } from './scenarios/types';
import { walkthroughScenarios } from './scenarios/walkthrough';

const allScenarios: Scenario[] = [
  ...problemsScenarios,
  ...snippetScenarios,
  ...grammarScenarios,
  ...walkthroughScenarios,
  ...commandScenarios,
  ...statusScenarios,
  ...codeLensScenarios,
  ...clusterScenarios,
  ...apiSuiteScenarios,
];

/** `E2E_ONLY=<regex>` runs only the scenarios whose name matches (the others are reported as skipped: a choice). */
const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY, 'i') : undefined;
const notSelected = (s: Scenario): string | undefined =>
  only && !only.test(s.name) ? `not selected by E2E_ONLY=${String(process.env.E2E_ONLY)}` : undefined;

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  if (i >= 0) {
    return process.argv[i + 1];
  }
  const eq = process.argv.find((a) => a.startsWith(`${flag}=`));
  return eq?.slice(flag.length + 1);
}

async function screenshotTo(wb: Workbench | undefined, name: string, dir = screenshotDir): Promise<void> {
  if (!wb) {
    return;
  }
  const file = join(dir, name);
  try {
    await wb.screenshot(file);
    process.stderr.write(`screenshot: ${file}\n`);
  } catch (err) {
    process.stderr.write(`could not take screenshot ${file}: ${String(err)}\n`);
  }
}

describe('e2e: Istio Mesh Tools in VS Code (code-server + Chromium)', () => {
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  let browser: Browser | undefined;
  const started = Date.now();

  before(
    async () => {
      try {
        const install = ensureCodeServer();
        const vsix = packageExtension(argValue('--vsix') ?? process.env.E2E_VSIX);
        server = await startCodeServer({
          install,
          vsix,
          workspaceSource: join(repoRoot, 'samples'),
          keepTemp: process.env.E2E_KEEP === '1',
        });
        process.stderr.write(`code-server: ${server.url} (log ${server.logFile}), workspace ${server.workspace}\n`);
        browser = await Workbench.launchBrowser(install.chromium);
        wb = await Workbench.open(server.folderUrl, browser, join(runDir, 'browser.log'));
      } catch (err) {
        await screenshotTo(wb, 'failure-setup.png');
        throw err;
      }
    },
    { timeout: 10 * 60_000 },
  );

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    process.stderr.write(`e2e took ${String(Math.round((Date.now() - started) / 1000))} s\n`);
  });

  for (const scenario of allScenarios) {
    const skip = notSelected(scenario);
    test(scenario.name, { timeout: scenario.timeoutMs ?? 120_000, ...(skip ? { skip } : {}) }, async () => {
      // A missing feature fails its scenario: a skip would let a build without it pass.
      const missing = scenario.requires?.();
      if (missing) {
        throw new Error(`${scenario.name}: ${missing}`);
      }
      if (!server || !wb || !browser) {
        throw new Error('the workbench did not start (see the setup error above)');
      }
      const ctx: E2EContext = { server, wb, browser };
      try {
        await scenario.run(ctx);
      } catch (err) {
        await screenshotTo(wb, `failure-${slug(scenario.name)}.png`);
        throw err;
      }
      if (scenario.successScreenshot) {
        // The committed screenshots change only on request; a test run leaves its own under .run/ (ignored by git).
        await screenshotTo(wb, scenario.successScreenshot, process.env['E2E_UPDATE_SCREENSHOTS'] === '1' ? screenshotDir : runDir);
      }
    });
  }
});
