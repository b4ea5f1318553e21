import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Locator } from 'playwright-core';
import { waitUntil, type Workbench } from '../harness';
import { commandLabel, contributedCommands } from './manifest';
import type { Scenario } from './types';

/** A manifest of the workspace copy whose Deployment gets a sidecar (namespace bookinfo is labelled for injection). */
const source = 'bookinfo/details.yaml';

/** The palette label of a command package.json must contribute. */
function label(id: string): string {
  const l = commandLabel(id);
  assert.ok(l, `package.json does not contribute ${id}`);
  return l;
}

/**
 * The lines a diff editor marks as inserted (right) and deleted (left), read page by page (the editors render only
 * the lines in view): each marked line is the text line at the same height as the line-insert / line-delete overlay.
 */
async function diffLines(wb: Workbench, diff: Locator): Promise<{ added: Set<string>; removed: Set<string> }> {
  const added = new Set<string>();
  const removed = new Set<string>();
  const modified = diff.locator('.editor.modified .monaco-editor').first();
  const collect = async (): Promise<void> => {
    // Only anonymous functions inside: the page has no bundler helpers for named ones.
    const [inserted, deleted] = await diff.evaluate((root) =>
      [
        ['.editor.modified', 'line-insert'],
        ['.editor.original', 'line-delete'],
      ].map(([side, cls]) => {
        const ed = root.querySelector(side ?? '');
        if (!ed) {
          return [];
        }
        const tops = new Set([...ed.querySelectorAll(`.view-overlays .${cls ?? ''}`)].map((d) => (d.parentElement as HTMLElement | null)?.style.top));
        return [...ed.querySelectorAll<HTMLElement>('.view-lines .view-line')]
          .filter((l) => tops.has(l.style.top))
          .map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' '));
      }),
    );
    (inserted ?? []).forEach((l) => added.add(l));
    (deleted ?? []).forEach((l) => removed.add(l));
  };
  await modified.locator('.view-lines').click();
  await wb.page.keyboard.press('Control+Home');
  const scrollTop = (): Promise<number> => modified.evaluate((e) => e.querySelector('.lines-content')?.getBoundingClientRect().top ?? 0);
  for (let page = 0; page < 60; page++) {
    await collect();
    const before = await scrollTop();
    await wb.page.keyboard.press('PageDown');
    const moved = await waitUntil(async () => ((await scrollTop()) !== before ? true : undefined), 3_000, () => 'no scroll').catch(() => false);
    if (!moved) {
      break; // the end of the file
    }
  }
  await collect();
  return { added, removed };
}

/** Waits for an editor tab whose label matches `pattern` to be the active one of `group`; returns its label. */
async function activeTab(wb: Workbench, group: number, pattern: RegExp): Promise<string> {
  const tab = wb.editorGroup(group).locator('.tabs-container .tab.active');
  await tab.filter({ hasText: pattern }).waitFor({ timeout: 30_000 });
  return (await tab.getAttribute('aria-label')) ?? '';
}

/** A cluster command that needs a kubeconfig, if package.json contributes one (they are being added). */
const verifyInstallation = contributedCommands().find((c) => c.id === 'istio.verifyInstallation');

export const commandScenarios: Scenario[] = [
  {
    name: 'every contributed command is in the command palette',
    async run({ wb }) {
      await wb.reset();
      // Most of our commands are offered only while a YAML editor is active.
      await wb.openFile(source);
      const commands = contributedCommands().filter((c) => c.inPalette);
      assert.ok(commands.length > 0, 'package.json contributes no commands');
      const missing: string[] = [];
      for (const c of commands) {
        await wb.expectInPalette(c.label).catch((err: unknown) => missing.push(`${c.id} ("${c.label}"): ${String(err)}`));
      }
      assert.deepEqual(missing, [], `commands missing from the palette:\n${missing.join('\n')}`);
    },
  },
  {
    name: 'Show Logs opens our output channel; Restart Server says it restarted',
    async run({ wb }) {
      const page = wb.page;
      await wb.reset();
      await wb.openFile(source);
      await wb.runCommand(label('istio.restartServer'));
      await wb.waitForNotification(/Istio language server restarted/);
      // The language status item comes back to "running" with the profile.
      await page
        .locator('#status\\.languageStatus[aria-label*="Istio ("]')
        .waitFor({ timeout: 30_000 });

      await wb.runCommand(label('istio.showLogs'));
      const panel = page.locator('.part.panel');
      await panel.locator('.composite-bar .action-item.checked', { hasText: 'Output' }).waitFor({ timeout: 15_000 });
      await page
        .waitForFunction(
          () =>
            [...document.querySelectorAll<HTMLSelectElement>('.part.panel select')].some(
              (s) => s.options[s.selectedIndex]?.text === 'Istio Mesh Tools',
            ),
          undefined,
          { timeout: 15_000 },
        )
        .catch((err: unknown) => {
          throw new Error('the Output panel does not show the "Istio Mesh Tools" channel', { cause: err });
        });
      await wb.runCommand('View: Hide Panel');
    },
  },
  {
    name: 'Preview Injected YAML opens beside the source with istio-proxy',
    async run({ wb }) {
      await wb.reset();
      await wb.openFile(source);
      await wb.runCommand(label('istio.previewInjection'));
      await activeTab(wb, 1, /details\.injected\.yaml/);
      const preview = wb.editorGroup(1);
      assert.match(await wb.editorText(preview), /kind: Deployment/);
      const proxy = await wb.findInEditor(preview, 'istio-proxy');
      assert.doesNotMatch(proxy, /No results/, 'the injected YAML has no istio-proxy');
      // The source stays as it was, in the first group.
      await activeTab(wb, 0, /^details\.yaml/);
      assert.match(await wb.findInEditor(wb.editorGroup(0), 'istio-proxy'), /No results/, 'the source was changed');

      // The workload at the cursor: only the Deployment, not the other objects of the file.
      await wb.closeAllEditors();
      await wb.openFile(source);
      await wb.clickText(wb.editorGroup(0), 'details-v1');
      await wb.runCommand(label('istio.previewWorkloadInjection'));
      await activeTab(wb, 1, /details@\d+\.injected\.yaml/);
      const workload = wb.editorGroup(1);
      assert.doesNotMatch(await wb.findInEditor(workload, 'istio-proxy'), /No results/, 'no istio-proxy in the workload preview');
      assert.match(await wb.findInEditor(workload, 'kind: Service'), /No results/, 'the workload preview holds the Service too');
      await wb.closeAllEditors();
    },
  },
  {
    name: 'Show Injection Diff opens a diff editor',
    async run({ wb }) {
      await wb.reset();
      await wb.openFile(source);
      await wb.runCommand(label('istio.showInjectionDiff'));
      const tab = await activeTab(wb, 0, /↔ injected/);
      assert.match(tab, /details\.yaml ↔ injected/);
      const diff = wb.editorGroup(0).locator('.monaco-diff-editor');
      await diff.waitFor({ timeout: 15_000 });
      // Lines the injector adds show as insertions on the right.
      await diff.locator('.editor.modified .line-insert').first().waitFor({ timeout: 30_000 });
      const { added, removed } = await diffLines(wb, diff);
      const shown = `added:\n${[...added].join('\n')}\nremoved:\n${[...removed].join('\n')}`;
      // The injector only adds: the sidecar, its status annotation; it removes nothing of the user's manifest.
      assert.ok([...added].some((l) => /^\s*- name: istio-proxy$/.test(l)), `no inserted istio-proxy container line:\n${shown}`);
      assert.ok([...added].some((l) => /^\s*sidecar\.istio\.io\/status: /.test(l)), `no inserted status annotation:\n${shown}`);
      assert.ok(![...added].some((l) => /^\s*- name: details$/.test(l)), `the app container shows as inserted:\n${shown}`);
      assert.deepEqual([...removed], [], `the diff removes lines of the source:\n${shown}`);
      await wb.closeAllEditors();
    },
  },
  {
    name: 'Copy Injected YAML and Save Injected YAML As… write the injected text',
    async run({ server, wb }) {
      const page = wb.page;
      await wb.reset();
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
      await wb.openFile(source);

      await wb.runCommand(label('istio.copyInjected'));
      await wb.waitForNotification(/Injected YAML copied to the clipboard/);
      const clip = await page.evaluate(() => navigator.clipboard.readText());
      assert.match(clip, /name: istio-proxy/, 'the clipboard does not hold the injected YAML');

      // The save dialog (VS Code's own, in the browser) suggests <name>.injected.yaml next to the source.
      const dest = join(dirname(server.workspace), 'details.injected.yaml');
      await wb.runCommand(label('istio.saveInjected'), { opensQuickInput: true });
      const input = page.locator('.quick-input-widget input');
      // The dialog fills in the folder first, then the suggested name.
      await page
        .waitForFunction(
          () => /\/bookinfo\/details\.injected\.yaml$/.test(document.querySelector<HTMLInputElement>('.quick-input-widget input')?.value ?? ''),
          undefined,
          { timeout: 15_000 },
        )
        .catch(async (err: unknown) => {
          throw new Error(`the save dialog does not suggest bookinfo/details.injected.yaml: "${await input.inputValue()}"`, { cause: err });
        });
      // Saved outside the workspace, so the other scenarios see the samples unchanged.
      await input.fill(dest);
      await page.locator('.quick-input-widget').getByRole('button', { name: 'OK' }).click();
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
      await wb.waitForNotification(/Saved the injected YAML to/);
      assert.ok(existsSync(dest), `nothing saved at ${dest}`);
      const saved = readFileSync(dest, 'utf8');
      assert.match(saved, /name: istio-proxy/, 'the saved file is not the injected YAML');
      assert.equal(saved, clip, 'the saved and the copied text differ');
      await wb.closeAllEditors();
    },
  },
  {
    name: 'a cluster command without a kubeconfig shows a clear error',
    requires: () => (verifyInstallation ? undefined : 'package.json contributes no istio.verifyInstallation: contribute it'),
    async run({ wb }) {
      await wb.reset();
      await wb.openFile(source);
      await wb.runCommand(verifyInstallation?.label ?? '');
      // The harness points KUBECONFIG at a file that does not exist (see startCodeServer).
      const text = await wb.waitForNotification(/kubeconfig/i);
      assert.match(text, /KUBECONFIG/, `the error does not say which kubeconfig is missing:\n${text}`);
      assert.match(text, /Next step:.*istio\.kubeconfig/s, `the error gives no next step:\n${text}`);
      assert.match(text, /Open Settings/, `the error offers no way to the setting:\n${text}`);
      // Nothing crashed: the language server still answers.
      await wb.page.locator('#status\\.languageStatus[aria-label*="Istio ("]').waitFor({ timeout: 15_000 });
    },
  },
];
