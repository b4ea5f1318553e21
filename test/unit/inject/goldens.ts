/**
 * Istio's injector goldens (../shared/istio-conformance/inject): where they are, their cases, and how an injected
 * document is compared with one (as parsed YAML, without what the README lists as noise).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The conformance folder, next to this repository. */
export const CONFORMANCE = resolve(__dirname, '../../../../shared/istio-conformance');
/** Its case table: profile, case, input, golden, values, mesh_config, inject_config (`-` for none). */
export const CASES = join(CONFORMANCE, 'inject', 'cases.tsv');
/** Whether the folder is there (the tests skip when it is not). */
export const HAVE_CONFORMANCE = existsSync(CASES);

export type Rec = Record<string, unknown>;

/** The rows of the case table, split into their columns. */
export function caseRows(): string[][] {
  return readFileSync(CASES, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'));
}

const EMPTY_NOISE = new Set(['strategy', 'resources', 'status', 'securityContext']);

/** Drops `creationTimestamp: null`, empty noise mappings and the status annotation's `version`. */
export function clean(x: unknown): unknown {
  if (Array.isArray(x)) {
    return x.map(clean);
  }
  if (x !== null && typeof x === 'object') {
    const out: Rec = {};
    for (const [k, v0] of Object.entries(x as Rec)) {
      let v = v0;
      if (k === 'creationTimestamp' && v === null) {
        continue;
      }
      if (k === 'sidecar.istio.io/status' && typeof v === 'string' && v.startsWith('{')) {
        try {
          const s = JSON.parse(v) as Rec;
          delete s['version'];
          v = s;
        } catch {
          // keep the string
        }
      }
      const c = clean(v);
      if (EMPTY_NOISE.has(k) && c !== null && typeof c === 'object' && !Array.isArray(c) && Object.keys(c).length === 0) {
        continue;
      }
      out[k] = c;
    }
    return out;
  }
  return x;
}

/** The non-empty documents of a YAML stream, as plain values. */
export function docs(text: string): unknown[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((d) => d !== null && d !== undefined);
}
