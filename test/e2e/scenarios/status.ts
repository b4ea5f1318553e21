import assert from 'node:assert/strict';
import type { Workbench } from '../harness';
import type { Scenario } from './types';

/** Opens the YAML language status hover (the `{}` item of the status bar) and returns our "Istio" entry's text. */
async function istioStatus(wb: Workbench, profile: string): Promise<string> {
  const page = wb.page;
  const item = page.locator('#status\\.languageStatus');
  // The item's label carries every entry's text: wait until ours reports the profile (the server answered).
  await page.locator(`#status\\.languageStatus[aria-label*="Istio (${profile})"]`).waitFor({ timeout: 30_000 });
  await item.locator('a').first().click();
  const entry = page.locator('.monaco-hover .hover-language-status .element').filter({ hasText: 'Istio' }).first();
  await entry.waitFor({ timeout: 15_000 });
  const text = (await entry.innerText()).replace(/\s+/g, ' ').trim();
  await page.keyboard.press('Escape');
  await entry.waitFor({ state: 'hidden', timeout: 15_000 });
  return text;
}

export const statusScenarios: Scenario[] = [
  {
    name: 'YAML language status shows the Istio item with the profile',
    async run({ wb }) {
      await wb.reset();
      await wb.openFile('bookinfo/details.yaml');
      const text = await istioStatus(wb, 'native');
      assert.match(text, /Istio \(native\)/, `no "Istio (native)" in: ${text}`);
      const counts = /Workloads: (\d+) · Services: (\d+) · Files: (\d+)/.exec(text);
      assert.ok(counts, `no workload/Service/file counts in: ${text}`);
      assert.ok(Number(counts[1]) > 0 && Number(counts[3]) > 0, `the counts ignore the workspace: ${text}`);
      assert.match(text, /Show Logs/, `the item has no Show Logs action: ${text}`);

      // A folder holding Istio 0.2's injector ConfigMap follows the legacy-0.2 profile (`istio.profile: auto`).
      await wb.openFile('legacy-0.2/sleep.yaml');
      const legacy = await istioStatus(wb, 'legacy-0.2');
      assert.match(legacy, /Istio \(legacy-0\.2\)/, `no "Istio (legacy-0.2)" in: ${legacy}`);
      await wb.closeAllEditors();
    },
  },
];
