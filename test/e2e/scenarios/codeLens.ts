import assert from 'node:assert/strict';
import type { Scenario } from './types';

/** What the server says over the Deployment of samples/bookinfo/details.yaml (server/src/lsp/codeLens.ts). */
const verdict = 'Sidecar: injected — namespace bookinfo is labelled istio-injection=enabled';

export const codeLensScenarios: Scenario[] = [
  {
    name: 'CodeLens tells the injection verdict and opens the preview',
    async run({ wb }) {
      await wb.reset();
      await wb.openFile('bookinfo/details.yaml');
      const source = wb.editorGroup(0);
      const lens = source.locator('.codelens-decoration').filter({ hasText: verdict }).first();
      await lens.waitFor({ timeout: 30_000 });
      // The verdict is plain text; the action is a link. VS Code first paints the lenses it cached from an earlier
      // visit as plain text, so wait for the live link.
      assert.equal(await lens.locator('a', { hasText: verdict }).count(), 0, 'the verdict should not be a link');
      const action = lens.locator('a', { hasText: /^Preview injected$/ });
      await action.waitFor({ timeout: 30_000 });
      await action.click();

      const tab = wb.editorGroup(1).locator('.tabs-container .tab.active');
      await tab.filter({ hasText: /details@\d+\.injected\.yaml/ }).waitFor({ timeout: 30_000 });
      const preview = wb.editorGroup(1);
      assert.match(await wb.editorText(preview), /name: details-v1/, 'the preview is not the details-v1 Deployment');
      assert.doesNotMatch(await wb.findInEditor(preview, 'istio-proxy'), /No results/, 'the preview has no istio-proxy');
      await wb.closeAllEditors();
    },
  },
];
