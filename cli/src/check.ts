import { allRules } from '../../server/src/core/rules/registry';
import { MeshService, syntaxFinding } from '../../server/src/core/service';
import { normalizeSettings } from '../../server/src/core/settings';
import { expandPaths } from './files';
import type { CliIo } from './io';
import { UsageError } from './io';
import { NotUtf8Error, InputError } from './textFiles';
import type { JsonFinding } from './report';
import { formatSarif, formatText, toJsonFindings } from './report';

const FORMATS = ['text', 'json', 'sarif'] as const;
const PROFILES = ['auto', 'legacy-0.2', 'classic', 'native'];

/** `istio-mesh check [--profile P] [--format text|json|sarif] <files or folders...>`. */
export async function runCheck(argv: readonly string[], io: CliIo, version: string): Promise<number> {
  let format: (typeof FORMATS)[number] = 'text';
  let profile = 'auto';
  let defaultNamespace = 'default';
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) {
        throw new UsageError(`${a} needs a value`);
      }
      return v;
    };
    if (a === '--format') {
      const f = value();
      if (!(FORMATS as readonly string[]).includes(f)) {
        throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${f}"`);
      }
      format = f as (typeof FORMATS)[number];
    } else if (a === '--profile') {
      profile = value();
      if (!PROFILES.includes(profile)) {
        throw new UsageError(`--profile must be one of ${PROFILES.join(', ')}, not "${profile}"`);
      }
    } else if (a === '--namespace') {
      defaultNamespace = value();
    } else if (a.startsWith('-')) {
      throw new UsageError(`unknown option ${a}`);
    } else {
      paths.push(a);
    }
  }
  if (paths.length === 0) {
    throw new UsageError('check needs at least one file or folder');
  }
  // Skipped files are said on stderr, not as findings: the run is not failed by a FIFO left in a folder.
  const files = await expandPaths(paths, (p, why) => io.stderr(`istio-mesh: ${p} ${why}.\n`));
  const service = new MeshService(allRules, (id, e) => io.stderr(`rule ${id} failed: ${String(e)}\n`));
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
      throw new UsageError(e instanceof InputError ? `${f}: ${e.message}` : `${f}: cannot read (${(e as Error).message})`);
    }
    texts.set(f, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    service.setFile(f, texts.get(f) ?? '');
  }
  const settings = normalizeSettings({ profile, defaultNamespace });
  const findings: JsonFinding[] = [];
  for (const f of files) {
    const bad = notText.get(f);
    findings.push(...(bad ? [bad] : toJsonFindings(f, texts.get(f) ?? '', service.validate(f, settings))));
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
  const prefix = e.validPrefix.charCodeAt(0) === 0xfeff ? e.validPrefix.slice(1) : e.validPrefix;
  const at = { start: prefix.length, end: prefix.length + 1 };
  // The text up to the bad byte and one character for it: positions are counted as for any other finding.
  const [finding] = toJsonFindings(file, `${prefix} `, [syntaxFinding(file, at, `the file ${e.message}`)]);
  return finding as JsonFinding;
}
