// Runs inside the VS Code extension host (loaded through --extensionTestsPath), without mocha: `run()` rejects when
// a check fails, and VS Code then exits non-zero. Waits on `languages.onDidChangeDiagnostics`, never on a sleep.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

type Check = [name: string, fn: () => Promise<void>];

/** Resolves with the diagnostics of `uri` once `accept` holds for them; rejects after `timeoutMs`. */
function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diags: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = 30_000,
): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const done = (): boolean => {
      const diags = vscode.languages.getDiagnostics(uri);
      if (!accept(diags)) {
        return false;
      }
      clearTimeout(timer);
      sub.dispose();
      resolve(diags);
      return true;
    };
    const timer = setTimeout(() => {
      sub.dispose();
      const seen = vscode.languages.getDiagnostics(uri).map((d) => `${String(d.source)}/${codeOf(d)}: ${d.message}`);
      reject(new Error(`no matching diagnostics for ${uri.fsPath} within ${String(timeoutMs)} ms; seen: ${JSON.stringify(seen)}`));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) {
        done();
      }
    });
    done();
  });
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'open a copy of samples/ as the workspace folder');
  return vscode.Uri.file(path.join(folder.uri.fsPath, relative));
}

const checks: Check[] = [
  [
    'unnamed port gets svc-port-named (IST0118)',
    async () => {
      const uri = workspaceFile('mistakes/unnamed-port.yaml');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const diags = await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'svc-port-named'));
      const finding = diags.find((d) => codeOf(d) === 'svc-port-named');
      assert.equal(finding?.source, 'istio');
      assert.match(finding?.message ?? '', /IST0118|port name|protocol/i);
    },
  ],
];

/** Entry point called by VS Code's test runner. */
export async function run(): Promise<void> {
  let failed = 0;
  for (const [name, fn] of checks) {
    try {
      await fn();
      console.log(`ok - ${name}`);
    } catch (err) {
      failed++;
      console.error(`not ok - ${name}\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
  console.log(`${String(checks.length - failed)} passed, ${String(failed)} failed`);
  if (failed > 0) {
    throw new Error(`${String(failed)} of ${String(checks.length)} checks failed`);
  }
}
