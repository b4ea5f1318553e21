import {
  autoProfile,
  injectText,
  INJECT_PROFILES,
  OUTPUT_STYLES,
  parseInjectorInput,
  unwrapInjectorInput,
  type InjectInputs,
  type InjectProfile,
  type InputKind,
  type OutputStyle,
} from '../../server/src/core/inject/index';
import { parseCommandArgs, stringFlag } from './args';
import type { FlagSpec } from './args';
import type { CliIo } from './io';
import { UsageError } from './io';
import { describeFsError, InputError } from './textFiles';

const USAGE = `Usage: istio-mesh inject -f <file|-> [--profile auto|legacy-0.2|classic|native] [--values F]
                         [--mesh-config F] [--inject-config F] [--style istioctl|minimal]

Prints the manifests with Istio's sidecar injected, as istioctl kube-inject does.
  -f, --filename     the manifests (YAML, several documents allowed); "-" reads stdin
  --profile          which Istio injects: legacy-0.2, classic (sidecar as last container), native (native
                     sidecars on); auto (the default) reads --inject-config: Istio 0.2's istio-inject gives
                     legacy-0.2, templates that read .NativeSidecars native, other templates classic; none native
  --values           injector values: JSON or YAML, bare or the istio-sidecar-injector ConfigMap (data.values);
                     default: the data.values of an --inject-config ConfigMap
  --mesh-config      MeshConfig: bare or the istio ConfigMap (data.mesh)
  --inject-config    the istio-sidecar-injector ConfigMap or its config content (templates rendered as istiod
                     does), or for legacy-0.2 the istio-inject ConfigMap or its config content
  --style            istioctl (Go's output, the default) or minimal (your YAML, comments kept, injected parts added)
`;

/** Flags taking a value, with istioctl's spellings as aliases. */
const FLAGS: Readonly<Record<string, FlagSpec>> = {
  filename: { type: 'string', short: 'f' },
  profile: { type: 'string' },
  values: { type: 'string', aliases: ['valuesFile'] },
  'mesh-config': { type: 'string', aliases: ['meshConfigFile'] },
  'inject-config': { type: 'string', aliases: ['injectConfigFile'] },
  style: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

interface Options {
  file?: string;
  profile?: string;
  values?: string;
  mesh?: string;
  inject?: string;
  style?: string;
}

function readOptions(argv: readonly string[]): Options | 'help' {
  const args = parseCommandArgs(argv, FLAGS);
  if (args.flags.has('help')) {
    return 'help';
  }
  const [extra] = args.positionals;
  if (extra !== undefined) {
    throw new UsageError(`unexpected argument "${extra}" (give the file with -f)`);
  }
  const opts: Options = {};
  const set = (key: keyof Options, flag: string): void => {
    const v = stringFlag(args, flag);
    if (v !== undefined) {
      opts[key] = v;
    }
  };
  set('file', 'filename');
  set('profile', 'profile');
  set('values', 'values');
  set('mesh', 'mesh-config');
  set('inject', 'inject-config');
  set('style', 'style');
  return opts;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

async function readStdin(io: CliIo): Promise<string> {
  try {
    return await io.readStdin();
  } catch (e) {
    throw new UsageError(`cannot read stdin: ${oneLine(e instanceof Error ? e.message : String(e))}`);
  }
}

function readInput(io: CliIo, path: string, what: string): string {
  try {
    return io.readFile(path);
  } catch (e) {
    const why = e instanceof InputError ? e.message : describeFsError(e).message;
    throw new UsageError(`cannot read ${what} ${path}: ${oneLine(why)}`);
  }
}

function readConfig(
  io: CliIo,
  path: string | undefined,
  kind: InputKind,
  what: string,
): { value?: unknown; mesh?: unknown } {
  if (path === undefined) {
    return {};
  }
  const parsed = parseInjectorInput(readInput(io, path, what), kind);
  if (!parsed.ok) {
    throw new UsageError(`invalid ${what} ${path}: ${oneLine(parsed.error)}`);
  }
  return { value: parsed.value, mesh: parsed.mesh };
}

/** The profile to inject with; for `auto`, what the injector config given is (and why, for stderr). */
function resolveProfile(opts: Options, injectConfig: unknown): { profile: InjectProfile; note?: string } {
  const p = opts.profile ?? 'auto';
  if (p === 'auto') {
    const auto = autoProfile(injectConfig);
    return auto.reason === '' || injectConfig === undefined ? { profile: auto.profile } : { profile: auto.profile, note: `--profile auto: ${auto.profile}, ${auto.reason}` };
  }
  if (!(INJECT_PROFILES as readonly string[]).includes(p)) {
    throw new UsageError(`unknown profile "${p}" (expected auto, ${INJECT_PROFILES.join(', ')})`);
  }
  return { profile: p as InjectProfile };
}

function resolveStyle(opts: Options): OutputStyle {
  const s = opts.style ?? 'istioctl';
  if (!(OUTPUT_STYLES as readonly string[]).includes(s)) {
    throw new UsageError(`unknown style "${s}" (expected ${OUTPUT_STYLES.join(' or ')})`);
  }
  return s as OutputStyle;
}

/** `istio-mesh inject`: exit 0 with the injected YAML on stdout, 2 with one line on stderr otherwise. */
export async function runInject(argv: string[], io: CliIo): Promise<number> {
  try {
    const opts = readOptions(argv);
    if (opts === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    if (opts.file === undefined) {
      throw new UsageError('missing -f <file|->');
    }
    const style = resolveStyle(opts);
    const values = readConfig(io, opts.values, 'values', 'values file');
    const mesh = readConfig(io, opts.mesh, 'mesh', 'mesh config');
    const injectConfig = readConfig(io, opts.inject, 'inject-config', 'inject config');
    const { profile, note } = resolveProfile(opts, injectConfig.value);
    if (note !== undefined) {
      io.stderr(`istio-mesh: ${oneLine(note)}\n`);
    }
    const text = opts.file === '-' ? await readStdin(io) : readInput(io, opts.file, 'file');

    const inputs: InjectInputs = { profile };
    if (values.value !== undefined) {
      inputs.values = values.value;
    } else if (profile !== 'legacy-0.2' && injectConfig.value !== undefined) {
      // An exported istio-sidecar-injector ConfigMap carries the values its templates were rendered with.
      const own = unwrapInjectorInput(injectConfig.value, 'values');
      if (own.ok && own.value !== undefined && own.value !== injectConfig.value) {
        inputs.values = own.value;
      }
    }
    const meshConfig = mesh.value ?? (opts.mesh === undefined ? values.mesh : undefined);
    if (meshConfig !== undefined) {
      inputs.meshConfig = meshConfig;
    }
    if (injectConfig.value !== undefined) {
      inputs.injectConfig = injectConfig.value;
    }
    const result = injectText(text, inputs, style);
    if (!result.ok) {
      io.stderr(`istio-mesh: ${oneLine(result.error)}\n`);
      return 2;
    }
    for (const w of result.warnings) {
      io.stderr(`${oneLine(w)}\n`);
    }
    io.stdout(result.text);
    return 0;
  } catch (e) {
    const msg =
      e instanceof UsageError ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
    io.stderr(`istio-mesh: ${oneLine(msg)}\n`);
    return 2;
  }
}
