import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { allRules } from '../../../server/src/core/rules/registry';
import { ruleSeverity } from '../../../server/src/core/rules/rule';
import type { Finding } from '../../../server/src/core/service';
import { MeshService } from '../../../server/src/core/service';
import type { CoreSettings } from '../../../server/src/core/settings';
import { normalizeSettings } from '../../../server/src/core/settings';
import { parseFile } from '../../../server/src/core/yaml/parse';
import type { ExpectedSpan } from './fixtureMarkers';
import { readHeader, readMarkers } from './fixtureMarkers';

/**
 * Every rule against its fixtures: `test/fixtures/rules/<rule-id>/{valid,invalid}/<case>` where a case is a YAML file
 * or a folder of YAML files loaded together. The format is described in test/fixtures/rules/README.md.
 */
const ROOT = path.resolve(__dirname, '../../fixtures/rules');
const KINDS = ['valid', 'invalid'] as const;

interface CaseFile {
  readonly uri: string;
  readonly name: string;
  readonly text: string;
  readonly markers: readonly ExpectedSpan[];
}

/** A finding or a marker reduced to what is compared. */
interface Key {
  readonly uri: string;
  readonly rule: string;
  readonly start: number;
  readonly end: number | undefined;
}

function isYaml(name: string): boolean {
  return name.endsWith('.yaml') || name.endsWith('.yml');
}

function listCase(casePath: string): string[] {
  if (statSync(casePath).isDirectory()) {
    return readdirSync(casePath)
      .filter(isYaml)
      .sort()
      .map((f) => path.join(casePath, f));
  }
  return [casePath];
}

function loadCase(casePath: string): { files: CaseFile[]; settings: CoreSettings } {
  const paths = listCase(casePath);
  assert.ok(paths.length > 0, `${casePath}: a case folder needs at least one .yaml file`);
  let profile: string | undefined;
  let defaultNamespace: string | undefined;
  const rules: Record<string, string> = {};
  const files = paths.map((p) => {
    const text = readFileSync(p, 'utf8');
    const header = readHeader(text);
    profile ??= header.profile;
    defaultNamespace ??= header.defaultNamespace;
    Object.assign(rules, header.rules);
    return { uri: pathToFileURL(p).href, name: path.relative(ROOT, p), text, markers: readMarkers(text) };
  });
  return { files, settings: normalizeSettings({ profile: profile ?? 'native', defaultNamespace, rules }) };
}

/** "12:5-12:13" (1-based lines and columns) for a span of a file. */
function where(text: string, start: number, end: number | undefined): string {
  const pos = (offset: number): string => {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    return `${line}:${offset - (before.lastIndexOf('\n') + 1) + 1}`;
  };
  return end === undefined ? `${pos(start)}-…` : `${pos(start)}-${pos(end)}`;
}

function sameKey(marker: Key, finding: Key): boolean {
  return (
    marker.uri === finding.uri &&
    marker.rule === finding.rule &&
    marker.start === finding.start &&
    (marker.end === undefined || marker.end === finding.end)
  );
}

function applyEdits(text: string, edits: readonly { span: { start: number; end: number }; newText: string }[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  let limit = text.length;
  for (const e of sorted) {
    assert.ok(e.span.start <= e.span.end && e.span.end <= limit, 'fix edits overlap or leave the text');
    out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
    limit = e.span.start;
  }
  return out;
}

function sameResource(a: Finding, b: Finding): boolean {
  return a.code === b.code && a.resource?.kind === b.resource?.kind && a.resource?.name === b.resource?.name;
}

/** Every fix leaves parseable YAML with as many objects; a preferred fix leaves fewer such findings on the object. */
function checkFixes(file: CaseFile, finding: Finding, settings: CoreSettings, fileFindings: readonly Finding[]): void {
  const objectCount = parseObjectsCount(file.uri, file.text);
  const before = fileFindings.filter((f) => sameResource(f, finding)).length;
  for (const fix of finding.fixes) {
    const fixed = applyEdits(file.text, fix.edits);
    const at = where(file.text, finding.span.start, finding.span.end);
    const label = `${file.name}: fix "${fix.title}" for ${finding.code} at ${at}`;
    const errors = parseFile(fixed).docs.flatMap((d) => d.errors);
    assert.deepEqual(errors.map((e) => e.message), [], `${label} leaves YAML that does not parse:\n${fixed}`);
    assert.equal(parseObjectsCount(file.uri, fixed), objectCount, `${label} changes the objects:\n${fixed}`);
    if (fix.preferred) {
      const after = new MeshService(allRules);
      after.setFile(file.uri, fixed);
      const left = after.validate(file.uri, settings).filter((f) => sameResource(f, finding)).length;
      assert.ok(left < before, `${label} is preferred but does not remove the finding:\n${fixed}`);
    }
  }
}

function parseObjectsCount(uri: string, text: string): number {
  const service = new MeshService(allRules);
  service.setFile(uri, text);
  return service.index.get(uri)?.objects.length ?? 0;
}

function runCase(ruleId: string, kind: (typeof KINDS)[number], casePath: string): void {
  const { files, settings } = loadCase(casePath);
  const service = new MeshService(allRules, (id, e) => {
    throw new Error(`rule ${id} threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  });
  for (const f of files) {
    service.setFile(f.uri, f.text);
  }
  const markers = files.flatMap((f) => f.markers.map((m) => ({ ...m, uri: f.uri })));
  const own = markers.filter((m) => m.rule === ruleId);
  if (kind === 'valid') {
    assert.equal(own.length, 0, `${casePath}: a valid case must not mark findings of ${ruleId}`);
  } else {
    assert.ok(own.length > 0, `${casePath}: an invalid case needs at least one marker for ${ruleId}`);
  }
  const known = new Set(allRules.map((r) => r.id));
  for (const m of markers) {
    assert.ok(known.has(m.rule), `${casePath}: marker on line ${m.markerLine} names unknown rule ${m.rule}`);
  }
  const relevant = new Set([ruleId, ...markers.map((m) => m.rule)]);
  const findings = files.flatMap((f) =>
    service.validate(f.uri, settings).filter((x) => relevant.has(x.code)).map((x) => ({ file: f, finding: x })),
  );
  const unmatched = [...markers];
  const unexpected: typeof findings = [];
  for (const fd of findings) {
    const key = { uri: fd.finding.uri, rule: fd.finding.code, start: fd.finding.span.start, end: fd.finding.span.end };
    const i = unmatched.findIndex((m) => sameKey(m, key));
    if (i >= 0) {
      unmatched.splice(i, 1);
    } else {
      unexpected.push(fd);
    }
  }
  const textOf = new Map(files.map((f) => [f.uri, f]));
  const problems = [
    ...unmatched.map((m) => {
      const f = textOf.get(m.uri);
      const rule = allRules.find((r) => r.id === m.rule);
      const off = rule && ruleSeverity(rule, service.resolveProfile(settings), settings) === 'off';
      return (
        `missing    ${m.rule} at ${f?.name}:${where(f?.text ?? '', m.start, m.end)} (marker line ${m.markerLine})` +
        (off ? ` — the rule is off in this profile; add "# rules: ${m.rule}=warning"` : '')
      );
    }),
    ...unexpected.map(
      (u) =>
        `unexpected ${u.finding.code} at ${u.file.name}:${where(u.file.text, u.finding.span.start, u.finding.span.end)} ` +
        `"${u.file.text.slice(u.finding.span.start, u.finding.span.end).split('\n')[0]}": ${u.finding.message}`,
    ),
  ];
  assert.deepEqual(problems, [], `${path.relative(ROOT, casePath)}:\n  ${problems.join('\n  ')}\n`);
  for (const fd of findings) {
    const sameFile = findings.filter((x) => x.file === fd.file).map((x) => x.finding);
    checkFixes(fd.file, fd.finding, settings, sameFile);
  }
}

const ruleDirs = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

for (const ruleId of ruleDirs) {
  describe(ruleId, () => {
    test('is a registered rule', () => {
      assert.ok(allRules.some((r) => r.id === ruleId), `test/fixtures/rules/${ruleId} has no rule with that id in registry.ts`);
    });
    for (const kind of KINDS) {
      const dir = path.join(ROOT, ruleId, kind);
      // A missing folder is the contract test's to report.
      const entries = existsSync(dir)
        ? readdirSync(dir).filter((e) => isYaml(e) || statSync(path.join(dir, e)).isDirectory())
        : [];
      for (const entry of entries.sort()) {
        test(`${kind}/${entry}`, () => runCase(ruleId, kind, path.join(dir, entry)));
      }
    }
  });
}
