import { runCheck } from './check';
import { runInject } from './inject';
import type { CliIo } from './io';
import { UsageError } from './io';
import { decodeUtf8, readTextFile } from './textFiles';

declare const CLI_VERSION: string;

const USAGE = `istio-mesh — Istio mesh rules and sidecar injection for Kubernetes manifests

Usage:
  istio-mesh check [--profile auto|legacy-0.2|classic|native] [--format text|json|sarif] [--namespace NS] [--mesh-config F] [--mesh-networks F] [--analyzer NAME]... <files or folders...>
  istio-mesh inject -f <file|-> [--profile P] [--values F] [--mesh-config F] [--inject-config F] [--style istioctl|minimal]

check:
  --mesh-config      MeshConfig the analyzers read (bare, as istioctl analyze --meshConfigFile takes it, or the istio
                     ConfigMap); default: the istio ConfigMap among the files
  --mesh-networks    MeshNetworks (bare, or the istio ConfigMap with data.meshNetworks)
  --analyzer         run only the rules mirroring this Istio analyzer (e.g. virtualservice.DestinationHostAnalyzer);
                     repeatable; --format json names each finding's analyzer as istioAnalyzer

Exit codes: 0 clean, 1 error findings (check), 2 usage or input error.
`;

const io: CliIo = {
  readFile: readTextFile,
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) {
      chunks.push(c as Buffer);
    }
    return decodeUtf8(Buffer.concat(chunks));
  },
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version') {
    io.stdout(`${typeof CLI_VERSION === 'string' ? CLI_VERSION : 'dev'}\n`);
    return 0;
  }
  if (command === 'check') {
    return runCheck(rest, io, typeof CLI_VERSION === 'string' ? CLI_VERSION : 'dev');
  }
  if (command === 'inject') {
    return runInject(rest, io);
  }
  throw new UsageError(`unknown command "${command}"; try "istio-mesh --help"`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // Usage and input errors are the user's to fix: one line, no stack. Anything else is our bug: say so.
    const msg = e instanceof UsageError ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
    process.stderr.write(`istio-mesh: ${msg}\n`);
    process.exitCode = 2;
  },
);
