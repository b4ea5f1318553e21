/**
 * The bad-input corpus: the committed files of `corpus/` plus the generated ones (too large to commit), with what
 * each is expected to produce where that is certain. Everything else is held to the invariants only (no exception,
 * no hang, at most one `yaml-syntax` finding, one-line CLI errors).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GENERATED } from './generated';

export const CORPUS_DIR = path.join(__dirname, 'corpus');

/** What a file must produce, when it is certain whatever the rules engineers change. */
export type Expectation =
  /** Not Kubernetes, empty, or a template: no finding at all. */
  | 'none'
  /** Does not parse: exactly one finding, `yaml-syntax`, and `inject` refuses it (exit 2). */
  | 'syntax'
  /** Does not parse (e.g. nested past the parser's stack): exactly one `yaml-syntax` finding; the injector may differ. */
  | 'syntax-check-only';

export interface CorpusInput {
  readonly name: string;
  /** Generated inputs are built on first use, once. */
  readonly text: () => string;
  /** The committed file, when there is one (the CLI reads it byte for byte: NULs, BOM, invalid UTF-8). */
  readonly file?: string;
  readonly generated: boolean;
  readonly heavy: boolean;
  readonly expect?: Expectation;
  /** Why injecting this file's injected output again changes it (a known injector gap), when it does. */
  readonly notIdempotent?: string;
}

const EXPECT: Readonly<Record<string, Expectation>> = {
  'empty.yaml': 'none',
  'only-comments.yaml': 'none',
  'dashes-only.yaml': 'none',
  'separators-only.yaml': 'none',
  'whitespace-only.yaml': 'none',
  'not-kubernetes.yaml': 'none',
  'helm-template.yaml': 'none',
  'helm-template-broken.yaml': 'none',
  'gen-10mb-configmap.yaml': 'none',
  'gen-many-separators.yaml': 'none',
  'gen-one-line-no-newline.yaml': 'none',
  'invalid-yaml.yaml': 'syntax',
  'bad-indentation.yaml': 'syntax',
  'tabs.yaml': 'syntax',
  'binary-nul.yaml': 'syntax',
  'binary-png.yaml': 'syntax',
  'manifest-broken.json': 'syntax',
  'gen-long-key.yaml': 'syntax',
  'gen-many-small-errors.yaml': 'syntax',
  // Duplicate keys: the rules refuse them (kubectl does too); the injector reads the last value, as kube-inject does.
  'duplicate-keys.yaml': 'syntax-check-only',
  // The rules' parser marks `--- apiVersion: v1` broken; the injector stops at the same line (apimachinery's reader).
  'separators.yaml': 'syntax',
  'gen-deep-flow.yaml': 'syntax',
  'gen-deep-flow-unclosed.yaml': 'syntax',
  'gen-deep-in-workload.yaml': 'syntax',
  // kubectl refuses aliases to unknown anchors ("unknown anchor ... referenced"); so do the rules and the injector.
  'aliases-unresolved.yaml': 'syntax',
};

/**
 * Known injector gaps: inputs whose injected output changes when injected again, with why. None now: the inputs Go's
 * kube-inject refuses (it decodes into typed structs) are refused here too, with the field named.
 */
const NOT_IDEMPOTENT: Readonly<Record<string, string>> = {};

function memo(f: () => string): () => string {
  let v: string | undefined;
  return () => (v ??= f());
}

/** Every input of the corpus, committed files first (by name), then the generated ones. */
export function corpusInputs(): CorpusInput[] {
  const files = fs
    .readdirSync(CORPUS_DIR)
    .filter((n) => fs.statSync(path.join(CORPUS_DIR, n)).isFile())
    .sort();
  const out: CorpusInput[] = files.map((name) => {
    const file = path.join(CORPUS_DIR, name);
    const input: CorpusInput = { name, file, text: memo(() => fs.readFileSync(file, 'utf8')), generated: false, heavy: false };
    const expect = EXPECT[name];
    const notIdempotent = NOT_IDEMPOTENT[name];
    return { ...input, ...(expect ? { expect } : {}), ...(notIdempotent ? { notIdempotent } : {}) };
  });
  for (const g of GENERATED) {
    const input: CorpusInput = { name: g.name, text: memo(g.text), generated: true, heavy: g.heavy ?? false };
    const expect = EXPECT[g.name];
    out.push(expect ? { ...input, expect } : input);
  }
  return out;
}

/** Scales every watchdog (a machine far slower than ours): `RELIABILITY_TIME_FACTOR=3`. */
export const TIME_FACTOR = Math.max(1, Number(process.env['RELIABILITY_TIME_FACTOR'] ?? '1') || 1);

/**
 * How long an operation on an input (a validate, an injection, a CLI run, an LSP request) may go on before the test
 * calls it a hang. Not a speed check: it is an order of magnitude above what any input takes on a busy machine, and
 * grows with the input's size. The speed figures are in bench/ (`node --import tsx bench/robustness.ts`).
 */
export function watchdogMs(text: string, base = 60_000): number {
  return Math.round((base + (text.length / 1e6) * 120_000) * TIME_FACTOR);
}
