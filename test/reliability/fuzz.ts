/**
 * A seeded mutation fuzzer over the manifests of `samples/`: each case mutates one file (delete, duplicate or swap
 * lines, swap values, change indentation, insert scalars of other types, rename keys, insert bytes, truncate), puts
 * it in a MeshService holding every sample (so cross-file rules see it), validates it and a neighbour, injects it, and
 * checks that injecting the injected output again changes nothing. Same seed, same cases.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { injectText, INJECT_PROFILES, OUTPUT_STYLES } from '../../server/src/core/inject/index';
import type { InjectInputs, OutputStyle } from '../../server/src/core/inject/index';
import { injectionInputs } from '../../server/src/core/injectionInputs';
import { allRules } from '../../server/src/core/rules/registry';
import type { Rule } from '../../server/src/core/rules/rule';
import { MeshService } from '../../server/src/core/service';
import type { Finding } from '../../server/src/core/service';
import { normalizeSettings } from '../../server/src/core/settings';
import type { ProfileSetting } from '../../server/src/core/settings';

export interface FuzzCase {
  readonly index: number;
  /** The base file and the mutations, enough to rebuild the input with the seed. */
  readonly description: string;
}

export interface FuzzFailure extends FuzzCase {
  readonly problem: string;
  /** The mutated text (the first 4000 characters). */
  readonly text: string;
}

export interface FuzzOptions {
  readonly seed: number;
  /** How many cases run: a fixed count, so a run's cases depend on the seed only, never on the machine's speed. */
  readonly cases: number;
  readonly progress?: (c: FuzzCase) => void;
}

export interface FuzzSummary {
  readonly seed: number;
  readonly cases: number;
  /** Timing, for bench/ only: no test judges it. */
  readonly elapsedMs: number;
  readonly slowestOp: { readonly ms: number; readonly what: string };
  readonly injected: number;
  readonly idempotenceChecked: number;
  readonly failures: readonly FuzzFailure[];
}

/** mulberry32: a small, fast, seedable PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rand {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

/** Values of every YAML type, and broken ones, for the `insertScalar` mutation. */
const SCALARS: readonly string[] = [
  '',
  'null',
  '~',
  '0',
  '-1',
  '65536',
  '1e400',
  '3.14',
  '0x539',
  '1337',
  '"1337"',
  'true',
  'yes',
  'off',
  '[]',
  '{}',
  '[1, "a", null]',
  '{a: 1, b: [2]}',
  "'{{ .Values.x }}'",
  '"\\u0000\\t"',
  '!!binary aGVsbG8=',
  '!custom tagged',
  '&anchor value',
  '*anchor',
  '"😀 ünïcödé"',
  '|\n  block\n  text',
  '>-\n  folded',
  ': :',
  '"unterminated',
  '[',
  '{',
  '- item',
  'x'.repeat(300),
  'http-web',
  'tcp',
  'grpc-',
  'enabled',
  'disabled',
];

/** Keys the rules and the injector read, for `renameKey` and `insertLine`. */
const KEYS: readonly string[] = [
  'apiVersion',
  'kind',
  'metadata',
  'name',
  'namespace',
  'labels',
  'annotations',
  'spec',
  'selector',
  'matchLabels',
  'template',
  'containers',
  'initContainers',
  'ports',
  'port',
  'targetPort',
  'containerPort',
  'protocol',
  'appProtocol',
  'type',
  'externalName',
  'securityContext',
  'runAsUser',
  'hostNetwork',
  'app',
  'version',
  'items',
  'data',
  'values',
  'sidecar.istio.io/inject',
  'sidecar.istio.io/status',
  'istio-injection',
  'istio.io/rev',
  'readinessProbe',
  'httpGet',
];

const NOISE = '\t\0:-#"\'{}[]&*!|>%@`,?\r\n\u00a0\ufeff😀';

const KEY_VALUE = /^(\s*(?:- )?[^\s:#][^:#]*:[ ]+)(\S.*)$/;

type Mutation = (lines: string[], rand: Rand, others: readonly string[]) => string;

const MUTATIONS: Readonly<Record<string, Mutation>> = {
  deleteLine(lines, r) {
    const i = r.int(lines.length);
    lines.splice(i, 1);
    return `deleteLine ${i + 1}`;
  },
  duplicateLine(lines, r) {
    const i = r.int(lines.length);
    lines.splice(i, 0, lines[i] ?? '');
    return `duplicateLine ${i + 1}`;
  },
  swapLines(lines, r) {
    const i = r.int(Math.max(1, lines.length - 1));
    const a = lines[i] ?? '';
    lines[i] = lines[i + 1] ?? '';
    lines[i + 1] = a;
    return `swapLines ${i + 1}`;
  },
  swapValues(lines, r) {
    const kv = lines.map((l, i) => [i, KEY_VALUE.exec(l)] as const).filter(([, m]) => m);
    if (kv.length < 2) {
      return 'swapValues (none)';
    }
    const [i, a] = r.pick(kv);
    const [j, b] = r.pick(kv);
    if (!a || !b) {
      return 'swapValues (none)';
    }
    lines[i] = `${a[1]}${b[2]}`;
    lines[j] = `${b[1]}${a[2]}`;
    return `swapValues ${i + 1}<->${j + 1}`;
  },
  indent(lines, r) {
    const i = r.int(lines.length);
    const line = lines[i] ?? '';
    const how = r.int(4);
    if (how === 0) {
      lines[i] = `\t${line}`;
    } else if (how === 1) {
      lines[i] = line.replace(/^ {1,4}/, '');
    } else {
      lines[i] = `${' '.repeat(1 + r.int(4))}${line}`;
    }
    return `indent ${i + 1} (${how})`;
  },
  insertScalar(lines, r) {
    const kv = lines.map((l, i) => [i, KEY_VALUE.exec(l)] as const).filter(([, m]) => m);
    const value = r.pick(SCALARS);
    if (kv.length === 0) {
      return 'insertScalar (none)';
    }
    const [i, m] = r.pick(kv);
    const indent = /^\s*/.exec(m?.[1] ?? '')?.[0] ?? '';
    lines[i] = `${m?.[1] ?? ''}${value.replace(/\n/g, `\n${indent}`)}`;
    return `insertScalar ${i + 1} ${JSON.stringify(value.slice(0, 20))}`;
  },
  nestValue(lines, r) {
    const kv = lines.map((l, i) => [i, KEY_VALUE.exec(l)] as const).filter(([, m]) => m);
    if (kv.length === 0) {
      return 'nestValue (none)';
    }
    const [i, m] = r.pick(kv);
    const indent = /^\s*/.exec(m?.[1] ?? '')?.[0] ?? '';
    const asList = r.int(2) === 0;
    lines[i] = `${(m?.[1] ?? '').trimEnd()}\n${indent}  ${asList ? '- ' : 'k: '}${m?.[2] ?? ''}`;
    return `nestValue ${i + 1} ${asList ? 'list' : 'map'}`;
  },
  renameKey(lines, r) {
    const kv = lines.map((l, i) => [i, /^(\s*(?:- )?)([^\s:#][^:#]*)(:.*)$/.exec(l)] as const).filter(([, m]) => m);
    if (kv.length === 0) {
      return 'renameKey (none)';
    }
    const [i, m] = r.pick(kv);
    const key = r.pick(KEYS);
    lines[i] = `${m?.[1] ?? ''}${key}${m?.[3] ?? ''}`;
    return `renameKey ${i + 1} -> ${key}`;
  },
  insertLine(lines, r) {
    const i = r.int(lines.length + 1);
    const indent = /^\s*/.exec(lines[i] ?? lines[i - 1] ?? '')?.[0] ?? '';
    const line = `${indent}${r.int(3) === 0 ? '- ' : ''}${r.pick(KEYS)}: ${r.pick(SCALARS).replace(/\n/g, `\n${indent}`)}`;
    lines.splice(i, 0, line);
    return `insertLine ${i + 1}`;
  },
  toggleDash(lines, r) {
    const i = r.int(lines.length);
    const line = lines[i] ?? '';
    lines[i] = /^\s*- /.test(line) ? line.replace('- ', '  ') : line.replace(/^(\s*)/, '$1- ');
    return `toggleDash ${i + 1}`;
  },
  noise(lines, r) {
    const i = r.int(lines.length);
    const line = lines[i] ?? '';
    const at = r.int(line.length + 1);
    let s = '';
    for (let k = 1 + r.int(4); k > 0; k--) {
      s += r.pick([...NOISE]);
    }
    lines[i] = `${line.slice(0, at)}${s}${line.slice(at)}`;
    return `noise ${i + 1}:${at} ${JSON.stringify(s)}`;
  },
  truncate(lines, r) {
    const keep = r.int(lines.length);
    const last = lines[keep] ?? '';
    const cut = r.int(last.length + 1);
    lines.splice(keep, lines.length - keep, last.slice(0, cut));
    return `truncate ${keep + 1}:${cut}`;
  },
  appendDocument(lines, r, others) {
    const other = r.pick(others);
    lines.push('---', ...other.split('\n'));
    return 'appendDocument';
  },
};

const MUTATION_NAMES = Object.keys(MUTATIONS);

/** The sample manifests: every `.yaml` under `samples/`. */
export function sampleFiles(root = path.join(__dirname, '..', '..', 'samples')): { rel: string; text: string }[] {
  const out: { rel: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        walk(full);
      } else if (/\.ya?ml$/.test(e.name)) {
        out.push({ rel: path.relative(root, full).split(path.sep).join('/'), text: fs.readFileSync(full, 'utf8') });
      }
    }
  };
  walk(root);
  return out;
}

/** Mutates a text: 1 to 3 mutations, described. */
export function mutate(text: string, rand: Rand, others: readonly string[]): { text: string; description: string } {
  const lines = text.split('\n');
  const done: string[] = [];
  for (let k = 1 + rand.int(3); k > 0; k--) {
    done.push(MUTATIONS[rand.pick(MUTATION_NAMES)]?.(lines, rand, others) ?? '');
  }
  return { text: lines.join('\n'), description: done.join(', ') };
}

/** Injecting an injection's output again must change nothing (as parsed YAML): undefined when it does not. */
export function reinjectionProblem(first: string, inputs: InjectInputs, style: OutputStyle): string | undefined {
  const second = injectText(first, inputs, style);
  if (!second.ok) {
    return `injecting the injected output again failed: ${second.error}`;
  }
  return isDeepStrictEqual(yamlValues(first), yamlValues(second.text)) ? undefined : 'injecting the injected output again changed it';
}

function yamlValues(text: string): unknown[] {
  return parseAllDocuments(text, { logLevel: 'error' })
    .map((d) => d.toJS({ maxAliasCount: 10_000 }) as unknown)
    .filter((v) => v !== null && v !== undefined);
}

function oneLine(e: unknown): string {
  const s = e instanceof Error ? (e.stack ?? e.message) : String(e);
  return s.split('\n').slice(0, 4).join(' | ');
}

function findingProblems(findings: readonly Finding[], length: number): string | undefined {
  if (findings.filter((f) => f.code === 'yaml-syntax').length > 1) {
    return 'more than one yaml-syntax finding';
  }
  const bad = findings.find((f) => !(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= length));
  return bad ? `${bad.code} has span ${bad.span.start}-${bad.span.end} outside 0-${length}` : undefined;
}

/** Runs `cases` cases; never throws (everything wrong is a failure in the summary). */
export function runFuzz(options: FuzzOptions): FuzzSummary {
  const rand = new Rand(prng(options.seed));
  const samples = sampleFiles();
  const texts = samples.map((s) => s.text);
  const uriOf = (rel: string): string => `file:///samples/${rel}`;
  const ruleFailures: string[] = [];
  // MeshService logs a failing rule once; wrapped, every throw is caught with the case it happened on.
  const rules: Rule[] = allRules.map((r) => ({
    ...r,
    check: (ctx) => {
      try {
        return r.check(ctx);
      } catch (e) {
        ruleFailures.push(`rule ${r.id} threw: ${oneLine(e)}`);
        throw e;
      }
    },
  }));
  const service = new MeshService(rules);
  for (const s of samples) {
    service.setFile(uriOf(s.rel), s.text);
  }
  const failures: FuzzFailure[] = [];
  let slowest = { ms: 0, what: '' };
  let injected = 0;
  let idempotenceChecked = 0;
  const start = performance.now();
  let index = 0;
  for (; index < options.cases; index++) {
    const base = rand.pick(samples);
    const m = mutate(base.text, rand, texts);
    const c: FuzzCase = { index, description: `${base.rel}: ${m.description}` };
    options.progress?.(c);
    const fail = (problem: string): void => {
      if (failures.length < 50) {
        failures.push({ ...c, problem, text: m.text.slice(0, 4000) });
      }
    };
    const timed = <T>(what: string, f: () => T): T | undefined => {
      const t0 = performance.now();
      try {
        return f();
      } catch (e) {
        fail(`${what} threw: ${oneLine(e)}`);
        return undefined;
      } finally {
        const ms = performance.now() - t0;
        if (ms > slowest.ms) {
          slowest = { ms, what: `${what} on case ${index}` };
        }
      }
    };
    const profile = rand.pick<ProfileSetting>(['auto', 'legacy-0.2', 'classic', 'native']);
    const uri = uriOf(base.rel);
    timed('setFile', () => service.setFile(uri, m.text));
    const findings = timed(`validate ${profile}`, () => service.validate(uri, normalizeSettings({ profile })));
    const problem = findings && findingProblems(findings, m.text.length);
    if (problem) {
      fail(problem);
    }
    // A neighbour's findings depend on this file (Services select workloads across files).
    const neighbour = rand.pick(samples);
    timed('validate neighbour', () => service.validate(uriOf(neighbour.rel), normalizeSettings({ profile })));

    const injectProfile = rand.pick(INJECT_PROFILES);
    const style = rand.pick<OutputStyle>(OUTPUT_STYLES);
    const inputs: InjectInputs = rand.int(4) === 0 ? injectionInputs(injectProfile, service.index) : { profile: injectProfile };
    const what = `inject ${injectProfile} ${style}`;
    const first = timed(what, () => injectText(m.text, inputs, style));
    if (first && !first.ok && /internal error/i.test(first.error)) {
      fail(`${what}: ${first.error}`);
    }
    if (first?.ok) {
      injected++;
      const second = timed(`re-${what}`, () => injectText(first.text, inputs, style));
      if (second && !second.ok) {
        fail(`re-${what} of the injected output failed: ${second.error}`);
      } else if (second?.ok) {
        idempotenceChecked++;
        const same = timed('compare', () => isDeepStrictEqual(yamlValues(first.text), yamlValues(second.text)));
        if (same === false) {
          fail(`${what} is not idempotent: injecting its output again changed it`);
        }
      }
    }
    // Back to the original: the incremental re-parse from a mutated previous parse.
    timed('setFile back', () => service.setFile(uri, base.text));
    const back = timed('validate back', () => service.validate(uri, normalizeSettings({ profile })));
    const backProblem = back && findingProblems(back, base.text.length);
    if (backProblem) {
      fail(`after restoring: ${backProblem}`);
    }
    for (const f of ruleFailures.splice(0)) {
      fail(f);
    }
  }
  return {
    seed: options.seed,
    cases: index,
    elapsedMs: Math.round(performance.now() - start),
    slowestOp: { ms: Math.round(slowest.ms), what: slowest.what },
    injected,
    idempotenceChecked,
    failures,
  };
}
