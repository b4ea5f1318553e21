import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startEmulatorProcess } from '../emulator';
import type { Workbench } from '../harness';
import { commandLabel } from './manifest';
import type { Scenario } from './types';

const applyId = 'istio.applyToCluster';

/** Runs Apply to Cluster on the open file, answers "The whole file" if asked, and confirms the modal with Apply. */
async function applyOpenFile(wb: Workbench, label: string, expectWhat: RegExp, multiDocument: boolean): Promise<string> {
  const page = wb.page;
  await wb.runCommand(label, { opensQuickInput: multiDocument });
  if (multiDocument) {
    const whole = page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: /^The whole file$/ }) })
      .first();
    await whole.click();
  }
  // The confirmation is a modal dialog naming the target and the objects.
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 30_000 });
  const text = await dialog.innerText();
  assert.match(text, /to context "emulator"/, `the confirmation does not name the context:\n${text}`);
  assert.match(text, expectWhat, `the confirmation does not list the objects:\n${text}`);
  await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
  return text;
}

export const clusterScenarios: Scenario[] = [
  {
    name: 'Apply to Cluster sends a sample to the emulated cluster',
    timeoutMs: 180_000,
    requires: () => (commandLabel(applyId) ? undefined : `package.json contributes no ${applyId}: contribute it`),
    async run({ server, wb }) {
      const page = wb.page;
      const label = commandLabel(applyId) ?? '';
      const kubeconfig = join(dirname(server.workspace), 'emulator.kubeconfig');
      const emulator = await startEmulatorProcess(kubeconfig);
      // `istio.kubeconfig` is a machine setting (a repository cannot set it): code-server, a remote window, reads it
      // from the Machine settings of its user data.
      const settings = join(server.userDataDir, 'Machine', 'settings.json');
      try {
        await wb.reset();
        mkdirSync(dirname(settings), { recursive: true });
        writeFileSync(settings, JSON.stringify({ 'istio.kubeconfig': kubeconfig }, null, 2));
        // The cluster status item names the context once the setting is read.
        const clusterItem = page.locator('.part.statusbar .statusbar-item', { hasText: 'emulator/default' });
        await clusterItem.waitFor({ timeout: 30_000 });

        await wb.openFile('bookinfo/namespace.yaml');
        await applyOpenFile(wb, label, /namespace\/bookinfo|Namespace/i, false);
        await wb.waitForNotification(/Context "emulator":.*1 created/);

        await wb.openFile('bookinfo/details.yaml');
        await applyOpenFile(wb, label, /details-v1/, true);
        await wb.waitForNotification(/Context "emulator":.*3 created/);

        // The log shows each object's outcome.
        await wb.runCommand(commandLabel('istio.showLogs') ?? 'Istio: Show Logs');
        const output = page.locator('.part.panel .monaco-editor .view-lines').first();
        for (const line of [
          'namespace/bookinfo created',
          'serviceaccount/bookinfo-details (bookinfo) created',
          'service/details (bookinfo) created',
          'deployment.apps/details-v1 (bookinfo) created',
        ]) {
          await output
            .getByText(line)
            .first()
            .waitFor({ timeout: 15_000 })
            .catch(async (err: unknown) => {
              const shown = (await output.innerText()).replace(/\u00a0/g, ' ');
              throw new Error(`the log does not show "${line}"; it shows:\n${shown}`, { cause: err });
            });
        }
        await wb.runCommand('View: Hide Panel');

        // The emulated cluster holds the objects, as written by our field manager.
        const deployment = await emulator.get('/apis/apps/v1/namespaces/bookinfo/deployments/details-v1');
        assert.ok(deployment, 'the emulator has no Deployment details-v1');
        const managers = JSON.stringify((deployment.metadata as { managedFields?: unknown } | undefined)?.managedFields ?? []);
        assert.match(managers, /istio-mesh-tools/, `the Deployment was not applied by istio-mesh-tools: ${managers}`);
        assert.ok(await emulator.get('/api/v1/namespaces/bookinfo'), 'the emulator has no Namespace bookinfo');
        assert.ok(await emulator.get('/api/v1/namespaces/bookinfo/services/details'), 'the emulator has no Service details');
        assert.ok(
          await emulator.get('/api/v1/namespaces/bookinfo/serviceaccounts/bookinfo-details'),
          'the emulator has no ServiceAccount bookinfo-details',
        );
      } finally {
        rmSync(settings, { force: true });
        await emulator.stop();
        // Back to "no cluster": the item goes away once the setting is gone.
        await page
          .locator('.part.statusbar .statusbar-item', { hasText: 'emulator/default' })
          .waitFor({ state: 'detached', timeout: 30_000 })
          .catch(() => undefined);
        await wb.closeAllEditors().catch(() => undefined);
      }
    },
  },
];
