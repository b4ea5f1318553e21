// The VS Code workbench in Debian's Chromium through playwright-core, with the gestures the scenarios need.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Locator, Page } from 'playwright-core';
import { runDir } from './paths';

/** A marker row of the Problems panel: the file it is listed under, its text, and its line (1-based) when shown. */
export interface ProblemRow {
  readonly file: string;
  readonly text: string;
  readonly line: number | undefined;
}

/** Chromium flags that work on these machines (no sandbox as root, no calls to the closed network). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The VS Code workbench in a browser page, with the few gestures the scenarios need. */
export class Workbench {
  /** Every console message of the page so far (the extension host's console is forwarded here too). */
  readonly console: string[] = [];

  private constructor(
    readonly browser: Browser,
    readonly page: Page,
    private readonly ownsBrowser: boolean,
  ) {
    page.on('console', (m) => this.console.push(m.text()));
  }

  /** Launches Chromium (headless, with `chromiumArgs`). */
  static launchBrowser(chromiumPath: string): Promise<Browser> {
    return chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      // Chromium keeps crash-report settings under XDG_CONFIG_HOME: keep them out of the home folder.
      env: { ...process.env, XDG_CONFIG_HOME: join(runDir, 'chromium-config') },
    });
  }

  /**
   * Opens `url` (a `CodeServer.folderUrl` or another `workbenchUrl`) in a new page and waits for the workbench and
   * the explorer. `browser` is a Chromium path (a browser of its own, closed with the workbench) or a launched one.
   */
  static async open(url: string, browser: string | Browser, browserLog?: string): Promise<Workbench> {
    const owns = typeof browser === 'string';
    const b = typeof browser === 'string' ? await Workbench.launchBrowser(browser) : browser;
    try {
      const page = await b.newPage({ viewport: { width: 1400, height: 900 } });
      const wb = new Workbench(b, page, owns);
      if (browserLog) {
        // Written synchronously, so nothing is lost when the browser is closed or the run ends.
        writeFileSync(browserLog, '');
        page.on('console', (m) => appendFileSync(browserLog, `[${m.type()}] ${m.text()}\n`));
        page.on('pageerror', (e) => appendFileSync(browserLog, `[pageerror] ${e.message}\n`));
      }
      await page.goto(url);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
      return wb;
    } catch (err) {
      if (owns) {
        await b.close();
      }
      throw err;
    }
  }

  /** Resolves with the first console message (past or coming) that matches `pattern`. */
  async waitForConsole(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
    const seen = this.console.find((t) => pattern.test(t));
    if (seen !== undefined) {
      return seen;
    }
    const msg = await this.page.waitForEvent('console', { predicate: (m) => pattern.test(m.text()), timeout: timeoutMs });
    return msg.text();
  }

  /** The explorer row whose label is exactly `name`. */
  explorerItem(name: string): Locator {
    return this.page
      .locator('.explorer-folders-view')
      .getByRole('treeitem', { name: new RegExp(`^${escapeRegExp(name)}$`) });
  }

  /**
   * Opens a file of the workspace by clicking through the explorer, e.g. `mistakes/unnamed-port.yaml`
   * (folders on the way are expanded), and waits for its editor tab. When another expanded folder holds a file of the
   * same name, the explorer's folders are collapsed first, so the row is that of the path given.
   */
  async openFile(relativePath: string): Promise<void> {
    const parts = relativePath.split('/');
    const file = parts.pop() ?? relativePath;
    const expand = async (): Promise<void> => {
      for (const folder of parts) {
        const row = this.explorerItem(folder);
        await row.waitFor({ timeout: 30_000 });
        if ((await row.getAttribute('aria-expanded')) !== 'true') {
          await row.click();
        }
      }
    };
    await expand();
    let row = this.explorerItem(file);
    await row.first().waitFor({ timeout: 30_000 });
    if ((await row.count()) > 1) {
      await this.runCommand('Collapse Folders in Explorer');
      await expand();
      row = this.explorerItem(file);
    }
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${file}"]`).waitFor({ timeout: 30_000 });
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: 30_000 });
  }

  /**
   * Runs a command from the command palette by its shown title, e.g. `Istio: Restart Server`. A command that shows a
   * quick pick or an input of its own (`Welcome: Open Walkthrough...`, a save dialog) passes `{ opensQuickInput: true }`:
   * the call then returns once the palette has made way for that input.
   */
  async runCommand(title: string, opts: { opensQuickInput?: boolean } = {}): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    // A webview or editor that takes focus just then (a walkthrough's media, a preview) closes the palette: retry.
    for (let attempt = 1; ; attempt++) {
      try {
        const row = await this.paletteRow(title);
        await row.click({ timeout: 5_000 });
        break;
      } catch (err) {
        if (attempt >= 3 || (await this.page.locator('.quick-input-widget').isVisible())) {
          throw err;
        }
      }
    }
    if (opts.opensQuickInput) {
      // The palette's text starts with `>`; the command's own input does not.
      await this.page.waitForFunction(
        () => {
          const el = document.querySelector<HTMLInputElement>('.quick-input-widget input');
          const widget = document.querySelector<HTMLElement>('.quick-input-widget');
          return !!el && !!widget && widget.style.display !== 'none' && !el.value.startsWith('>');
        },
        undefined,
        { timeout: 15_000 },
      );
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      return;
    }
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
  }

  /** Opens the palette, types `title` and waits for the row labelled exactly `title`; the palette stays open. */
  private async paletteRow(title: string): Promise<Locator> {
    const input = this.page.locator('.quick-input-widget input');
    await this.page.keyboard.press('Control+Shift+P');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(`>${title}`);
    const row = this.page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) })
      .first();
    try {
      await row.waitFor({ timeout: 15_000 });
    } catch (err) {
      const listed = await this.page.locator('.quick-input-list').innerText().catch(() => '<unreadable>');
      await this.page.keyboard.press('Escape');
      throw new Error(`the command palette does not list "${title}"; for that text it lists:\n${listed}`, { cause: err });
    }
    return row;
  }

  /** Checks the command palette lists `title` (typed in full), then closes the palette without running it. */
  async expectInPalette(title: string): Promise<void> {
    await this.paletteRow(title);
    await this.page.keyboard.press('Escape');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
  }

  /** Closes whatever quick input, widget or menu is open (Escape, up to three times). */
  async dismiss(): Promise<void> {
    const overlays = this.page.locator(
      '.quick-input-widget:visible, .context-view .action-widget:visible, .editor-widget.suggest-widget.visible, .monaco-editor .find-widget.visible',
    );
    for (let i = 0; i < 3 && (await overlays.count()) > 0; i++) {
      await this.page.keyboard.press('Escape');
    }
  }

  /**
   * Clears the notification center. Notifications are read from the center, never from toasts: with the smoke-test
   * driver on (the harness always enables it, see startCodeServer) the workbench shows no toasts at all.
   */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  /**
   * Opens the notification center and waits for a notification whose text matches `pattern`; returns that text and
   * hides the center again.
   */
  async waitForNotification(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const center = this.page.locator('.notifications-center');
    if (!(await center.isVisible())) {
      await this.runCommand('Notifications: Show Notifications');
    }
    const item = center.locator('.notification-list-item').filter({ hasText: pattern }).first();
    try {
      await item.waitFor({ timeout: timeoutMs });
      return await item.innerText();
    } catch (err) {
      const text = await center.innerText().catch(() => '<unreadable>');
      throw new Error(`no notification matched ${String(pattern)} within ${String(timeoutMs)} ms; the center shows:\n${text}`, {
        cause: err,
      });
    } finally {
      if (await center.isVisible()) {
        await this.runCommand('Notifications: Hide Notifications');
      }
    }
  }

  /** The editor group at `index` (0 = the first, left one; a preview opened beside the source is 1). */
  editorGroup(index: number): Locator {
    return this.page.locator('.part.editor .editor-group-container').nth(index);
  }

  /** The visible text of the (first) text editor in `group`, with the editor's non-breaking spaces made plain. */
  async editorText(group: Locator): Promise<string> {
    const lines = group.locator('.monaco-editor .view-lines').first();
    await lines.waitFor({ timeout: 15_000 });
    return (await lines.innerText()).replace(/\u00a0/g, ' ');
  }

  /**
   * Searches the text editor in `group` with its find widget (so lines scrolled out of view count too) and returns the
   * widget's count, e.g. `1 of 2` or `No results`. The widget is closed again.
   */
  async findInEditor(group: Locator, text: string): Promise<string> {
    await group.locator('.monaco-editor .view-lines').first().click();
    await this.page.keyboard.press('Control+F');
    const widget = group.locator('.find-widget.visible');
    await widget.waitFor({ timeout: 15_000 });
    await widget.locator('.find-part textarea, .find-part input').first().fill(text);
    const count = widget.locator('.matchesCount');
    await count.filter({ hasText: /\d+ of \d+|No results/ }).waitFor({ timeout: 15_000 });
    const result = await count.innerText();
    await this.page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: 15_000 });
    return result;
  }

  /** Puts the cursor on the first visible text `text` of the text editor in `group` (by clicking it). */
  async clickText(group: Locator, text: string): Promise<Locator> {
    const token = group.locator('.monaco-editor .view-lines').first().getByText(text, { exact: true }).first();
    await token.waitFor({ timeout: 15_000 });
    await token.click();
    return token;
  }

  /** Shows the Problems panel (Ctrl+Shift+M) and returns its locator. */
  async openProblems(): Promise<Locator> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) {
      await this.page.keyboard.press('Control+Shift+M');
    }
    await panel.waitFor({ state: 'visible', timeout: 15_000 });
    return panel;
  }

  /**
   * Types `text` into the Problems panel's filter ("" clears it): with the whole workspace reported, the rows of one
   * file are found by filtering, not by reading a list that other files keep growing.
   */
  async filterProblems(text: string): Promise<void> {
    const panel = await this.openProblems();
    const input = this.page.getByPlaceholder(/^Filter \(e\.g\./).first();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(text);
    await panel.locator('.monaco-list').first().waitFor({ timeout: 15_000 });
  }

  /** The text of the Problems panel, opened if needed. */
  async problemsText(): Promise<string> {
    return (await this.openProblems()).innerText();
  }

  /** Waits until the Problems panel shows text matching `pattern`; returns the panel's whole text. */
  async waitForProblem(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
    const panel = await this.openProblems();
    try {
      await panel.getByText(pattern).first().waitFor({ timeout: timeoutMs });
    } catch (err) {
      const text = await panel.innerText().catch(() => '<unreadable>');
      throw new Error(`Problems panel never showed ${String(pattern)} within ${String(timeoutMs)} ms; it shows:\n${text}`, {
        cause: err,
      });
    }
    return panel.innerText();
  }

  /**
   * Every row of the Problems panel (tree view), each marker with the file it is listed under: the panel is a virtual
   * list, so the rows are read while the keyboard pages through it (as far as its `aria-setsize` says there are).
   */
  async problemRows(): Promise<ProblemRow[]> {
    const panel = await this.openProblems();
    const rows = panel.locator('.monaco-list-row');
    await rows.first().waitFor({ timeout: 15_000 });
    const seen = new Map<number, { level: number; name: string; text: string }>();
    const read = async (): Promise<number> => {
      const got = await rows.evaluateAll((els) =>
        els.map((e) => ({
          index: Number(e.getAttribute('data-index')),
          level: Number(e.getAttribute('aria-level') ?? '0'),
          size: Number(e.getAttribute('aria-setsize') ?? '0'),
          // A resource row shows the file name, its folder and a count: the name is its label's own element.
          name: e.querySelector('.label-name')?.textContent ?? '',
          text: (e as HTMLElement).innerText,
        })),
      );
      for (const r of got) {
        seen.set(r.index, { level: r.level, name: r.name, text: r.text });
      }
      return Math.max(0, ...got.map((r) => r.size));
    };
    let size = await read();
    // Focus the list itself (a click on a row would open a file or fold a resource), then page down through it.
    await panel.locator('.monaco-list').first().focus();
    await this.page.keyboard.press('Home');
    const focused = (): Promise<number> =>
      panel
        .locator('.monaco-list-row.focused')
        .first()
        .getAttribute('data-index', { timeout: 5_000 })
        .then((v) => Number(v ?? '-1'))
        .catch(() => -1);
    for (let page = 0; seen.size < size && page < 100; page++) {
      const from = await focused();
      await this.page.keyboard.press('PageDown');
      // The focus moves a page down and the list renders the rows there; at the end it stays put.
      await this.page
        .waitForFunction(
          (i) => {
            const row = document.querySelector('.markers-panel .monaco-list-row.focused');
            return row !== null && Number(row.getAttribute('data-index')) !== i;
          },
          from,
          { timeout: 5_000 },
        )
        .catch(() => undefined);
      const had = seen.size;
      size = Math.max(size, await read());
      if (seen.size === had) {
        break;
      }
    }
    const out: ProblemRow[] = [];
    let file = '';
    for (const [, r] of [...seen.entries()].sort((a, b) => a[0] - b[0])) {
      const lines = r.text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
      if (r.level === 1) {
        file = r.name.trim() || (lines[0] ?? '');
      } else if (r.level === 2) {
        const at = /\[Ln (\d+), Col (\d+)\]/.exec(r.text);
        out.push({ file, text: lines.join(' '), line: at ? Number(at[1]) : undefined });
      }
    }
    return out;
  }

  /** Closes every editor (so scenarios start alike). */
  async closeAllEditors(): Promise<void> {
    await this.runCommand('View: Close All Editors');
    await this.page.locator('.part.editor .tabs-container .tab').first().waitFor({ state: 'detached', timeout: 15_000 });
  }

  /** A common starting point: no open widget, editor or notification. */
  async reset(): Promise<void> {
    await this.dismiss();
    await this.closeAllEditors();
    await this.clearNotifications();
  }

  async screenshot(file: string): Promise<void> {
    mkdirSync(resolve(file, '..'), { recursive: true });
    await this.page.screenshot({ path: file });
  }

  async close(): Promise<void> {
    await (this.ownsBrowser ? this.browser.close() : this.page.close());
  }
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
