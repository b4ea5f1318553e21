// The vscode-API suite (suite/index.ts) under @vscode/test-electron with VS Code desktop, for machines that can
// download VS Code (or have one: VSCODE_EXECUTABLE=/path/to/code). Here, with no network, `npm run test:e2e` runs
// the same suite in code-server's extension host, beside the workbench scenarios.
//
//   npm run test:electron
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { bundleSuite } from './bundle';

const repoRoot = resolve(__dirname, '..', '..');

async function main(): Promise<number> {
  // The extension host loads plain JS.
  const suite = await bundleSuite();

  const temp = mkdtempSync(join(tmpdir(), 'istio-electron-'));
  const workspace = join(temp, 'workspace');
  cpSync(join(repoRoot, 'samples'), workspace, { recursive: true });
  try {
    return await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: suite,
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE,
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir',
        join(temp, 'user-data'),
      ],
    });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (!process.env.VSCODE_EXECUTABLE && /download|ENOTFOUND|ECONNREFUSED|EAI_AGAIN|fetch|network|socket|timed? ?out/i.test(msg)) {
      process.stderr.write(
        `test:electron: could not download VS Code (${msg}).\n` +
          'This machine has no network beyond the package registries: run `npm run test:e2e` instead ' +
          '(the real VS Code workbench in code-server), or point VSCODE_EXECUTABLE at an installed VS Code.\n',
      );
    } else {
      process.stderr.write(`test:electron failed: ${msg}\n`);
    }
    return 1;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`test:electron: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
