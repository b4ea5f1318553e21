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
import type { CliIo } from './io';
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
const FLAGS: Record<string, 'file' | 'profile' | 'values' | 'mesh' | 'inject' | 'style'> = {
  '-f': 'file',
  '--filename': 'file',
  '--profile': 'profile',
  '--values': 'values',
  '--valuesFile': 'values',
  '--mesh-config': 'mesh',
  '--meshConfigFile': 'mesh',
  '--inject-config': 'inject',
  '--injectConfigFile': 'inject',
  '--style': 'style',
};

class InjectUsageError extends Error {}

interface Options {
  file?: string;
  profile?: string;
  values?: string;
  mesh?: string;
  inject?: string;
  style?: string;
}

function parseArgs(argv: readonly string[]): Options | 'help' {
  const opts: Options = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h' || arg === '--help') {
      return 'help';
    }
    const eq = arg.startsWith('-') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const key = FLAGS[name];
    if (!key) {
      throw new InjectUsageError(
        arg.startsWith('-') ? `unknown flag ${arg}` : `unexpected argument "${arg}" (give the file with -f)`,
      );
    }
    let value: string | undefined;
    if (eq > 0) {
      value = arg.slice(eq + 1);
    } else {
      value = argv[i + 1];
      i++;
      if (value === undefined || (value.startsWith('-') && value !== '-')) {
        throw new InjectUsageError(`${name} needs a value`);
      }
    }
    if (opts[key] !== undefined) {
      throw new InjectUsageError(`${name} given twice`);
    }
    opts[key] = value;
  }
  return opts;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

async function readStdin(io: CliIo): Promise<string> {
  try {
    return await io.readStdin();
  } catch (e) {
    throw new InjectUsageError(`cannot read stdin: ${oneLine(e instanceof Error ? e.message : String(e))}`);
  }
}

function readInput(io: CliIo, path: string, what: string): string {
  try {
    return io.readFile(path);
  } catch (e) {
    const why = e instanceof InputError ? e.message : describeFsError(e).message;
    throw new InjectUsageError(`cannot read ${what} ${path}: ${oneLine(why)}`);
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
    throw new InjectUsageError(`invalid ${what} ${path}: ${oneLine(parsed.error)}`);
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
    throw new InjectUsageError(`unknown profile "${p}" (expected auto, ${INJECT_PROFILES.join(', ')})`);
  }
  return { profile: p as InjectProfile };
}

function resolveStyle(opts: Options): OutputStyle {
  const s = opts.style ?? 'istioctl';
  if (!(OUTPUT_STYLES as readonly string[]).includes(s)) {
    throw new InjectUsageError(`unknown style "${s}" (expected ${OUTPUT_STYLES.join(' or ')})`);
  }
  return s as OutputStyle;
}

/** `istio-mesh inject`: exit 0 with the injected YAML on stdout, 2 with one line on stderr otherwise. */
export async function runInject(argv: string[], io: CliIo): Promise<number> {
  try {
    const opts = parseArgs(argv);
    if (opts === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    if (opts.file === undefined) {
      throw new InjectUsageError('missing -f <file|->');
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
      e instanceof InjectUsageError ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
    io.stderr(`istio-mesh: ${oneLine(msg)}\n`);
    return 2;
  }
}
