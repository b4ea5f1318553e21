import type { Command, CommandFactory, CommandTable, Handler } from './types';

/**
 * The same commands, each running only when `allowed()` says so at the moment it is invoked (Workspace Trust can be
 * granted while the window is open); otherwise it does nothing and answers undefined. `allowed` explains itself.
 */
export function gatedCommands(table: CommandTable, allowed: () => Promise<boolean>): CommandTable {
  const guard =
    (run: Handler): Handler =>
    async (...args: unknown[]) =>
      (await allowed()) ? run(...args) : undefined;
  const gated = (c: Command): Command => {
    const enabled: CommandFactory = (deps) => guard(c.enabled(deps));
    const disabled = c.disabled;
    if (!disabled) {
      return { enabled };
    }
    // The same factory stays the same, so the command is still built once (see dispatch).
    return { enabled, disabled: disabled === c.enabled ? enabled : (deps, notRunning) => guard(disabled(deps, notRunning)) };
  };
  return Object.fromEntries(Object.entries(table).map(([id, command]) => [id, gated(command)]));
}
