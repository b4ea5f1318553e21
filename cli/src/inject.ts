import type { CliIo } from './io';

// Placeholder until the injector lands (helper-1 replaces this file).
export function runInject(_argv: string[], io: CliIo): Promise<number> {
  io.stderr('istio-mesh: inject is not available in this build\n');
  return Promise.resolve(2);
}
