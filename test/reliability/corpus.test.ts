/**
 * The bad-input corpus (`corpus/` plus the generated inputs of `generated.ts`) through every entry point:
 * (a) the core — MeshService.validate in every profile and injectText in every profile and style — in a child process
 *     under a watchdog that reports a hang: no exception, well-formed findings, clear errors;
 * (b) the CLI — `check` exits 0 or 1, `inject` 0 or 2, with one-line messages and never a stack trace;
 * (c) the language server over stdio — each file opened, diagnostics pulled (a watchdog reports a hang), at most one
 *     clear `yaml-syntax` diagnostic, and a normal file still gets its diagnostic afterwards (the server keeps serving).
 * No test judges speed: the watchdogs are far above any normal time; bench/robustness.ts prints the figures.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { repoRoot, serverPath, TestClient } from '../server/lspClient';
import { CoreRunner } from './coreRunner';
import type { OpResult } from './coreRunner';
import { corpusInputs, TIME_FACTOR, watchdogMs } from './inputs';
import type { CorpusInput } from './inputs';

const INPUTS = corpusInputs();
const CLI = path.join(repoRoot, 'dist', 'cli.js');
const built = fs.existsSync(CLI) && fs.existsSync(serverPath);
const SKIP_BUILD = built ? false : 'dist/ missing: run `npm run build` first';
if (!built) {
  // A skipped suite does not show in node's count of skipped tests: without the bundles, say so as a failure.
  test('the CLI and the server are built', () => {
    assert.fail(SKIP_BUILD || 'dist/ missing');
  });
}

/** A line of a JavaScript stack trace. */
const STACK_LINE = /^\s+at \S/m;

const SYNTAX_MESSAGE = /^This YAML does not parse, so Istio rules were not checked here: \S/;

/** Writes every input to a folder, as the CLI and the server's workspace scan read files. */
function writeInputs(dir: string, inputs: readonly CorpusInput[]): Map<string, string> {
  const paths = new Map<string, string>();
  for (const input of inputs) {
    const p = path.join(dir, input.name);
    if (input.file) {
      fs.copyFileSync(input.file, p); // byte for byte: NULs, BOMs, invalid UTF-8
    } else {
      fs.writeFileSync(p, input.text());
    }
    paths.set(input.name, p);
  }
  return paths;
}

describe('bad-input corpus: core (MeshService and injectText in a watched child process)', () => {
  const runner = new CoreRunner();
  after(() => runner.stop());

  for (const input of INPUTS) {
    it(input.name, async (t) => {
      const text = input.text();
      // The whole job runs validate and inject some 20 times; past the watchdog it is a hang (the runner says which).
      const ops = await runner.core(input.name, Math.min(watchdogMs(text) * 5, 900_000 * TIME_FACTOR));
      const problems: string[] = [];
      for (const op of ops) {
        if (op.threw) {
          problems.push(`${op.op} threw: ${op.threw}`);
        }
        if ((op.syntax ?? 0) > 1) {
          problems.push(`${op.op}: ${op.syntax} yaml-syntax findings (at most one per file)`);
        }
        for (const m of op.malformed ?? []) {
          problems.push(`${op.op}: ${m}`);
        }
        if (op.op.startsWith('re-inject') && op.ok === false) {
          if (input.notIdempotent) {
            t.diagnostic(`known: ${op.op}: ${op.error ?? ''} (${input.notIdempotent})`);
          } else {
            problems.push(`${op.op}: ${op.error ?? ''}`);
          }
        } else if (op.error !== undefined && (/internal error/i.test(op.error) || op.error.trim() === '' || op.error.includes('\n'))) {
          problems.push(`${op.op}: bad error message ${JSON.stringify(op.error)}`);
        }
      }
      problems.push(...expectationProblems(input, ops));
      assert.deepEqual(problems, []);
    });
  }
});

/** What the expectations of `inputs.ts` say about a core job's results. */
function expectationProblems(input: CorpusInput, ops: readonly OpResult[]): string[] {
  const out: string[] = [];
  for (const op of ops) {
    if (op.codes) {
      if (input.expect === 'none' && op.count !== 0) {
        out.push(`${op.op}: expected no finding, got ${op.codes.join(', ')}`);
      }
      const syntax = input.expect === 'syntax' || input.expect === 'syntax-check-only';
      if (syntax && !op.op.includes('edited') && (op.count !== 1 || op.codes[0] !== 'yaml-syntax')) {
        out.push(`${op.op}: expected exactly one yaml-syntax finding, got ${op.count} (${op.codes.join(', ')})`);
      }
    }
    if (input.expect === 'syntax' && op.op.startsWith('inject') && op.ok !== false) {
      out.push(`${op.op}: expected the injector to refuse a file that does not parse`);
    }
  }
  return out;
}

interface CliRun {
  readonly args: readonly string[];
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

function runCli(args: readonly string[], timeoutMs: number, stdin?: Buffer): Promise<CliRun> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ args, code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: performance.now() - start });
    });
    child.stdin.on('error', () => undefined); // the CLI may exit before reading all of stdin
    child.stdin.end(stdin);
  });
}

/** The invariants of every CLI run: an allowed exit code, one-line errors, no stack trace, no Node warning. */
function cliProblems(r: CliRun, allowed: readonly number[]): string[] {
  const what = `istio-mesh ${r.args.join(' ')}`;
  const out: string[] = [];
  if (r.code === null) {
    out.push(`${what}: killed after ${Math.round(r.ms)} ms (hang?)`);
    return out;
  }
  if (!allowed.includes(r.code)) {
    out.push(`${what}: exit ${r.code}, expected ${allowed.join(' or ')}; stderr: ${r.stderr.slice(0, 500)}`);
  }
  if (STACK_LINE.test(r.stderr)) {
    out.push(`${what}: a stack trace on stderr: ${r.stderr.slice(0, 500)}`);
  }
  if (/internal error/i.test(r.stderr)) {
    out.push(`${what}: an internal error: ${r.stderr.slice(0, 500)}`);
  }
  if (/\(node:\d+\)|Warning:/.test(r.stderr)) {
    out.push(`${what}: a Node warning on stderr: ${r.stderr.slice(0, 500)}`);
  }
  if (r.code === 2) {
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    if (lines.length !== 1 || !lines[0]?.startsWith('istio-mesh: ')) {
      out.push(`${what}: exit 2 needs one "istio-mesh: …" line on stderr, got ${JSON.stringify(r.stderr.slice(0, 500))}`);
    }
  }
  return out;
}

describe('bad-input corpus: CLI (check and inject)', { skip: SKIP_BUILD }, () => {
  let dir: string;
  let paths: Map<string, string>;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-reliability-cli-'));
    paths = writeInputs(dir, INPUTS);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const input of INPUTS) {
    it(input.name, async () => {
      const file = paths.get(input.name) ?? '';
      // Past the watchdog the CLI is killed and reported as a hang (cliProblems).
      const watchdog = watchdogMs(input.text());
      const runs: Promise<[CliRun, number[]]>[] = [];
      const add = (args: string[], allowed: number[], stdin?: Buffer): void => {
        runs.push(runCli(args, watchdog, stdin).then((r) => [r, allowed]));
      };
      add(['check', '--format', 'json', file], [0, 1]);
      add(['inject', '-f', file], [0, 2]);
      if (!input.heavy) {
        add(['inject', '--profile', 'classic', '--style', 'minimal', '-f', file], [0, 2]);
        add(['inject', '--profile', 'legacy-0.2', '-f', '-'], [0, 2], fs.readFileSync(file));
      }
      const results = await Promise.all(runs);
      const problems: string[] = [];
      for (const [r, allowed] of results) {
        problems.push(...cliProblems(r, allowed));
        if (r.args[0] === 'check') {
          problems.push(...checkOutputProblems(input, r));
        }
        if (input.expect === 'syntax' && r.args[0] === 'inject' && r.code !== 2) {
          problems.push(`istio-mesh ${r.args.join(' ')}: a file that does not parse must exit 2, got ${r.code}`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }

  it('checks the whole corpus folder at once (ConfigMaps of one file steer the profile of the others)', async () => {
    const r = await runCli(['check', '--format', 'sarif', dir], 600_000 * TIME_FACTOR);
    assert.deepEqual(cliProblems(r, [0, 1]), []);
    assert.equal(r.stderr, '');
    const sarif = JSON.parse(r.stdout) as { runs: { results: unknown[] }[] };
    assert.ok((sarif.runs[0]?.results.length ?? 0) > 0);
  });
});

/** `check --format json`: valid JSON, at most one yaml-syntax finding per file, and the expectations. */
function checkOutputProblems(input: CorpusInput, r: CliRun): string[] {
  const what = `istio-mesh ${r.args.join(' ')}`;
  if (r.stderr !== '') {
    return [`${what}: stderr should be empty, got ${JSON.stringify(r.stderr.slice(0, 500))}`];
  }
  if (!r.args.includes('json')) {
    return [];
  }
  let findings: { code: string; message: string; range: { start: { line: number } } }[];
  try {
    findings = JSON.parse(r.stdout) as typeof findings;
  } catch {
    return [`${what}: stdout is not JSON: ${r.stdout.slice(0, 200)}`];
  }
  const out: string[] = [];
  const syntax = findings.filter((f) => f.code === 'yaml-syntax');
  if (syntax.length > 1) {
    out.push(`${what}: ${syntax.length} yaml-syntax findings`);
  }
  if (input.expect === 'none' && findings.length > 0) {
    out.push(`${what}: expected no finding, got ${findings.map((f) => f.code).join(', ')}`);
  }
  if ((input.expect === 'syntax' || input.expect === 'syntax-check-only') && (findings.length !== 1 || !SYNTAX_MESSAGE.test(syntax[0]?.message ?? ''))) {
    out.push(`${what}: expected one yaml-syntax finding, got ${JSON.stringify(findings.map((f) => f.code))}`);
  }
  if (input.name === 'bom-crlf.yaml') {
    // The BOM and the CRLFs do not shift positions: the unnamed port is on line 9.
    const f = findings.map((x) => `${x.code}@${x.range.start.line + 1}`);
    if (f.join() !== 'svc-port-named@9') {
      out.push(`${what}: expected svc-port-named on line 9, got ${f.join()}`);
    }
  }
  if (input.name === 'bom-concatenated.yaml' && findings.filter((f) => f.code === 'svc-port-named').length !== 2) {
    out.push(`${what}: a BOM after --- hid a Service: ${findings.map((f) => f.code).join()}`);
  }
  return out;
}

const NORMAL = `apiVersion: v1
kind: Service
metadata:
  name: normal
spec:
  selector:
    app: normal
  ports:
    - port: 9080
`;

/** A request that must answer before its watchdog: no answer by then is a hang. */
function within<T>(what: string, ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms — the server hangs (or is stuck in a loop)`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function lineCount(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

describe('bad-input corpus: language server over stdio', { skip: SKIP_BUILD }, () => {
  let client: TestClient;
  let dir: string;
  let paths: Map<string, string>;
  const normalUri = 'file:///reliability/normal.yaml';
  let normalVersion = 1;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-reliability-lsp-'));
    // The background scan reads the corpus from disk too (the heavy inputs only arrive through didOpen).
    paths = writeInputs(dir, INPUTS.filter((i) => !i.heavy));
    for (const i of INPUTS.filter((x) => x.heavy)) {
      paths.set(i.name, path.join(dir, 'heavy', i.name));
    }
    client = new TestClient();
    await client.initialize(dir, 120_000 * TIME_FACTOR);
    await client.open(normalUri, NORMAL, normalVersion);
  });

  after(async () => {
    await client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The server still answers, and correctly, for an ordinary file. */
  async function normalStillServed(): Promise<void> {
    normalVersion++;
    await client.change(normalUri, NORMAL.replace('normal', `normal-${normalVersion}`), normalVersion);
    const d = await within('diagnostics of the normal file', watchdogMs(NORMAL), client.diagnostics(normalUri));
    assert.deepEqual(
      d.map((x) => x.code),
      ['svc-port-named'],
    );
    assert.ok(client.alive, `the server died; stderr: ${client.stderr.slice(-2000)}`);
  }

  for (const input of INPUTS) {
    it(input.name, async () => {
      const text = input.text();
      const watchdog = watchdogMs(text);
      const uri = pathToFileURL(paths.get(input.name) ?? path.join(dir, input.name)).toString();
      await client.open(uri, text, 1);
      const diags = await within(`diagnostics of ${input.name}`, watchdog, client.diagnostics(uri));
      const problems = diagnosticProblems(input, text, diags);
      if (!input.heavy) {
        // What an editor asks for next on an open file: lenses, quick fixes everywhere, the injection preview.
        await within(`code lenses of ${input.name}`, watchdog, client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }));
        const end = { line: lineCount(text), character: 0 };
        await within(
          `code actions of ${input.name}`,
          watchdog,
          client.connection.sendRequest('textDocument/codeAction', {
            textDocument: { uri },
            range: { start: { line: 0, character: 0 }, end },
            context: { diagnostics: diags },
          }),
        );
        const preview = await within(
          `injection preview of ${input.name}`,
          watchdog,
          client.connection.sendRequest('istio/previewInjection', { uri }) as Promise<{ ok: boolean; error?: string }>,
        );
        if (!preview.ok && (/internal error/i.test(preview.error ?? '') || (preview.error ?? '').trim() === '')) {
          problems.push(`preview: ${preview.error}`);
        }
      }
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      assert.deepEqual(problems, []);
      await normalStillServed();
    });
  }

  it('logged no error and wrote nothing to stderr', () => {
    assert.ok(client.alive);
    assert.deepEqual(
      client.logs.filter((l) => l.type === 1),
      [],
    );
    assert.equal(client.stderr, '');
  });
});

function diagnosticProblems(input: CorpusInput, text: string, diags: readonly Diagnostic[]): string[] {
  const out: string[] = [];
  const syntax = diags.filter((d) => d.code === 'yaml-syntax');
  if (syntax.length > 1) {
    out.push(`${syntax.length} yaml-syntax diagnostics (at most one per file)`);
  }
  for (const d of syntax) {
    if (!SYNTAX_MESSAGE.test(d.message) || d.message.includes('\n')) {
      out.push(`unclear yaml-syntax message: ${JSON.stringify(d.message)}`);
    }
  }
  const lines = lineCount(text);
  for (const d of diags) {
    if (d.range.start.line >= lines || d.range.end.line >= lines) {
      out.push(`${String(d.code)} past the end of the file: ${JSON.stringify(d.range)}`);
    }
  }
  if (input.expect === 'none' && diags.length > 0) {
    out.push(`expected no diagnostic, got ${diags.map((d) => d.code).join(', ')}`);
  }
  if ((input.expect === 'syntax' || input.expect === 'syntax-check-only') && (diags.length !== 1 || syntax.length !== 1)) {
    out.push(`expected exactly one yaml-syntax diagnostic, got ${diags.map((d) => d.code).join(', ')}`);
  }
  if (input.name === 'bom-crlf.yaml') {
    const f = diags.map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}`);
    if (f.join() !== 'svc-port-named@8:6') {
      out.push(`expected svc-port-named at 8:6, got ${f.join()}`);
    }
  }
  return out;
}
