import type { TargetMemory } from './flowEnv';

// What the cluster commands remember per workspace, in VS Code's workspace state (`ExtensionContext.workspaceState`):
// the chosen context and namespace, and the targets the user confirmed. Not in `.vscode/settings.json`, which gets
// committed and would steer teammates, and anyone who clones the repository, to a cluster they never chose.

/** The part of vscode.Memento used here. */
export interface StateStore {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** Which context and namespace were chosen. */
export type SelectionKey = 'context' | 'namespace';

const SELECTION_KEYS: Readonly<Record<SelectionKey, string>> = { context: 'istio.cluster.context', namespace: 'istio.cluster.namespace' };
const CONFIRMED_TARGETS = 'istio.cluster.confirmedTargets';
/** Enough for every context a person works with; the oldest confirmations go first. */
export const MAX_CONFIRMED_TARGETS = 50;

/** The chosen context or namespace; undefined when none was chosen (or the stored value is not a name). */
export function readSelection(state: StateStore, key: SelectionKey): string | undefined {
  const v = state.get(SELECTION_KEYS[key]);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** Chooses a context or namespace for this workspace (undefined clears the choice). */
export async function writeSelection(state: StateStore, key: SelectionKey, value: string | undefined): Promise<void> {
  await state.update(SELECTION_KEYS[key], value);
}

/** Confirmed targets, so a read is confirmed once per target and workspace. */
export class WorkspaceTargets implements TargetMemory {
  constructor(private readonly state: StateStore) {}

  private keys(): string[] {
    const v = this.state.get(CONFIRMED_TARGETS);
    return Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string') : [];
  }

  confirmed(key: string): boolean {
    return this.keys().includes(key);
  }

  remember(key: string): void {
    const keys = [...this.keys().filter((k) => k !== key), key].slice(-MAX_CONFIRMED_TARGETS);
    void this.state.update(CONFIRMED_TARGETS, keys);
  }
}
