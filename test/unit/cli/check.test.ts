import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseCommandArgs } from '../../../cli/src/args';
import { runCheck } from '../../../cli/src/check';
import { UsageError } from '../../../cli/src/io';
import type { JsonFinding } from '../../../cli/src/report';
import { readTextFile } from '../../../cli/src/textFiles';

interface Run {
  readonly code: number;
  readonly findings: JsonFinding[];
  readonly err: string;
}

async function check(args: readonly string[]): Promise<Run> {
  let out = '';
  let err = '';
  const code = await runCheck(['--format', 'json', ...args], {
    readFile: readTextFile,
    readStdin: () => Promise.resolve(''),
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
  }, 'test');
  return { code, findings: JSON.parse(out) as JsonFinding[], err };
}

describe('one argument parser for the commands', () => {
  const spec = {
    filename: { type: 'string', short: 'f' },
    values: { type: 'string', aliases: ['valuesFile'] },
    analyzer: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  } as const;

  it('reads values, aliases, inline values, repeats and positionals', () => {
    const a = parseCommandArgs(['-f', 'x.yaml', '--valuesFile=v.json', '--analyzer', 'a', '--analyzer', 'b', 'p1', '--', '--p2'], spec);
    assert.deepEqual(a.strings.get('filename'), ['x.yaml']);
    assert.deepEqual(a.strings.get('values'), ['v.json']);
    assert.deepEqual(a.strings.get('analyzer'), ['a', 'b']);
    assert.deepEqual(a.positionals, ['p1', '--p2']);
    assert.ok(parseCommandArgs(['-h'], spec).flags.has('help'));
    assert.deepEqual(parseCommandArgs(['-f', '-'], spec).strings.get('filename'), ['-']);
  });

  for (const [argv, message] of [
    [['--bogus'], /^unknown flag --bogus$/],
    [['-f'], /^-f needs a value$/],
    [['-f', '--values', 'v'], /^-f needs a value$/],
    [['--values', 'a', '--valuesFile', 'b'], /^--valuesFile given twice$/],
    [['--help=yes'], /^--help takes no value$/],
  ] as const) {
    it(`refuses ${argv.join(' ')} with a usage error`, () => {
      assert.throws(() => parseCommandArgs(argv, spec), (e: unknown) => e instanceof UsageError && message.test(e.message));
    });
  }
});

describe('istio-mesh check: --analyzer, --mesh-config, --mesh-networks', () => {
  let dir: string;
  const file = (name: string, text: string): string => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-check-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--analyzer runs only the rules mirroring that Istio analyzer; an unknown name is said on stderr', async () => {
    const f = file(
      'mixed.yaml',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: a\nspec:\n  ports:\n    - port: 80\n      name: foo\n' +
        '---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: vs\n  namespace: a\n' +
        'spec:\n  hosts: [s]\n  http:\n    - route:\n        - destination:\n            host: nowhere\n',
    );
    const all = await check([f]);
    assert.ok(all.findings.some((x) => x.istioAnalyzer === 'virtualservice.DestinationHostAnalyzer'), JSON.stringify(all.findings));
    const one = await check(['--analyzer', 'service.PortNameAnalyzer', f]);
    assert.ok(one.findings.length > 0);
    assert.deepEqual([...new Set(one.findings.map((x) => x.istioAnalyzer))], ['service.PortNameAnalyzer']);
    const two = await check(['--analyzer', 'service.PortNameAnalyzer', '--analyzer', 'virtualservice.DestinationHostAnalyzer', f]);
    assert.deepEqual(new Set(two.findings.map((x) => x.istioAnalyzer)), new Set(['service.PortNameAnalyzer', 'virtualservice.DestinationHostAnalyzer']));
    const none = await check(['--analyzer', 'virtualservice.NoSuchAnalyzer', f]);
    assert.deepEqual(none.findings, []);
    assert.match(none.err, /no rule mirrors Istio's analyzer "virtualservice.NoSuchAnalyzer"/);
  });

  it('--analyzer runs a rule that is off by default when its analyzer is named', async () => {
    const f = file(
      'alpha.yaml',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n    networking.istio.io/exportTo: "."\n' +
        'spec:\n  ports:\n    - port: 80\n      name: http\n',
    );
    assert.ok(!(await check([f])).findings.some((x) => x.istioCode === 'IST0136'));
    const named = await check(['--analyzer', 'annotations.AlphaAnalyzer', f]);
    assert.deepEqual(named.findings.map((x) => [x.code, x.severity]), [['anno-not-alpha', 'info']]);
  });

  it('--mesh-networks reads a bare MeshNetworks file and reports in it, on the resource Istio names', async () => {
    const nets = file(
      'meshnetworks.yaml',
      'networks:\n  network1:\n    endpoints:\n      - fromRegistry: kubernetes\n  network2:\n    endpoints:\n      - fromRegistry: Kubernetes\n',
    );
    const secret = file('empty.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n');
    const r = await check(['--mesh-networks', nets, secret]);
    const found = r.findings.filter((x) => x.istioCode === 'IST0126');
    assert.equal(found.length, 1, JSON.stringify(r.findings));
    assert.equal(found[0]?.file, nets);
    assert.deepEqual(found[0]?.range, { start: { line: 3, character: 22 }, end: { line: 3, character: 32 } });
    assert.deepEqual(found[0]?.resource, { kind: 'MeshNetworks', namespace: 'istio-system', name: 'meshnetworks' });
    assert.equal(r.code, 1); // an error finding
  });

  it('--mesh-config gives the image type the proxy image check allows', async () => {
    const manifests = file(
      'pods.yaml',
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: enabled\n---\n' +
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio-sidecar-injector\n  namespace: istio-system\ndata:\n' +
        '  values: \'{"global":{"hub":"hub.io","tag":"1.2","proxy":{"image":"proxyv2"}}}\'\n---\n' +
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  containers:\n' +
        '    - name: istio-proxy\n      image: hub.io/proxyv2:1.2-distroless\n',
    );
    const without = await check([manifests]);
    assert.ok(without.findings.some((x) => x.istioCode === 'IST0158'));
    const bare = file('mesh.yaml', 'defaultConfig:\n  image:\n    imageType: distroless\n');
    assert.ok(!(await check(['--mesh-config', bare, manifests])).findings.some((x) => x.istioCode === 'IST0158'));
    const configMap = file(
      'istio-cm.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio\n  namespace: istio-system\ndata:\n  mesh: |\n    defaultConfig:\n      image:\n        imageType: distroless\n',
    );
    assert.ok(!(await check(['--mesh-config', configMap, manifests])).findings.some((x) => x.istioCode === 'IST0158'));
  });

  it('a mesh file that cannot be read is a usage error naming it', async () => {
    const m = file('ok.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n');
    await assert.rejects(check(['--mesh-networks', path.join(dir, 'missing.yaml'), m]), (e: unknown) => e instanceof UsageError && /missing\.yaml/.test(e.message));
    await assert.rejects(check(['--mesh-config']), (e: unknown) => e instanceof UsageError && /--mesh-config needs a value/.test(e.message));
  });
});
