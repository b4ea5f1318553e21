import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import type { Scenario } from './types';

/** What the server says over the Deployment of samples/bookinfo/details.yaml (server/src/lsp/codeLens.ts). */
const verdict = 'Sidecar: injected — namespace bookinfo is labelled istio-injection=enabled';

/**
 * A file written into the workspace copy for the scenario (and removed after it): a pod that opts out in a labelled
 * namespace, one that opts in by label in an unlabelled namespace, and one that says nothing there. Short, so every
 * lens is in view.
 */
const LENS_FILE = 'bookinfo/e2e-lens-verdicts.yaml';
const LENS_TEXT = `apiVersion: v1
kind: Namespace
metadata: {name: lens-plain}
---
apiVersion: v1
kind: Pod
metadata: {name: opted-out, namespace: bookinfo, labels: {app: a, version: v1, sidecar.istio.io/inject: "false"}}
spec: {containers: [{name: a, image: a}]}
---
apiVersion: v1
kind: Pod
metadata: {name: opted-in, namespace: lens-plain, labels: {app: b, version: v1, sidecar.istio.io/inject: "true"}}
spec: {containers: [{name: b, image: b}]}
---
apiVersion: v1
kind: Pod
metadata: {name: plain, namespace: lens-plain, labels: {app: c, version: v1}}
spec: {containers: [{name: c, image: c}]}
`;
/** The verdicts over the three pods, in document order. */
const VERDICTS = [
  'Sidecar: not injected — pod label sidecar.istio.io/inject: "false"',
  'Sidecar: injected — pod label sidecar.istio.io/inject: "true" (the namespace is not labelled)',
  'Sidecar: not injected — namespace lens-plain is not labelled istio-injection=enabled',
];

/** The one lens decoration showing exactly `title`. */
function lensTitled(group: Locator, title: string): Locator {
  return group.locator('.codelens-decoration').filter({ hasText: title }).first();
}

export const codeLensScenarios: Scenario[] = [
  {
    name: 'CodeLens tells the injection verdict and opens the preview',
    async run({ wb }) {
      await wb.reset();
      await wb.openFile('bookinfo/details.yaml');
      const source = wb.editorGroup(0);
      const lens = lensTitled(source, verdict);
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
  {
    name: 'CodeLens verdicts: opted out by label, opted in by label, namespace not labelled',
    async run({ server, wb }) {
      const file = join(server.workspace, LENS_FILE);
      writeFileSync(file, LENS_TEXT);
      try {
        await wb.reset();
        await wb.openFile(LENS_FILE);
        const source = wb.editorGroup(0);
        const tops: number[] = [];
        for (const title of VERDICTS) {
          const lens = lensTitled(source, title);
          await lens.waitFor({ timeout: 30_000 }).catch((err: unknown) => {
            throw new Error(`no lens "${title}"`, { cause: err });
          });
          tops.push((await lens.boundingBox())?.y ?? Number.NaN);
        }
        // Each verdict sits over its own pod: the lenses come in the pods' order.
        assert.deepEqual([...tops].sort((a, b) => a - b), tops, `the verdicts are not over their pods (lens heights ${tops.join(', ')})`);
        assert.equal(new Set(tops).size, tops.length, 'two verdicts share one line');
        await wb.closeAllEditors();
      } finally {
        rmSync(file, { force: true });
      }
    },
  },
];
