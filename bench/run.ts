/**
 * Benchmarks of the Istio language server, against yaml-language-server where both do the same job.
 * Usage: node esbuild.mjs && node --import tsx bench/run.ts [big] [istio] [list] [list10] [workspace] [inject] [--runs N]
 * (`npm run bench` does both). Prints medians and ratios; writes bench/.data/results.json.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { parseAllDocuments, stringify } from 'yaml';
import {
  BIG_FILE,
  DATA_DIR,
  generate,
  INJECT_FILE,
  ISTIO_FILE,
  LIST10_FILE,
  LIST_FILE,
  WS_DIR,
  wsDeploymentPath,
  wsServicePath,
} from './generate';
import type { Pos, ServerSpec } from './lsp';
import { BenchClient, cpuMs, median, now, sleep } from './lsp';

const ROOT = path.resolve(__dirname, '..');
/** The server under test; BENCH_SERVER=<path to a server.js> compares another build (e.g. of an older commit). */
const SERVER = process.env['BENCH_SERVER'] ?? path.join(ROOT, 'dist', 'server.js');
const YLS = path.join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
/** yaml-language-server waits this long after a change before it validates (yamlSettings.validationDelayMs). */
const YLS_DEBOUNCE_MS = 200;

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : 11;
/** Fresh processes started for the cold figures (each gives one sample). */
const COLD_RUNS = Math.max(3, Math.ceil(RUNS / 2));
const selected = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs');
const want = (name: string): boolean => selected.length === 0 || selected.includes(name);

/** Extra node flags for our server, e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=bench/.data/prof". */
const SERVER_NODE_ARGS = (process.env['BENCH_SERVER_NODE_ARGS'] ?? '').split(' ').filter((a) => a !== '');

const ours: ServerSpec = {
  name: 'istio-mesh-tools',
  command: process.execPath,
  args: [...SERVER_NODE_ARGS, SERVER, '--stdio'],
  configuration: () => ({}),
};

const yls: ServerSpec = {
  name: 'yaml-language-server',
  command: process.execPath,
  args: [YLS, '--stdio'],
  configuration: (section) => {
    if (section === 'yaml') {
      return {
        validate: true,
        hover: false,
        completion: false,
        format: { enable: false },
        schemas: {},
        schemaStore: { enable: false },
        kubernetesCRDStore: { enable: false },
      };
    }
    if (section === '[yaml]') {
      return { 'yaml.validate': true };
    }
    return section === 'http' ? { proxy: '', proxyStrictSSL: false } : {};
  },
};

const results: Record<string, unknown> = {};
const mib = (bytes: number | undefined): string => (bytes === undefined ? 'n/a' : (bytes / 2 ** 20).toFixed(0));
const fmt = (ms: number): string => `${ms.toFixed(1)} ms`;
const ratio = (a: number, b: number): string => `${(a / b).toFixed(3)}×`;

function log(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** The 0-based number of the line where `marker` starts (marker must be unique in the text). */
function lineNumberOf(text: string, marker: string): number {
  const at = text.indexOf(marker);
  if (at < 0 || text.indexOf(marker, at + 1) >= 0) {
    throw new Error(`marker not found once: ${marker}`);
  }
  return text.slice(0, at).split('\n').length - 1;
}

/** A document kept in step with the edits sent to the servers. */
class Doc {
  version = 1;
  constructor(
    readonly uri: string,
    public text: string,
  ) {}

  line(n: number): string {
    return this.text.split('\n')[n] ?? '';
  }

  /** Replaces line `n` by `to`; returns the LSP range change. */
  setLine(n: number, to: string): { range: { start: Pos; end: Pos }; text: string } {
    const lines = this.text.split('\n');
    const old = lines[n] ?? '';
    lines[n] = to;
    this.text = lines.join('\n');
    this.version++;
    return { range: { start: { line: n, character: 0 }, end: { line: n, character: old.length } }, text: to };
  }
}

async function startYls(): Promise<BenchClient> {
  const c = new BenchClient(yls);
  const configured = c.nextConfiguration();
  await c.initialize();
  await configured;
  await sleep(300); // let it apply the configuration before the first document
  return c;
}

async function startOurs(folder?: string, spec: ServerSpec = ours): Promise<BenchClient> {
  const c = new BenchClient(spec);
  await c.initialize(folder ? pathToFileURL(folder).toString() : undefined);
  return c;
}

function count(diags: readonly Diagnostic[], code: string): number {
  return diags.filter((d) => d.code === code).length;
}

/** Wall-clock and CPU times (ms) of repeated runs of one operation. */
class Timing {
  readonly wall: number[] = [];
  readonly cpu: number[] = [];

  /** Times `op`; `cpu` reads the CPU time of the process doing the work. */
  async run<T>(cpu: () => number, op: () => Promise<T>): Promise<T> {
    const c0 = cpu();
    const t0 = now();
    const r = await op();
    this.wall.push(now() - t0);
    this.cpu.push(cpu() - c0);
    return r;
  }

  get summary(): { wall: number; cpu: number } {
    return { wall: median(this.wall), cpu: median(this.cpu) };
  }
}

const selfCpu = (): number => cpuMs(process.pid);

function compare(label: string, o: Timing, y: Timing, target: string): Record<string, number> {
  const os = o.summary;
  const ys = y.summary;
  log(
    `${label}, median of ${o.wall.length}: ours ${fmt(os.wall)} (CPU ${fmt(os.cpu)}), yaml-language-server ${fmt(ys.wall)} ` +
      `(CPU ${fmt(ys.cpu)}): ${ratio(os.wall, ys.wall)} wall, ${ratio(os.cpu, ys.cpu)} CPU (target ${target})`,
  );
  log(`  yaml-language-server's wall time less its ${YLS_DEBOUNCE_MS} ms validation delay: ${ratio(os.wall, ys.wall - YLS_DEBOUNCE_MS)}`);
  return {
    oursWall: os.wall,
    oursCpu: os.cpu,
    ylsWall: ys.wall,
    ylsCpu: ys.cpu,
    ratioWall: os.wall / ys.wall,
    ratioCpu: os.cpu / ys.cpu,
    ratioWallLessDelay: os.wall / (ys.wall - YLS_DEBOUNCE_MS),
  };
}

/** A one-line edit: the line `offset` lines below the start of the unique `marker`, set to `to` and back. */
interface LineEdit {
  readonly marker: string;
  readonly offset: number;
  readonly to: string;
}

const BIG_EDITS: Record<string, LineEdit> = {
  'Service port name': { marker: 'kind: Service\nmetadata:\n  name: app-0500\n', offset: 9, to: '    - name: web' },
  'Service selector': { marker: 'kind: Service\nmetadata:\n  name: app-0500\n', offset: 7, to: '    app: app-0501' },
  'Deployment image': { marker: '          image: registry.example/app-0700:1.0.0', offset: 0, to: '          image: registry.example/app-0700:1.0.1' },
};

/** Edits in the middle of the Istio file; the first two change the length of the line, so every document below moves. */
const ISTIO_EDITS: Record<string, LineEdit> = {
  'Deployment image, longer (moves what follows)': { marker: '          image: registry.example/app-0200:1.0.0', offset: 0, to: '          image: registry.example/app-0200:1.0.10' },
  'VirtualService destination host': { marker: 'kind: VirtualService\nmetadata:\n  name: app-0201\n', offset: 13, to: '            host: app-0202' },
  'Deployment image, same length': { marker: '          image: registry.example/app-0201:1.0.0', offset: 0, to: '          image: registry.example/app-0201:1.0.1' },
};

/** Edits of one item in the middle of the kubectl dump (a Service and its Deployment, 1,250 and 250 items down). */
const LIST_EDITS: Record<string, LineEdit> = {
  'Service port name, shorter (moves what follows)': { marker: '    name: app-0250-http\n', offset: 13, to: '    - name: web' },
  'Deployment image, longer (moves what follows)': { marker: '        - image: registry.example/app-0250:1.4.0\n', offset: 0, to: '        - image: registry.example/app-0250:1.4.10' },
  'Service targetPort, same length': { marker: '    name: app-0250-http\n', offset: 16, to: '      targetPort: 8081' },
};

/** Edits of a Service halfway down the 10 MB List. */
const LIST10_EDITS: Record<string, LineEdit> = {
  'Service port name, shorter (moves what follows)': { marker: '    name: svc-35000\n', offset: 3, to: '    - name: web' },
  'Service port, longer (moves what follows)': { marker: '    name: svc-35000\n', offset: 4, to: '      port: 8080' },
};

interface ServerMemory {
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
}

/** Our server's own account of its memory (`$/istio/memoryUsage`, i.e. `process.memoryUsage()`). */
async function memoryOf(c: BenchClient): Promise<ServerMemory | undefined> {
  return (await c.connection.sendRequest('$/istio/memoryUsage').catch(() => undefined)) as ServerMemory | undefined;
}

const memoryLine = (m: ServerMemory | undefined, peak: number | undefined): string =>
  m ? `heap used ${mib(m.heapUsed)} of ${mib(m.heapTotal)} MiB, RSS ${mib(m.rss)} MiB (peak ${mib(peak)} MiB)` : 'n/a';

/**
 * A start of our server that checks `text` and stays up until it has written its code cache (see serverLoader.ts), so
 * that the cold figures are those of every start after the first of a build.
 */
async function primeCodeCache(text: string): Promise<void> {
  const c = await startOurs();
  try {
    await c.open('file:///bench/prime.yaml', text);
    await c.pull('file:///bench/prime.yaml');
    await sleep(6_000);
  } finally {
    await c.close();
  }
}

async function benchBig(): Promise<void> {
  await benchFile('big', BIG_FILE, BIG_EDITS, true);
}

async function benchIstio(): Promise<void> {
  await benchFile('istio', ISTIO_FILE, ISTIO_EDITS, false);
}

async function benchList(): Promise<void> {
  // yaml-language-server keeps every document it parsed, closed or not: after the opens it holds ~11 parses of 5 MB
  // and slows to a crawl, so the edits run in a fresh one.
  await benchFile('list', LIST_FILE, LIST_EDITS, false, true);
}

/**
 * The 10 MB List (70,000 Services), ours only: its targets are absolute (open ≤ 2 s, edit ≤ 200 ms, heap ≤ 500 MB).
 * Fewer runs: each open holds ~10 MB of text and its nodes.
 */
async function benchList10(): Promise<void> {
  const text = fs.readFileSync(LIST10_FILE, 'utf8');
  log(`## One List of 70,000 items: ${path.basename(LIST10_FILE)}, ${(text.length / 2 ** 20).toFixed(1)} MiB`);
  const runs = Math.max(3, Math.ceil(RUNS / 3));
  const c = await startOurs();
  try {
    const open = new Timing();
    let count: number | undefined;
    for (let i = 0; i < runs; i++) {
      const uri = `file:///bench/list10-open-${i}.yaml`;
      const d = await open.run(
        () => c.cpu(),
        async () => {
          await c.open(uri, text);
          return c.pull(uri);
        },
      );
      count ??= d.length;
      if (d.length !== count) {
        throw new Error(`open ${i}: ${d.length} diagnostics, expected ${count}`);
      }
      await c.closeDoc(uri);
    }
    const o = open.summary;
    log(`open → diagnostics, median of ${runs}: ${fmt(o.wall)} (CPU ${fmt(o.cpu)}; target ≤ 2 s); ${count ?? 0} diagnostics`);
    const doc = new Doc('file:///bench/list10-edit.yaml', text);
    await c.open(doc.uri, doc.text);
    const before = await c.pull(doc.uri);
    const opened = await memoryOf(c);
    log(`server memory with the file open: ${memoryLine(opened, c.peakRss())}`);
    const edits: Record<string, { wall: number; cpu: number }> = {};
    let last: Diagnostic[] = before;
    for (const [what, e] of Object.entries(LIST10_EDITS)) {
      const n = lineNumberOf(text, e.marker) + e.offset;
      const original = doc.line(n);
      const t = new Timing();
      let changed = false;
      for (let i = 0; i < runs * 2 - 1; i++) {
        const ch = doc.setLine(n, i % 2 === 0 ? e.to : original);
        const d = await t.run(
          () => c.cpu(),
          async () => {
            await c.changeRange(doc.uri, doc.version, ch.range, ch.text);
            return c.pull(doc.uri);
          },
        );
        if (i % 2 === 1 && JSON.stringify(d) !== JSON.stringify(before)) {
          throw new Error(`${what}: the diagnostics after undoing the edit differ from those before it`);
        }
        changed ||= i === 0 && JSON.stringify(d) !== JSON.stringify(before);
        last = d;
      }
      edits[what] = t.summary;
      log(
        `one-line edit (${what}${changed ? ', changes the findings' : ''}) → diagnostics, median of ${t.wall.length}: ` +
          `${fmt(t.summary.wall)} (CPU ${fmt(t.summary.cpu)}; target ≤ 200 ms)`,
      );
      // Back to the original text for the next edit (the loop ended on the edit).
      const ch = doc.setLine(n, original);
      await c.changeRange(doc.uri, doc.version, ch.range, ch.text);
      await c.pull(doc.uri);
    }
    // The last edit's findings, from a server that never saw the file before.
    const lastEdit = Object.values(LIST10_EDITS).at(-1);
    if (lastEdit) {
      const n = lineNumberOf(text, lastEdit.marker) + lastEdit.offset;
      const edited = new Doc('file:///bench/list10-edit.yaml', text);
      edited.setLine(n, lastEdit.to);
      const check = await startOurs();
      try {
        await check.open(edited.uri, edited.text);
        if (JSON.stringify(await check.pull(edited.uri)) !== JSON.stringify(last)) {
          throw new Error('the diagnostics after the last edit differ from those of a fresh server');
        }
      } finally {
        await check.close();
      }
    }
    const after = await memoryOf(c);
    const peak = c.peakRss();
    log(`server memory after the edits: ${memoryLine(after, peak)}, garbage not yet collected included`);
    // What is live: the core alone in a fresh process, after full collections (see coreMemory.ts).
    const core = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(__dirname, 'coreMemory.ts'), LIST10_FILE], {
      encoding: 'utf8',
      cwd: ROOT,
    });
    const live = JSON.parse(core.stdout) as { before: number; open: number; edited: number };
    log(
      `live heap of the core with the file set and checked: ${mib(live.open - live.before)} MiB, after an edit ` +
        `${mib(live.edited - live.before)} MiB (target: heap ≤ 500 MB)`,
    );
    results['list10'] = { bytes: text.length, diagnostics: count, open: { ...o, all: open }, edits, memory: { opened, after, peakRss: peak, live } };
  } finally {
    await c.close();
  }
}

/**
 * Open and one-line edits of one file in both servers; with `cold`, also the first document of fresh processes; with
 * `freshYlsForEdits`, the edits in a yaml-language-server that has not seen the opens.
 */
async function benchFile(name: string, file: string, edits: Record<string, LineEdit>, cold: boolean, freshYlsForEdits = false): Promise<void> {
  const text = fs.readFileSync(file, 'utf8');
  log(`## One file: ${path.basename(file)}, ${(text.length / 1024).toFixed(0)} KiB, ${text.split(/^---$/m).length} documents`);
  // Cold: the first document of a fresh process, for each of COLD_RUNS fresh processes (one sample each is at the
  // mercy of the machine's load): yaml's parseAllDocuments, our server and yaml-language-server.
  const parseCold = new Timing();
  const coldRuns = cold ? COLD_RUNS : 0;
  for (let i = 0; i < coldRuns; i++) {
    const baseline = spawnSync(process.execPath, [path.join(__dirname, 'parseBaseline.mjs'), BIG_FILE, '0'], { encoding: 'utf8', cwd: ROOT });
    const first = JSON.parse(baseline.stdout) as { cold: number; coldCpu: number };
    parseCold.wall.push(first.cold);
    parseCold.cpu.push(first.coldCpu);
  }
  const oursCold = new Timing();
  const oursColdNoCache = new Timing();
  const ylsCold = new Timing();
  let coldDiags: Diagnostic[] | undefined;
  if (coldRuns > 0) {
    await primeCodeCache(text);
  }
  for (let i = 0; i < coldRuns; i++) {
    // The first start of a build (no code cache yet), then a start as every later one is.
    const first = await startOurs(undefined, { ...ours, env: { ISTIO_MESH_CODE_CACHE: 'off' } });
    try {
      await oursColdNoCache.run(
        () => first.cpu(),
        async () => {
          await first.open('file:///bench/cold.yaml', text);
          return first.pull('file:///bench/cold.yaml');
        },
      );
    } finally {
      await first.close();
    }
    const fresh = await startOurs();
    try {
      coldDiags = await oursCold.run(
        () => fresh.cpu(),
        async () => {
          await fresh.open('file:///bench/cold.yaml', text);
          return fresh.pull('file:///bench/cold.yaml');
        },
      );
    } finally {
      await fresh.close();
    }
    const freshYls = await startYls();
    try {
      await ylsCold.run(
        () => freshYls.cpu(),
        async () => {
          const published = freshYls.nextPublish('file:///bench/cold.yaml');
          await freshYls.open('file:///bench/cold.yaml', text);
          return published;
        },
      );
    } finally {
      await freshYls.close();
    }
  }
  const parse = parseCold.summary;

  const a = await startOurs();
  let b = await startYls();
  try {
    // Open: a document neither server has seen, in servers that have warmed up; yaml's parse timed in between.
    const oursOpen = new Timing();
    const ylsOpen = new Timing();
    const parseWarm = new Timing();
    for (let i = 0; i < RUNS; i++) {
      const uri = `file:///bench/open-${i}.yaml`;
      await parseWarm.run(selfCpu, () => Promise.resolve(parseAllDocuments(text)));
      const d = await oursOpen.run(
        () => a.cpu(),
        async () => {
          await a.open(uri, text);
          return a.pull(uri);
        },
      );
      coldDiags ??= d;
      if (d.length !== coldDiags.length) {
        throw new Error(`open ${i}: ${d.length} diagnostics, expected ${coldDiags.length}`);
      }
      await a.closeDoc(uri);
      await ylsOpen.run(
        () => b.cpu(),
        async () => {
          const p = b.nextPublish(uri);
          await b.open(uri, text);
          return p;
        },
      );
      await b.closeDoc(uri);
    }
    const p = parseWarm.summary;
    const oc = oursCold.summary;
    const oo = oursOpen.summary;
    if (cold) {
      log(
        `yaml parseAllDocuments: first call in a fresh process, median of ${COLD_RUNS}: ${fmt(parse.wall)} (CPU ${fmt(parse.cpu)}); ` +
          `warm, timed between the opens: ${fmt(p.wall)} (CPU ${fmt(p.cpu)})`,
      );
      const nc = oursColdNoCache.summary;
      log(
        `cold open without the code cache (the first start of a build), median of ${COLD_RUNS}: ours ${fmt(nc.wall)} ` +
          `(CPU ${fmt(nc.cpu)}): ${ratio(nc.wall, ylsCold.summary.wall)} wall, ${ratio(nc.cpu, ylsCold.summary.cpu)} CPU of yaml-language-server's`,
      );
      log(
        `cold open (first document of a fresh server, code cache written by an earlier start), median of ${COLD_RUNS}: ours ${fmt(oc.wall)} (CPU ${fmt(oc.cpu)}), ` +
          `yaml-language-server ${fmt(ylsCold.summary.wall)} (CPU ${fmt(ylsCold.summary.cpu)}); ours vs a first ` +
          `parseAllDocuments: ${ratio(oc.wall, parse.wall)} wall, ${ratio(oc.cpu, parse.cpu)} CPU (target ≤ 1.2×); ` +
          `vs yaml-language-server's first document: ${ratio(oc.wall, ylsCold.summary.wall)} wall, ${ratio(oc.cpu, ylsCold.summary.cpu)} CPU (target ≤ 0.3×)`,
      );
    } else {
      log(`yaml parseAllDocuments, warm, timed between the opens: ${fmt(p.wall)} (CPU ${fmt(p.cpu)})`);
    }
    const open = compare('open → diagnostics', oursOpen, ylsOpen, '≤ 0.3×');
    log(`  ours vs warm parseAllDocuments: ${ratio(oo.wall, p.wall)} wall, ${ratio(oo.cpu, p.cpu)} CPU (target ≤ 1.2×)`);

    if (freshYlsForEdits) {
      await b.close();
      b = await startYls();
    }
    // One-line edits of one open document: each run toggles the line between its original text and the edit.
    const editResults: Record<string, Record<string, number>> = {};
    for (const [what, e] of Object.entries(edits)) {
      const docA = new Doc('file:///bench/edit-ours.yaml', text);
      const docB = new Doc('file:///bench/edit-yls.yaml', text);
      const n = lineNumberOf(text, e.marker) + e.offset;
      const original = docA.line(n);
      await a.open(docA.uri, docA.text);
      const before = await a.pull(docA.uri);
      const opened = b.nextPublish(docB.uri);
      await b.open(docB.uri, docB.text);
      await opened;
      const oursEdit = new Timing();
      const ylsEdit = new Timing();
      let changed = false;
      let last: Diagnostic[] = [];
      for (let i = 0; i < RUNS * 2 - 1; i++) {
        const to = i % 2 === 0 ? e.to : original;
        const chA = docA.setLine(n, to);
        const d = await oursEdit.run(
          () => a.cpu(),
          async () => {
            await a.changeRange(docA.uri, docA.version, chA.range, chA.text);
            return a.pull(docA.uri);
          },
        );
        if (i % 2 === 1 && JSON.stringify(d) !== JSON.stringify(before)) {
          throw new Error(`${what}: the diagnostics after undoing the edit differ from those before it`);
        }
        last = d;
        changed ||= i === 0 && JSON.stringify(d) !== JSON.stringify(before);
        const chB = docB.setLine(n, to);
        await ylsEdit.run(
          () => b.cpu(),
          async () => {
            const pb = b.nextPublish(docB.uri);
            await b.changeRange(docB.uri, docB.version, chB.range, chB.text);
            return pb;
          },
        );
      }
      // The loop ends on the edit: the reused findings must be what a fresh server gives for the same text.
      const check = await startOurs();
      try {
        await check.open(docA.uri, docA.text);
        if (JSON.stringify(await check.pull(docA.uri)) !== JSON.stringify(last)) {
          throw new Error(`${what}: the diagnostics after the edit differ from those of a fresh server`);
        }
      } finally {
        await check.close();
      }
      await a.closeDoc(docA.uri);
      await b.closeDoc(docB.uri);
      editResults[what] = compare(`one-line edit (${what}${changed ? ', changes the findings' : ''}) → diagnostics`, oursEdit, ylsEdit, '≤ 0.05×');
    }
    log(`diagnostics in the file: ${coldDiags?.length ?? 0}`);
    const rss = { ours: a.rss(), yls: b.rss(), oursPeak: a.peakRss(), ylsPeak: b.peakRss() };
    const heap = await memoryOf(a);
    log(`server memory after the edits: ours ${memoryLine(heap, rss.oursPeak)}; yaml-language-server RSS ${mib(rss.yls)} MiB (peak ${mib(rss.ylsPeak)} MiB)`);
    results[name] = {
      bytes: text.length,
      diagnostics: coldDiags?.length ?? 0,
      parseAllDocuments: { firstCallInFreshProcess: parse, warm: p },
      ...(cold ? { cold: { ours: oc, oursWithoutCodeCache: oursColdNoCache.summary, yls: ylsCold.summary } } : {}),
      open: { ...open, all: { ours: oursOpen, yls: ylsOpen } },
      edits: editResults,
      rss,
      heap,
    };
  } finally {
    await a.close();
    await b.close();
  }
}

async function benchWorkspace(): Promise<void> {
  const files = fs.readdirSync(WS_DIR, { recursive: true }).filter((f) => String(f).endsWith('.yaml')).length;
  log(`## Workspace: ${files} manifest files`);
  const svcPath = wsServicePath(0);
  const deployPath = wsDeploymentPath(1);
  const svcUri = pathToFileURL(svcPath).toString();
  const deployUri = pathToFileURL(deployPath).toString();
  const svc = new Doc(svcUri, fs.readFileSync(svcPath, 'utf8'));
  const c = new BenchClient(ours);
  try {
    const t0 = now();
    await c.initialize(pathToFileURL(WS_DIR).toString());
    // The user opens a file while the index is being built: its diagnostics must not wait for the scan.
    const t1 = now();
    await c.open(svc.uri, svc.text);
    const first = await c.pull(svc.uri);
    const firstDiagnostics = now() - t1;
    const indexed = async (): Promise<number> =>
      ((await c.connection.sendRequest('istio/workspaceSummary', {})) as { files: number }).files;
    const duringScan: number[] = [];
    const duringScanCpu: number[] = [];
    let scanned = 0;
    for (;;) {
      const c0 = c.cpu();
      const t = now();
      await c.pull(svc.uri);
      duringScan.push(now() - t);
      duringScanCpu.push(c.cpu() - c0);
      if ((await indexed()) >= files) {
        scanned = now() - t0;
        break;
      }
      await sleep(20);
    }
    const heap = (await c.connection.sendRequest('$/istio/memoryUsage').catch(() => undefined)) as
      | { rss: number; heapUsed: number; heapTotal: number }
      | undefined;
    const rss = c.rss();

    await c.open(deployUri, fs.readFileSync(deployPath, 'utf8'));
    const base = await c.pull(deployUri);
    const conflict = 'workload-service-ports-agree';
    if (count(base, conflict) !== 0) {
      throw new Error('unexpected conflict before the edit');
    }
    const latency: number[] = [];
    const latencyCpu: number[] = [];
    const toRefresh: number[] = [];
    const selectorLine = lineNumberOf(svc.text, 'selector:\n') + 1;
    for (let i = 0; i < RUNS * 2 - 1; i++) {
      await sleep(150); // a pause between edits: no refresh of an earlier change is still on its way
      const ch = svc.setLine(selectorLine, i % 2 === 0 ? '    app: app-0001' : '    app: app-0000');
      const refreshed = c.nextRefresh(10_000);
      const c0 = c.cpu();
      const t = now();
      await c.changeRange(svc.uri, svc.version, ch.range, ch.text);
      const own = c.pull(svc.uri); // the editor pulls the edited file at once
      await refreshed;
      const tr = now() - t;
      const d = await c.pull(deployUri);
      latency.push(now() - t);
      latencyCpu.push(c.cpu() - c0);
      toRefresh.push(tr);
      await own;
      const expected = i % 2 === 0 ? 1 : 0;
      if (count(d, conflict) !== expected) {
        throw new Error(`edit ${i}: ${count(d, conflict)} ${conflict} findings in ${deployUri}, expected ${expected}`);
      }
    }
    const m = median(latency);
    results['workspace'] = {
      files,
      scanMs: scanned,
      firstDiagnosticsMs: firstDiagnostics,
      firstDiagnosticsCount: first.length,
      pullDuringScanMs: {
        median: median(duringScan),
        max: Math.max(...duringScan, 0),
        serverCpuMedian: median(duringScanCpu),
        count: duringScan.length,
        all: duringScan,
      },
      memory: { rss, heapUsed: heap?.heapUsed, heapTotal: heap?.heapTotal },
      selectorEdit: { median: m, cpuMedian: median(latencyCpu), refreshMedian: median(toRefresh), all: latency },
    };
    log(`index built in the background in ${fmt(scanned)}; the open file's first diagnostics took ${fmt(firstDiagnostics)}`);
    log(
      `pulls of the open file during the scan: median ${fmt(median(duringScan))}, max ${fmt(Math.max(...duringScan, 0))} ` +
        `(${duringScan.length} pulls; server CPU while a pull was pending, median ${fmt(median(duringScanCpu))}: the pull and the scan slice it waited for)`,
    );
    log(
      `server memory after the scan: RSS ${((rss ?? NaN) / 2 ** 20).toFixed(0)} MiB` +
        (heap ? `, heap used ${(heap.heapUsed / 2 ** 20).toFixed(0)} MiB of ${(heap.heapTotal / 2 ** 20).toFixed(0)} MiB` : ', heap: n/a'),
    );
    log(
      `Service selector edit → refresh → pull of the workload's file shows the change: median ${fmt(m)} ` +
        `(server CPU ${fmt(median(latencyCpu))}; refresh after ${fmt(median(toRefresh))}; target ≤ 50 ms)`,
    );
  } finally {
    await c.close();
  }
}

/** Istio 1.29's injector config and values from the conformance data, as an exported ConfigMap; undefined without. */
function injectorConfigMapText(): string | undefined {
  const dir = path.join(ROOT, '..', 'shared', 'istio-conformance', 'inject-versions', '1.29.6', 'inject');
  const config = path.join(dir, 'injector-config.yaml');
  const values = path.join(dir, 'default.values.yaml');
  if (!fs.existsSync(config) || !fs.existsSync(values)) {
    return undefined;
  }
  return stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'istio-sidecar-injector', namespace: 'istio-system' },
    data: { config: fs.readFileSync(config, 'utf8'), values: fs.readFileSync(values, 'utf8') },
  });
}

async function benchInject(): Promise<void> {
  const text = fs.readFileSync(INJECT_FILE, 'utf8');
  log(`## Injection preview: ${path.basename(INJECT_FILE)}, 200 workloads`);
  const out: Record<string, number> = {};
  const injector = injectorConfigMapText();
  const sources: { name: string; key: string; configMap?: string }[] = [
    { name: 'built-in injector', key: '' },
    ...(injector ? [{ name: "Istio 1.29's own templates (workspace ConfigMap)", key: 'templates', configMap: injector }] : []),
  ];
  if (!injector) {
    log('(the template path is not measured: ../shared/istio-conformance/inject-versions/1.29.6 is absent)');
  }
  for (const source of sources) {
    const c = await startOurs();
    try {
      if (source.configMap) {
        await c.open('file:///bench/istio-sidecar-injector.yaml', source.configMap);
      }
      const doc = new Doc('file:///bench/inject.yaml', text);
      await c.open(doc.uri, doc.text);
      for (const style of ['minimal', 'istioctl'] as const) {
        for (let i = 0; i < 3; i++) {
          await c.connection.sendRequest('istio/previewInjection', { uri: doc.uri, style });
        }
        const times: number[] = [];
        const cpu: number[] = [];
        const n = lineNumberOf(text, '          image: registry.example/app-0100:1.0.0');
        let renderedBy = '';
        for (let i = 0; i < RUNS * 2; i++) {
          const to = `          image: registry.example/app-0100:1.0.${i % 2 === 0 ? 1 : 0}`;
          const ch = doc.setLine(n, to);
          const c0 = c.cpu();
          const t = now();
          await c.changeRange(doc.uri, doc.version, ch.range, ch.text);
          const r = (await c.connection.sendRequest('istio/previewInjection', { uri: doc.uri, style })) as {
            ok: boolean;
            text?: string;
            error?: string;
            renderedBy?: string;
          };
          times.push(now() - t);
          cpu.push(c.cpu() - c0);
          if (!r.ok || !r.text?.includes(to.trim())) {
            throw new Error(`preview ${style} ${i}: ${r.error ?? 'the edit is missing from the preview'}`);
          }
          renderedBy = r.renderedBy ?? '';
        }
        const key = source.key === '' ? style : `${source.key}-${style}`;
        out[key] = median(times);
        out[`${key}Cpu`] = median(cpu);
        log(
          `edit → injection preview (${style}, ${source.name}) of the whole file: median ${fmt(median(times))} ` +
            `(server CPU ${fmt(median(cpu))}; target ≤ 100 ms; rendered by ${renderedBy})`,
        );
      }
    } finally {
      await c.close();
    }
  }
  results['inject'] = out;
}

async function main(): Promise<void> {
  if (!fs.existsSync(SERVER)) {
    throw new Error('dist/server.js is missing: run node esbuild.mjs first');
  }
  generate();
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  log(`# Istio Mesh Tools language server benchmarks`);
  log(`machine: ${os.cpus().length} CPUs (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${os.platform()}`);
  log(`yaml-language-server ${JSON.parse(fs.readFileSync(path.join(path.dirname(YLS), '..', 'package.json'), 'utf8')).version as string}, runs per figure: ${RUNS}`);
  results['machine'] = { cpus: os.cpus().length, cpu, node: process.version, date: new Date().toISOString() };
  if (want('big')) {
    await benchBig();
  }
  if (want('istio')) {
    await benchIstio();
  }
  if (want('list')) {
    await benchList();
  }
  if (want('list10')) {
    await benchList10();
  }
  if (want('workspace')) {
    await benchWorkspace();
  }
  if (want('inject')) {
    await benchInject();
  }
  fs.writeFileSync(path.join(DATA_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
