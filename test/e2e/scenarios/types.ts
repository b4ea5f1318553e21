import type { Browser } from 'playwright-core';
import type { CodeServer, Workbench } from '../harness';

/** What every scenario gets: one code-server with the packaged extension and `samples/` (a copy) open in Chromium. */
export interface E2EContext {
  server: CodeServer;
  /** The main window; a failing scenario gets a screenshot of it. */
  wb: Workbench;
  /** The Chromium that shows `wb`, for scenarios that open another window (`Workbench.open(url, browser)`). */
  browser: Browser;
}

/** One end-to-end scenario; add it to the list in `run.ts`. */
export interface Scenario {
  name: string;
  /** Default 120 s. */
  timeoutMs?: number;
  /** Saved into `test/e2e/screenshots/` when the scenario passes (pictures for the README). */
  successScreenshot?: string;
  /** What the scenario needs of the build (a contributed command...): a reason returned here fails the scenario. */
  requires?: () => string | undefined;
  run(ctx: E2EContext): Promise<void>;
}
