import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BundledSchemaLoader, BundledSchemas } from './core/schema/bundled';

/**
 * Loads the bundled Istio schemas: dist/istioModels.js beside the bundle running (the language server's, the CLI's),
 * or, run from source (tests, tsx), its ES module source. A separate bundle, so that starting does not read it.
 */
export const loadBundledSchemas: BundledSchemaLoader = async () => {
  const built = path.join(__dirname, 'istioModels.js');
  let file = built;
  let m: { bundledSchemas?: BundledSchemas };
  if (existsSync(built)) {
    // require, not import(): import() of a CommonJS file first scans all of it (1 MB) for its exports, ~4× slower.
    m = createRequire(__filename)(built) as typeof m;
  } else {
    file = path.join(__dirname, 'istioModels.mts');
    m = (await import(pathToFileURL(file).href)) as typeof m;
  }
  if (!m.bundledSchemas) {
    throw new Error(`${file} holds no bundled Istio schemas: rebuild the extension (npm run build)`);
  }
  return m.bundledSchemas;
};
