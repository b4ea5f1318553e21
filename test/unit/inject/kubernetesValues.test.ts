import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { injectText, type InjectProfile, type OutputStyle } from '../../../server/src/core/inject/index';
import { goYamlText } from '../../../server/src/core/inject/writer';

/**
 * Goldens of values as kubectl and kube-inject read them (YAML 1.1 as go-yaml reads it) through both writers. The
 * legacy-0.2 injector's output is compared byte for byte (`UPDATE_GOLDENS=1` rewrites the files, to be reviewed);
 * today's injector, whose templates change with Istio, is held to the same properties without a full golden.
 */
const DIR = join(__dirname, 'kubernetes-values');
const INPUT = readFileSync(join(DIR, 'input.yaml'), 'utf8');

function inject(profile: InjectProfile, style: OutputStyle, text = INPUT): string {
  const r = injectText(text, { profile }, style);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.text;
}

function golden(name: string, actual: string): void {
  const file = join(DIR, name);
  if (process.env['UPDATE_GOLDENS'] === '1') {
    writeFileSync(file, actual);
  }
  assert.equal(actual, readFileSync(file, 'utf8'), `${name} differs (UPDATE_GOLDENS=1 rewrites it)`);
}

/** The input's lines, each found in the output in order: nothing of the user's text was rewritten or dropped. */
function keptLines(output: string, changed: ReadonlySet<string> = new Set()): string[] {
  const out = output.split('\n');
  let at = 0;
  const missing: string[] = [];
  for (const line of INPUT.split('\n')) {
    if (changed.has(line)) {
      continue;
    }
    const i = out.indexOf(line, at);
    if (i < 0) {
      missing.push(line);
    } else {
      at = i + 1;
    }
  }
  return missing;
}

describe('injecting values as Kubernetes reads them', () => {
  it('istioctl style: 0400 is 256, 0755 493, no false, 010 8, 1_0 10, 0x1E 30, as kube-inject prints them', () => {
    const out = inject('legacy-0.2', 'istioctl');
    golden('legacy-0.2.istioctl.yaml', out);
    for (const expected of ['defaultMode: 256', 'defaultMode: 493', 'hostNetwork: false', 'enableServiceLinks: false', 'replicas: 8', 'revisionHistoryLimit: 10', 'terminationGracePeriodSeconds: 30', 'readOnlyRootFilesystem: true', 'version: "1.0"']) {
      assert.ok(out.includes(expected), expected);
    }
  });

  it('minimal style: the injected nodes spliced in, every other byte as written', () => {
    const out = inject('legacy-0.2', 'minimal');
    golden('legacy-0.2.minimal.yaml', out);
    assert.deepEqual(keptLines(out), []);
    assert.equal(inject('legacy-0.2', 'minimal', out), out, 'injecting the output again changes nothing');
  });

  it("today's injector, both styles: the same values, the user's bytes kept in minimal (flow maps grow in flow style)", () => {
    for (const profile of ['classic', 'native'] as const) {
      const istioctl = inject(profile, 'istioctl');
      for (const expected of ['defaultMode: 256', 'defaultMode: 493', 'enableServiceLinks: false', 'replicas: 8']) {
        assert.ok(istioctl.includes(expected), `${profile}: ${expected}`);
      }
      // `no` is false, which Go's typed PodSpec leaves out (omitempty), as kube-inject prints it; never the string.
      assert.ok(!istioctl.includes('hostNetwork'), profile);
      const minimal = inject(profile, 'minimal');
      const labels = '      labels: {app: web, version: "1.0"}';
      assert.deepEqual(keptLines(minimal, new Set([labels])), [], profile);
      assert.match(minimal, /^ {6}labels: \{app: web, version: "1\.0", security\.istio\.io\/tlsMode: istio, .*\}$/m);
      assert.equal(inject(profile, 'minimal', minimal), minimal, `${profile}: idempotent`);
    }
  });

  it('istioctl style quotes strings go-yaml would read as something else, and only those', () => {
    const quoted = ['0400', '0o17', '09', '1_0', '0x1F', '0b101', '1e3', '.5', 'on', 'N', '~', '12:30', '2001-12-14', '2001-12-14T21:59:43.10-05:00'];
    const plain = ['1e400', '100m', 'v1', '1.2.3', '0x', '_1', 'nginx:1.25'];
    const out = goYamlText({ q: quoted, p: plain });
    for (const s of quoted) {
      assert.ok(out.includes(`- "${s}"\n`), `quoted ${s}`);
    }
    for (const s of plain) {
      assert.ok(out.includes(`- ${s}\n`), `plain ${s}`);
    }
  });
});
