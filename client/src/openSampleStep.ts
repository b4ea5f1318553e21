/**
 * The context key the walkthrough's "Open the sample" step completes on. It is true only for a moment: when an
 * editor that is not a text, diff, notebook, custom or webview editor (the walkthrough page is one) becomes active
 * while a folder is open.
 *
 * Why a pulse rather than a key kept equal to "a folder is open" (or the workbench's `workspaceFolderCount`): the
 * walkthroughs service records an `onContext` expression that already holds when the walkthrough is registered as
 * seen, without ticking the step, and ticks it only when the expression later turns true through a change. The
 * service is created late (when the walkthrough page is first opened), long after a folder was opened, so a key that
 * is already true then never ticks the step for the rest of the session. A key that is false at registration and
 * turns true once the page is on screen ticks it in VS Code desktop and in the browser alike.
 */
export const OPEN_SAMPLE_CONTEXT = 'istio.walkthrough.folderOpen';

/** What the pulse reads and does; `walkthrough.ts` implements it with VS Code, the tests script it. */
export interface OpenSampleHost {
  folderOpen(): boolean;
  /** Whether the active tab is an editor the extension API cannot name; false when no tab is active. */
  activeTabIsOpaque(): boolean;
  setContext(key: string, value: boolean): PromiseLike<unknown>;
  onDidChange(listener: () => void): { dispose(): void };
}

/** Pulses {@link OPEN_SAMPLE_CONTEXT} now and whenever the host reports a change of tab or folders. */
export function trackOpenSampleStep(host: OpenSampleHost): { dispose(): void } {
  let running: Promise<void> = Promise.resolve();
  const pulse = (): void => {
    if (!host.folderOpen() || !host.activeTabIsOpaque()) {return;}
    // Chained so that a second pulse's `true` never lands between the first one's `true` and `false`.
    running = running
      .then(async () => {
        await host.setContext(OPEN_SAMPLE_CONTEXT, true);
        await host.setContext(OPEN_SAMPLE_CONTEXT, false);
      })
      .catch(() => undefined);
  };
  pulse();
  return host.onDidChange(pulse);
}
