/**
 * `check --mesh-config F` / `--mesh-networks F` given files that are no MeshConfig or MeshNetworks: malformed YAML, a
 * JSON array, a scalar, NUL bytes, binary, a 50 MB line, alias bombs, wrong types inside. The README's Command line
 * section: exit 2 on input errors, with one `istio-mesh: …` line naming the file; a file that is a map is read and the
 * run goes on (exit 0 or 1). Never a stack trace, never "internal error". The CLI runs from source in a child process
 * under a generous watchdog (a hang fails the test and names the input).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TIME_FACTOR } from './inputs';

const repoRoot = path.join(__dirname, '..', '..');
const MAIN = path.join(repoRoot, 'cli', 'src', 'main.ts');
const WATCHDOG_MS = 240_000 * TIME_FACTOR;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`istio-mesh ${args.join(' ')} did not finish within ${WATCHDOG_MS} ms (hang?)`));
    }, WATCHDOG_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The bad mesh files: name, content, and what stderr must say after `<path>: ` (undefined: accepted, no stderr). */
const BAD: readonly { readonly name: string; readonly content: () => string | Buffer; readonly says?: RegExp }[] = [
  { name: 'malformed.yaml', content: () => 'defaultConfig: [\n  proxyMetadata: x\n', says: /^does not parse as YAML \(line \d+\): / },
  { name: 'bad-indent.yaml', content: () => 'defaultConfig:\n    a: 1\n  b: 2\n', says: /^does not parse as YAML \(line \d+\): / },
  { name: 'array.json', content: () => '[{"defaultConfig": {}}, 2]', says: /^is a list, where a Mesh(Config|Networks) is expected/ },
  { name: 'scalar.yaml', content: () => '42\n', says: /^is the number 42, where a Mesh(Config|Networks) is expected/ },
  { name: 'nul.yaml', content: () => 'abc\u0000\u0001def\n', says: /^is the string .*, where a Mesh(Config|Networks) is expected/ },
  { name: 'binary.dat', content: () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0xc3]), says: /^is not UTF-8 text: / },
  { name: 'huge-line.yaml', content: () => `defaultConfig: [${'x'.repeat(50 * 1024 * 1024)}\n`, says: /^does not parse as YAML \(line 2\): / },
  { name: 'huge-value.yaml', content: () => `defaultConfig:\n  discoveryAddress: ${'x'.repeat(50 * 1024 * 1024)}\n` },
  { name: 'unresolved-alias.yaml', content: () => 'defaultConfig: *nowhere\n' },
  {
    name: 'alias-bomb.yaml',
    content: () => {
      let s = 'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
      for (let i = 1; i < 9; i++) {
        const [prev, cur] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
        s += `${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(', ')}]\n`;
      }
      return `${s}defaultConfig: *i\nnetworks: *i\n`;
    },
  },
  {
    name: 'wrong-types.json',
    content: () =>
      '{"defaultConfig": {"proxyMetadata": [1], "image": "distroless"}, "outboundTrafficPolicy": 5, "networks": [1, 2], ' +
      '"meshNetworks": {"n": {"endpoints": "x", "gateways": {"a": 1}}}, "trustDomain": {"x": []}}',
  },
  { name: 'crlf-bom.yaml', content: () => '\ufeffnetworks:\r\n  n1:\r\n    endpoints:\r\n      - fromRegistry: c1\r\n' },
  { name: 'empty.yaml', content: () => '' },
  { name: 'documents-only.yaml', content: () => '---\n---\n...\n' },
];

describe('check --mesh-config / --mesh-networks with bad files', () => {
  let dir: string;
  let manifest: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-meshfiles-'));
    manifest = path.join(dir, 'svc.yaml');
    fs.writeFileSync(manifest, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  namespace: default\nspec:\n  ports:\n    - port: 80\n');
    for (const b of BAD) {
      fs.writeFileSync(path.join(dir, b.name), b.content());
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const flag of ['--mesh-config', '--mesh-networks'] as const) {
    for (const b of BAD) {
      it(`${flag} ${b.name}: ${b.says ? 'exit 2 with one line naming the file' : 'read, the run goes on'}`, async () => {
        const file = path.join(dir, b.name);
        const r = await cli(['check', '--format', 'json', flag, file, manifest]);
        assert.doesNotMatch(r.stderr, /\n\s+at |internal error|Warning:/, r.stderr.slice(0, 2000));
        if (b.says) {
          assert.equal(r.code, 2, r.stderr.slice(0, 2000));
          assert.equal(r.stdout, '');
          const lines = r.stderr.split('\n').filter((l) => l !== '');
          assert.equal(lines.length, 1, r.stderr.slice(0, 2000));
          const prefix = `istio-mesh: ${b.says.source.startsWith('^is not UTF-8') ? '' : `invalid ${flag === '--mesh-config' ? 'mesh config' : 'mesh networks'} `}${file}: `;
          assert.ok(lines[0]?.startsWith(prefix), `${lines[0]?.slice(0, 300)} starts with ${prefix}`);
          assert.match(lines[0]?.slice(prefix.length) ?? '', b.says);
          assert.ok((lines[0]?.length ?? 0) < 400, 'one short line, not the file');
        } else {
          assert.equal(r.stderr, '');
          assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}`);
          // The manifest is still checked: its unnamed port is reported.
          const findings = JSON.parse(r.stdout) as { file: string; code: string }[];
          assert.ok(findings.some((f) => f.file === manifest && f.code === 'svc-port-named'), r.stdout.slice(0, 2000));
        }
      });
    }
  }
});
