import { parseDocument } from 'yaml';
import { withoutBom } from '../../server/src/core/byteOrderMark';
import { meshFileProblem, meshFileUri } from '../../server/src/core/model/meshFiles';
import type { MeshFileKind } from '../../server/src/core/model/meshFiles';
import { loadBundledSchemas } from '../../server/src/bundledSchemaLoader';
import { allRules } from '../../server/src/core/rules/registry';
import { setBundledSchemaLoader } from '../../server/src/core/schema/bundled';
import type { Rule } from '../../server/src/core/rules/rule';
import { istioAnalyzersOf, kindsMirroring } from '../../server/src/core/rules/shared/istioAnalyzer';
import { choiceFlag, parseCommandArgs, stringFlag } from './args';
import type { FlagSpec } from './args';
import { MeshService, syntaxFinding } from '../../server/src/core/service';
import { normalizeSettings } from '../../server/src/core/settings';
import { expandPaths } from './files';
import type { CliIo } from './io';
import { UsageError } from './io';
import { NotUtf8Error, InputError } from './textFiles';
import type { JsonFinding } from './report';
import { formatSarif, formatText, toJsonFindings } from './report';

const FORMATS = ['text', 'json', 'sarif'] as const;
const PROFILES = ['auto', 'legacy-0.2', 'classic', 'native'] as const;

const FLAGS: Readonly<Record<string, FlagSpec>> = {
  format: { type: 'string' },
  profile: { type: 'string' },
  namespace: { type: 'string' },
  'mesh-config': { type: 'string', aliases: ['meshConfigFile'] },
  'mesh-networks': { type: 'string', aliases: ['meshNetworksFile'] },
  analyzer: { type: 'string', multiple: true },
};

/**
 * `istio-mesh check [--profile P] [--format text|json|sarif] [--namespace NS] [--mesh-config F] [--mesh-networks F]
 * [--analyzer NAME]... <files or folders...>`.
 */
export async function runCheck(argv: readonly string[], io: CliIo, version: string): Promise<number> {
  const args = parseCommandArgs(argv, FLAGS);
  const format = choiceFlag(args, 'format', FORMATS, 'text');
  const profile = choiceFlag(args, 'profile', PROFILES, 'auto');
  const defaultNamespace = stringFlag(args, 'namespace') ?? 'default';
  const paths = args.positionals;
  if (paths.length === 0) {
    throw new UsageError('check needs at least one file or folder');
  }
  const rules = selectRules(args.strings.get('analyzer'), io);
  // Skipped files are said on stderr, not as findings: the run is not failed by a FIFO left in a folder.
  const files = await expandPaths(paths, (p, why) => io.stderr(`istio-mesh: ${p} ${why}.\n`));
  const service = new MeshService(rules, (id, e) => io.stderr(`rule ${id} failed: ${String(e)}\n`));
  const texts = new Map<string, string>();
  const notText = new Map<string, JsonFinding>();
  for (const f of files) {
    let text: string;
    try {
      text = io.readFile(f);
    } catch (e) {
      if (e instanceof NotUtf8Error) {
        // kubectl refuses the whole file too; a finding, so the other files are still checked.
        notText.set(f, notUtf8Finding(f, e));
        continue;
      }
      throw readError(f, e);
    }
    texts.set(f, withoutBom(text));
    service.setFile(f, texts.get(f) ?? '');
  }
  const meshFiles = [
    ...readMeshFile(service, io, stringFlag(args, 'mesh-config'), 'MeshConfig'),
    ...readMeshFile(service, io, stringFlag(args, 'mesh-networks'), 'MeshNetworks'),
  ];
  // Naming an analyzer asks for it: a rule that is off by default (as Istio leaves annotations.AlphaAnalyzer out of
  // its default set) runs, at info.
  const asked = args.strings.has('analyzer') ? rules.filter((r) => isOffEverywhere(r)).map((r) => [r.id, 'info']) : [];
  const settings = normalizeSettings({ profile, defaultNamespace, rules: Object.fromEntries(asked) });
  const bundled = setBundledSchemaLoader(service.index, loadBundledSchemas, (e) => e && io.stderr(`istio-mesh: ${String(e)}\n`));
  const collect = (): JsonFinding[] => {
    const out: JsonFinding[] = [];
    for (const f of files) {
      const bad = notText.get(f);
      out.push(...(bad ? [bad] : toJsonFindings(f, texts.get(f) ?? '', service.validate(f, settings))));
    }
    for (const m of meshFiles) {
      const own = service.validate(m.uri, settings).map((x) => ({ ...x, uri: m.path }));
      out.push(...toJsonFindings(m.path, m.text, own));
    }
    return out;
  };
  let findings = collect();
  // An Istio resource without a CRD asked for the bundled schemas, loaded only then: its findings again, with them.
  if (await bundled.settled()) {
    findings = collect();
  }
  if (format === 'json') {
    io.stdout(`${JSON.stringify(findings, null, 2)}\n`);
  } else if (format === 'sarif') {
    io.stdout(formatSarif(findings, allRules, version));
  } else {
    io.stdout(formatText(findings));
  }
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/** The one finding of a file that is not UTF-8, at its first bad byte. */
function notUtf8Finding(file: string, e: NotUtf8Error): JsonFinding {
  const prefix = withoutBom(e.validPrefix);
  const at = { start: prefix.length, end: prefix.length + 1 };
  // The text up to the bad byte and one character for it: positions are counted as for any other finding.
  const [finding] = toJsonFindings(file, `${prefix} `, [syntaxFinding(file, at, `the file ${e.message}`)]);
  return finding as JsonFinding;
}

function readError(file: string, e: unknown): UsageError {
  return new UsageError(e instanceof InputError ? `${file}: ${e.message}` : `${file}: cannot read (${(e as Error).message})`);
}

/**
 * The rules to run: all, or with `--analyzer` only those mirroring the named Istio analyzers (as Istio's tests run one
 * analyzer). A name no rule mirrors is said on stderr and runs nothing.
 */
function selectRules(analyzers: readonly string[] | undefined, io: CliIo): readonly Rule[] {
  if (!analyzers) {
    return allRules;
  }
  const selected: Rule[] = [];
  for (const rule of allRules) {
    const kinds = new Set(analyzers.flatMap((a) => kindsMirroring(rule, a) ?? []));
    if (kinds.size > 0) {
      // A rule mirroring one analyzer per kind runs on the kinds asked for only.
      selected.push(kinds.size === rule.kinds.length ? rule : { ...rule, kinds: rule.kinds.filter((k) => kinds.has(k)) });
    }
  }
  for (const name of analyzers) {
    if (!allRules.some((r) => kindsMirroring(r, name) !== undefined)) {
      const known = [...new Set(allRules.flatMap(istioAnalyzersOf))].sort();
      io.stderr(`istio-mesh: no rule mirrors Istio's analyzer "${name}"; known: ${known.join(', ')}.\n`);
    }
  }
  return selected;
}

/**
 * A MeshConfig or MeshNetworks file as `istioctl analyze` takes them: bare, indexed as that one resource. A
 * Kubernetes manifest given instead (the `istio` ConfigMap, say) is read as the manifest it is.
 */
function readMeshFile(service: MeshService, io: CliIo, path: string | undefined, kind: MeshFileKind): { uri: string; path: string; text: string }[] {
  if (path === undefined) {
    return [];
  }
  let text: string;
  try {
    text = io.readFile(path);
  } catch (e) {
    throw readError(path, e);
  }
  text = withoutBom(text);
  const manifest = isManifest(text);
  const problem = manifest ? undefined : meshFileProblem(kind, text);
  if (problem !== undefined) {
    throw new UsageError(`invalid ${kind === 'MeshConfig' ? 'mesh config' : 'mesh networks'} ${path}: ${problem}`);
  }
  const uri = manifest ? path : meshFileUri(kind, path);
  if (service.index.get(uri)) {
    return []; // also among the files checked: read and reported once
  }
  service.setFile(uri, text);
  return [{ uri, path, text }];
}

function isManifest(text: string): boolean {
  try {
    const first: unknown = parseDocument(text, { logLevel: 'silent' }).toJS({ maxAliasCount: 100 });
    return typeof first === 'object' && first !== null && 'kind' in first && 'apiVersion' in first;
  } catch {
    return false;
  }
}

function isOffEverywhere(rule: Rule): boolean {
  const d = rule.defaultSeverity;
  return typeof d === 'string' ? d === 'off' : Object.values(d).every((s) => s === 'off');
}
