// Runs the emulator as its own process, for E2E tests (the extension host is another process) or trying commands by
// hand:
//   node --import tsx test/cluster/emulator/serve.ts [--kubeconfig FILE] [--seed istio-0.2|istiod] [--user admin|viewer|forbidden|namespaceReader|invalid] [--http]
// Prints one JSON line {url, kubeconfig, tokens} on stdout when ready, then serves until SIGINT/SIGTERM.
import * as fs from 'node:fs';
import { istio02Install, istiodInstall, node } from './fixtures';
import { startEmulator, type EmulatorTokens } from './index';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const seedName = arg('seed');
  const seed = seedName === 'istio-0.2' ? istio02Install() : seedName === 'istiod' ? istiodInstall() : [];
  const emu = await startEmulator({ tls: !process.argv.includes('--http'), seed: [...seed, node('node-1', { internalIP: '192.168.49.2' })] });
  const user = (arg('user') ?? 'admin') as keyof EmulatorTokens;
  const kubeconfig = arg('kubeconfig');
  if (kubeconfig) {
    fs.writeFileSync(kubeconfig, emu.kubeconfigYaml('emulator', emu.tokens[user]), { mode: 0o600 });
  }
  process.stdout.write(`${JSON.stringify({ url: emu.url, kubeconfig: kubeconfig ?? null, tokens: emu.tokens })}\n`);
  const stop = (): void => {
    void emu.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
