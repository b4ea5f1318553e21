#!/usr/bin/env node
// Screenshots of the extension's main screens, taken in the real VS Code (code-server + Chromium, the e2e harness of
// test/e2e/harness.ts) with a temp copy of samples/ open. They go to test/e2e/screenshots/<name>.png.
//
//   npm run screenshots                        package the extension, then take every screenshot
//   npm run screenshots -- --vsix <file.vsix>  use an already built .vsix (or E2E_VSIX=<file>)
//   npm run screenshots -- --only walkthrough  only the screens whose name matches
//
// Every step waits on what the page shows; a screen that cannot be shown is reported and the others still run
// (exit code 1 at the end).
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { register } from 'tsx/cjs/api';

// The harness is TypeScript (CommonJS): load it through tsx's require hook, so its __dirname is right.
register();
const require = createRequire(import.meta.url);
/** @type {typeof import('../test/e2e/harness')} */
const { Workbench, ensureCodeServer, packageExtension, repoRoot, runDir, screenshotDir, startCodeServer } = require(
  '../test/e2e/harness.ts',
);
/** @type {typeof import('../test/e2e/emulator')} */
const { startEmulatorProcess } = require('../test/e2e/emulator.ts');
/** @type {typeof import('../test/e2e/scenarios/manifest')} */
const { localize, manifest } = require('../test/e2e/scenarios/manifest.ts');

/**
 * @typedef {object} ScreenContext
 * @property {import('../test/e2e/harness').CodeServer} server
 * @property {import('../test/e2e/emulator').EmulatorProcess} [emulator] started by the first screen that needs it
 * @property {() => Promise<void>} [after] run after the screenshot (e.g. to close a modal)
 */

/** Starts the emulated cluster (istiod installed) once and points the workspace's `istio.kubeconfig` at it. */
async function useEmulator(wb, ctx) {
  if (!ctx.emulator) {
    const kubeconfig = join(dirname(ctx.server.workspace), 'emulator.kubeconfig');
    ctx.emulator = await startEmulatorProcess(kubeconfig, { seed: 'istiod' });
    mkdirSync(join(ctx.server.workspace, '.vscode'), { recursive: true });
    writeFileSync(join(ctx.server.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'istio.kubeconfig': kubeconfig }, null, 2));
  }
  // The cluster status item names the context once the setting is read.
  await wb.page.locator('.part.statusbar .statusbar-item', { hasText: 'emulator/' }).waitFor({ timeout: 30_000 });
}

/** Drags the sash right of the side bar until the side bar is `width` px wide (for views with long descriptions). */
async function widenSideBar(wb, width) {
  const sidebar = wb.page.locator('.part.sidebar');
  const box = await sidebar.boundingBox();
  if (!box || box.width >= width) {
    return;
  }
  // The vertical sash on the side bar's right edge.
  const edge = box.x + box.width;
  const sashes = await wb.page.locator('.monaco-sash.vertical:visible').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x + r.width / 2, top: r.y, bottom: r.y + r.height };
    }),
  );
  const y = box.y + box.height / 2;
  const sash = sashes.filter((s) => s.top <= y && s.bottom >= y).sort((a, b) => Math.abs(a.x - edge) - Math.abs(b.x - edge))[0];
  if (!sash || Math.abs(sash.x - edge) > 10) {
    return;
  }
  const x = sash.x;
  await wb.page.mouse.move(x, y);
  await wb.page.mouse.down();
  await wb.page.mouse.move(box.x + width, y, { steps: 5 });
  await wb.page.mouse.up();
  await wb.page.mouse.move(1000, 5);
  await wb.page.locator('.monaco-sash.hover, .monaco-sash.active').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
}

/** Waits until the element's animations (a hover's fade-in) have finished. */
async function settled(locator) {
  await locator.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
}

function argValue(flag) {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/**
 * The screens, in order. Each gets a workbench with no editor, widget or notification open and leaves what it shows
 * on screen for the picture.
 * @type {{ name: string, keepMouse?: boolean, show: (wb: import('../test/e2e/harness').Workbench, ctx: ScreenContext) => Promise<void> }[]}
 */
const screens = [
  {
    name: 'problems-findings',
    // Findings of a few sample mistakes (the Problems panel lists those of open files).
    async show(wb) {
      for (const f of ['inject-value-yes.yaml', 'unknown-annotation.yaml', 'unnamed-port.yaml']) {
        await wb.openFile(`mistakes/${f}`);
        // Pinned, not replaced by the next one (closed files have no findings).
        await wb.runCommand('View: Keep Editor');
      }
      for (const code of ['anno-inject-value-valid', 'anno-name-known', 'svc-port-named']) {
        await wb.waitForProblem(new RegExp(code));
      }
    },
  },
  {
    name: 'preview-beside-source',
    async show(wb) {
      await wb.openFile('bookinfo/details.yaml');
      await wb.runCommand('Istio: Preview Injected YAML');
      const preview = wb.editorGroup(1);
      await preview.locator('.tabs-container .tab.active').filter({ hasText: /injected\.yaml/ }).waitFor({ timeout: 30_000 });
      // Scroll the preview to the sidecar container.
      await wb.findInEditor(preview, '- name: istio-proxy');
      await wb.page.mouse.move(700, 880);
    },
  },
  {
    name: 'codelens',
    async show(wb) {
      await wb.openFile('bookinfo/details.yaml');
      const lens = wb.editorGroup(0).locator('.codelens-decoration a', { hasText: 'Preview injected' });
      await lens.waitFor({ timeout: 30_000 });
    },
  },
  {
    name: 'hover-annotation',
    keepMouse: true,
    async show(wb) {
      await wb.openFile('mistakes/anno-value-valid.yaml');
      const key = wb
        .editorGroup(0)
        .locator('.view-lines')
        .getByText('traffic.sidecar.istio.io/excludeOutboundIPRanges', { exact: true });
      await key.hover();
      const hover = wb.page.locator('.monaco-editor .monaco-hover').filter({ hasText: /Istio annotation/ }).first();
      await hover.waitFor({ timeout: 15_000 });
      await settled(hover);
    },
  },
  {
    name: 'quick-fix',
    async show(wb) {
      await wb.openFile('mistakes/unnamed-port.yaml');
      await wb.waitForProblem(/svc-port-named/);
      await wb.runCommand('View: Hide Panel');
      const editor = wb.editorGroup(0);
      await editor.locator('.view-line', { hasText: '- port: 9080' }).getByText('port', { exact: true }).click();
      await wb.page.keyboard.press('Control+.');
      const menu = wb.page.locator('.action-widget:not(.action-list-submenu-panel)');
      await menu.getByText(/Name the port "http-9080"/).waitFor({ timeout: 15_000 });
    },
  },
  {
    name: 'language-status',
    keepMouse: true,
    async show(wb) {
      await wb.openFile('bookinfo/details.yaml');
      await wb.page.locator('#status\\.languageStatus[aria-label*="Istio ("]').waitFor({ timeout: 30_000 });
      await wb.page.locator('#status\\.languageStatus a').first().click();
      const hover = wb.page.locator('.monaco-hover').filter({ has: wb.page.locator('.hover-language-status') }).first();
      await hover.getByText(/Istio \(/).waitFor({ timeout: 15_000 });
      await settled(hover);
    },
  },
  {
    name: 'walkthrough',
    async show(wb) {
      const title = localize(manifest.contributes.walkthroughs?.[0]?.title ?? '');
      await wb.runCommand('Welcome: Open Walkthrough...', { opensQuickInput: true });
      await wb.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first().click();
      const details = wb.page.locator('.gettingStartedContainer .gettingStartedSlideDetails');
      await details.locator('.getting-started-step .step-title').first().waitFor({ timeout: 15_000 });
      // Its media: the step's markdown, rendered in a webview (an iframe holding the active frame).
      await wb.page
        .frameLocator('.getting-started-media iframe')
        .frameLocator('iframe#active-frame')
        .getByRole('heading', { name: 'Open the samples' })
        .waitFor({ timeout: 30_000 });
    },
  },
  {
    name: 'apply-confirmation',
    // Needs the emulated cluster (see main): the modal that names the target before anything is sent.
    async show(wb, ctx) {
      await useEmulator(wb, ctx);
      await wb.openFile('bookinfo/namespace.yaml');
      await wb.runCommand('Istio: Apply to Cluster');
      await wb.page.locator('.monaco-dialog-box').getByText(/to context "emulator"/).waitFor({ timeout: 30_000 });
      ctx.after = async () => {
        await wb.page.locator('.monaco-dialog-box').getByRole('button', { name: 'Cancel' }).click();
        await wb.page.locator('.monaco-dialog-box').waitFor({ state: 'hidden', timeout: 15_000 });
      };
    },
  },
  {
    name: 'mesh-tree',
    // The "Istio Mesh" view after "Verify Istio Install" on an emulated cluster with istiod installed.
    async show(wb, ctx) {
      const view = Object.values(manifest.contributes.views ?? {})
        .flat()
        .find((v) => /Istio Mesh/i.test(localize(v.name)));
      if (!view) {
        throw new Skip('package.json contributes no "Istio Mesh" view yet');
      }
      await useEmulator(wb, ctx);
      await wb.runCommand('Istio: Verify Istio Install');
      // The command reveals the view; its tree lists the connection and the verification.
      const tree = wb.page.locator('.pane-body .monaco-list[aria-label*="Istio Mesh"], .pane-body .monaco-list').filter({ hasText: /istiod|Istio/ });
      await tree.first().locator('.monaco-list-row').filter({ hasText: /istiod/i }).first().waitFor({ timeout: 30_000 });
      await widenSideBar(wb, 620);
    },
  },
];

class Skip extends Error {}

async function main() {
  const only = argValue('--only');
  const install = ensureCodeServer();
  const vsix = packageExtension(argValue('--vsix') ?? process.env.E2E_VSIX);
  const server = await startCodeServer({
    install,
    vsix,
    workspaceSource: join(repoRoot, 'samples'),
    // Pictures without sticky-scroll headers over the code.
    settings: { 'editor.stickyScroll.enabled': false, 'editor.minimap.enabled': false },
    logFile: join(runDir, 'screenshots-code-server.log'),
  });
  const browser = await Workbench.launchBrowser(install.chromium);
  let failed = 0;
  /** @type {ScreenContext} */
  const ctx = { server };
  try {
    const wb = await Workbench.open(server.folderUrl, browser, join(runDir, 'screenshots-browser.log'));
    for (const screen of screens) {
      if (only && !new RegExp(only, 'i').test(screen.name)) {
        continue;
      }
      const file = join(screenshotDir, `${screen.name}.png`);
      try {
        await wb.reset();
        if (await wb.page.locator('.part.panel').isVisible()) {
          await wb.runCommand('View: Hide Panel');
        }
        await screen.show(wb, ctx);
        if (!screen.keepMouse) {
          // No tooltip of whatever the last click left the mouse over.
          await wb.page.mouse.move(1000, 5);
        }
        await wb.screenshot(file);
        process.stdout.write(`saved ${file}\n`);
        await ctx.after?.();
        ctx.after = undefined;
      } catch (err) {
        if (err instanceof Skip) {
          process.stdout.write(`skipped ${screen.name}: ${err.message}\n`);
          continue;
        }
        failed++;
        const failure = join(dirname(file), `failure-${screen.name}.png`);
        await wb.screenshot(failure).catch(() => undefined);
        process.stderr.write(`could not show ${screen.name} (see ${failure}):\n${err instanceof Error ? err.stack : String(err)}\n`);
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    await ctx.emulator?.stop();
  }
  if (failed > 0) {
    process.stderr.write(`${failed} screen(s) failed\n`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
