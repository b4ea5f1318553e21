import type { CommandFactory, CommandTable } from './types';

/**
 * The same commands, each running only when `allowed()` says so at the moment it is invoked (Workspace Trust can be
 * granted while the window is open); otherwise it does nothing and answers undefined. `allowed` explains itself.
 */
export function gatedCommands(table: CommandTable, allowed: () => Promise<boolean>): CommandTable {
  const gate =
    (factory: CommandFactory): CommandFactory =>
    (deps) => {
      const run = factory(deps);
      return async (...args: unknown[]) => ((await allowed()) ? run(...args) : undefined);
    };
  return Object.fromEntries(Object.entries(table).map(([id, factory]) => [id, gate(factory)]));
}
