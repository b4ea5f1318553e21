import assert from 'node:assert/strict';
import { escapeRegExp } from '../harness';
import { localize, manifest } from './manifest';
import type { Scenario } from './types';

export const walkthroughScenarios: Scenario[] = [
  {
    name: 'the getting-started walkthrough opens with its steps',
    async run({ wb }) {
      const page = wb.page;
      const walkthrough = manifest.contributes.walkthroughs?.[0];
      assert.ok(walkthrough, 'package.json contributes no walkthrough');
      const title = localize(walkthrough.title);
      const steps = walkthrough.steps.map((s) => localize(s.title));

      await wb.reset();
      await wb.runCommand('Welcome: Open Walkthrough...', { opensQuickInput: true });
      const pick = page
        .locator('.quick-input-list .monaco-list-row')
        .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) })
        .first();
      await pick.waitFor({ timeout: 15_000 });
      await pick.click();

      const detail = page.locator('.gettingStartedContainer .gettingStartedSlideDetails');
      await detail.getByText(title, { exact: true }).first().waitFor({ timeout: 15_000 });
      const stepTitles = detail.locator('.getting-started-step .step-title');
      await stepTitles.first().waitFor({ timeout: 15_000 });
      assert.deepEqual(await stepTitles.allInnerTexts(), steps);

      // "Open the sample" is ticked: samples/ is open, and the extension started long before this page was opened.
      const openSample = detail.locator('button.getting-started-step').filter({ hasText: steps[0] ?? '' }).first();
      await openSample.and(page.locator('[aria-checked="true"]')).waitFor({ timeout: 15_000 });

      // A step expands to its description when picked.
      const step = detail.locator('.getting-started-step').filter({ hasText: steps[1] ?? '' }).first();
      await step.click();
      await step.locator('.step-description-container').getByText(/unnamed-port\.yaml/).first().waitFor({ timeout: 15_000 });
      await wb.closeAllEditors();
    },
  },
];
