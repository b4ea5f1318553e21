import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { before, describe, test } from 'node:test';

/**
 * The Istio injection grammar under VS Code's own YAML grammar, with the real vscode-textmate and
 * vscode-oniguruma (dev dependencies, as is VS Code's built-in YAML extension packaged for the browser); with
 * ISTIO_VSCODE_DIR set, the copies inside that VS Code build instead. It checks what the JS-only tests cannot: that
 * matching a key (and a one-line value) never changes how the YAML grammar reads the rest of the file.
 */
const REPO = path.resolve(__dirname, '../../..');
const INJECTION = 'istio.annotations.injection';

interface TmToken {
  startIndex: number;
  endIndex: number;
  scopes: string[];
}
interface TmGrammar {
  tokenizeLine(line: string, state: unknown): { tokens: TmToken[]; ruleStack: unknown };
}
interface TmRegistry {
  loadGrammar(scope: string): Promise<TmGrammar | null>;
}
interface Textmate {
  INITIAL: unknown;
  Registry: new (options: unknown) => TmRegistry;
  parseRawGrammar(content: string, filePath: string): unknown;
}
interface Oniguruma {
  loadWASM(data: ArrayBuffer): Promise<void>;
  OnigScanner: new (sources: string[]) => unknown;
  OnigString: new (s: string) => unknown;
}

/** Where the engine, its regex library and VS Code's YAML grammars come from. */
interface Engine {
  /** A folder whose node_modules resolve vscode-textmate and vscode-oniguruma. */
  readonly requireFrom: string;
  readonly wasm: string;
  readonly yamlSyntaxes: string;
}

/** A VS Code build (ISTIO_VSCODE_DIR), else the dev dependencies; the reason when neither is there. */
function findEngine(): Engine | string {
  const dir = process.env['ISTIO_VSCODE_DIR'];
  if (dir) {
    const engine = { requireFrom: dir, wasm: path.join(dir, 'node_modules/vscode-oniguruma/release/onig.wasm'), yamlSyntaxes: path.join(dir, 'extensions/yaml/syntaxes') };
    const missing = [path.join(dir, 'node_modules/vscode-textmate/package.json'), engine.wasm, engine.yamlSyntaxes].filter((p) => !existsSync(p));
    return missing.length === 0 ? engine : `ISTIO_VSCODE_DIR=${dir} is not a VS Code build: ${missing.join(', ')} missing`;
  }
  const req = createRequire(path.join(REPO, 'package.json'));
  try {
    req.resolve('vscode-textmate');
    return {
      requireFrom: REPO,
      wasm: path.join(path.dirname(req.resolve('vscode-oniguruma/package.json')), 'release/onig.wasm'),
      yamlSyntaxes: path.join(path.dirname(req.resolve('@codingame/monaco-vscode-yaml-default-extension/package.json')), 'resources'),
    };
  } catch (e) {
    return `the dev dependencies vscode-textmate, vscode-oniguruma and @codingame/monaco-vscode-yaml-default-extension are not installed (run npm install): ${(e as Error).message.split('\n')[0] ?? ''}`;
  }
}

const engine = findEngine();

// In CI a missing engine is a broken setup, not a reason to pass quietly.
if (typeof engine === 'string' && process.env['CI']) {
  test('the real vscode-textmate engine is installed', () => {
    assert.fail(engine);
  });
}
const skip = typeof engine === 'string' && !process.env['CI'] ? engine : false;

describe('Istio grammar inside VS Code\'s YAML grammar (real vscode-textmate)', () => {
  let tokenizeBoth: (text: string) => [[string, string][][], [string, string][][]];

  before(async () => {
    if (typeof engine === 'string') {
      return;
    }
    const req = createRequire(path.join(engine.requireFrom, 'package.json'));
    const tm = req('vscode-textmate') as Textmate;
    const onig = req('vscode-oniguruma') as Oniguruma;
    const wasm = readFileSync(engine.wasm);
    await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const yamlDir = engine.yamlSyntaxes;
    const yamlFiles = new Map(
      readdirSync(yamlDir)
        .filter((f) => f.endsWith('.tmLanguage.json'))
        .map((f) => {
          const p = path.join(yamlDir, f);
          return [(JSON.parse(readFileSync(p, 'utf8')) as { scopeName: string }).scopeName, p] as const;
        }),
    );
    yamlFiles.set(INJECTION, path.join(REPO, 'syntaxes/istio-annotations.injection.tmLanguage.json'));
    const registry = (inject: boolean): TmRegistry =>
      new tm.Registry({
        onigLib: Promise.resolve({
          createOnigScanner: (s: string[]) => new onig.OnigScanner(s),
          createOnigString: (s: string) => new onig.OnigString(s),
        }),
        loadGrammar: async (scope: string) => {
          const p = yamlFiles.get(scope);
          return p ? tm.parseRawGrammar(readFileSync(p, 'utf8'), p) : null;
        },
        getInjections: (scope: string) => (inject && scope === 'source.yaml' ? [INJECTION] : undefined),
      });
    const plain = (await registry(false).loadGrammar('source.yaml'))!;
    const withIstio = (await registry(true).loadGrammar('source.yaml'))!;
    const tokenize = (g: TmGrammar, text: string): [string, string][][] => {
      let state = tm.INITIAL;
      return text.split('\n').map((l) => {
        const r = g.tokenizeLine(l, state);
        state = r.ruleStack;
        return r.tokens.map((t) => [l.slice(t.startIndex, t.endIndex), t.scopes.join(' ')]);
      });
    };
    tokenizeBoth = (text) => [tokenize(plain, text), tokenize(withIstio, text)];
  });

  test('lines without Istio keys are tokenized exactly as without the injection (samples/)', { skip }, () => {
    const files = yamlFiles(path.join(REPO, 'samples'));
    assert.ok(files.length > 10);
    const changed: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const [a, b] = tokenizeBoth(text);
      text.split('\n').forEach((line, i) => {
        if (line.trim() === '' || /istio\.io\/|istio-injection/.test(line)) {
          return; // Blank lines: a plain value we end keeps no open continuation; nothing to see.
        }
        if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) {
          changed.push(`${path.relative(REPO, f)}:${i + 1}: ${line}`);
        }
      });
    }
    assert.deepEqual(changed, []);
  });

  test('keys, values, block scalars, flow mappings and comments', { skip }, () => {
    const text = [
      'metadata:',
      '  annotations:',
      '    sidecar.istio.io/inject: "yes"',
      '    proxy.istio.io/config: |',
      '      holdApplicationUntilProxyStarts: true',
      '    sidecar.istio.io/foo: bar # typo',
      '  labels: {istio-injection: enabled, app: x}',
      'spec: # sidecar.istio.io/inject: "true"',
      '  x: 1',
    ].join('\n');
    const [base, ours] = tokenizeBoth(text);
    const scopes = (line: number, piece: string): string => ours[line]!.find(([t]) => t === piece)?.[1] ?? '(no token)';
    assert.match(scopes(2, 'sidecar.istio.io/inject'), /entity\.name\.tag\.istio\.annotation\.yaml/);
    assert.match(scopes(2, 'yes'), /invalid\.illegal\.istio\.value\.yaml/);
    assert.match(scopes(3, 'proxy.istio.io/config'), /entity\.name\.tag\.istio\.annotation\.yaml/);
    assert.match(scopes(3, '|'), /block-scalar/, 'the block scalar indicator is still the YAML grammar\'s');
    assert.deepEqual(ours[4], base[4], 'the block scalar content is untouched');
    assert.match(scopes(5, 'sidecar.istio.io/foo'), /invalid\.illegal\.istio\.annotation\.yaml/);
    assert.match(scopes(6, 'istio-injection'), /entity\.name\.tag\.istio\.label\.yaml/);
    assert.match(scopes(6, 'app'), /entity\.name\.tag\.yaml/, 'the flow mapping goes on after our key');
    assert.deepEqual(ours[7], base[7], 'comments are not touched');
    assert.deepEqual(ours[8], base[8]);
  });
});

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(name) ? [p] : [];
  });
}
