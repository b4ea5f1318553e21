import { join, resolve } from 'node:path';
import { build } from 'esbuild';

/** Bundles `suite/index.ts` into one CommonJS file the extension host can load (vscode stays external). */
export async function bundleSuite(): Promise<string> {
  const outfile = join(resolve(__dirname, '..', '..'), 'out', 'electron', 'suite.js');
  await build({
    entryPoints: [join(__dirname, 'suite', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return outfile;
}
