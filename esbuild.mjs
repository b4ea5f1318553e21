// Bundles the extension, the language server and the CLI; tsc only type-checks.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/**
 * `yaml`'s ES module build (the one it ships for browsers; the same code) instead of its CommonJS one: bundled as ES
 * modules its functions are called directly, not through re-export getters, and its parser does not read
 * `process.env` once per token. Parsing a big manifest is ~20% faster.
 * @type {esbuild.Plugin}
 */
const yamlEsm = {
  name: 'yaml-esm',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: fileURLToPath(new URL('./node_modules/yaml/browser/index.js', import.meta.url)) }));
  },
};

/** @type {esbuild.BuildOptions} */
const common = {
  plugins: [yamlEsm],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !minify,
  minify,
  logLevel: 'info',
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // dist/server.js starts dist/server-main.js from V8's code cache (server/src/serverLoader.ts).
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server-main.js' },
  { ...common, entryPoints: ['server/src/serverLoader.ts'], outfile: 'dist/server.js' },
  // The bundled Istio schemas, apart: the server and the CLI load it on first need only (server/src/bundledSchemaLoader.ts).
  { ...common, entryPoints: ['server/src/istioModels.mts'], outfile: 'dist/istioModels.js', sourcemap: false, minify: true },
  {
    ...common,
    entryPoints: ['cli/src/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    define: { CLI_VERSION: JSON.stringify(version) },
  },
];

if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
