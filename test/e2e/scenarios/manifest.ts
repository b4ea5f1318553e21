import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../harness';

/** What the scenarios read from the extension's manifest: package.json with its `%key%` strings resolved. */
interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus?: { commandPalette?: { command: string; when?: string }[] };
    walkthroughs?: { id: string; title: string; steps: { id: string; title: string; description: string }[] }[];
    views?: Record<string, { id: string; name: string }[]>;
  };
}

const nls = JSON.parse(readFileSync(join(repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;

/** `%key%` → its English text from package.nls.json; any other string as it is. */
export function localize(value: string): string {
  const key = /^%(.+)%$/.exec(value)?.[1];
  if (key === undefined) {
    return value;
  }
  const text = nls[key];
  if (text === undefined) {
    throw new Error(`package.nls.json has no "${key}"`);
  }
  return text;
}

export const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Manifest;

/** A contributed command as the palette shows it. */
export interface PaletteCommand {
  id: string;
  /** `<category>: <title>`, e.g. `Istio: Show Logs`. */
  label: string;
  /** The palette shows it (no `commandPalette` entry with `when: false`). */
  inPalette: boolean;
}

export function contributedCommands(): PaletteCommand[] {
  const hidden = new Set(
    (manifest.contributes.menus?.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command),
  );
  return manifest.contributes.commands.map((c) => {
    const title = localize(c.title);
    return {
      id: c.command,
      label: c.category ? `${localize(c.category)}: ${title}` : title,
      inPalette: !hidden.has(c.command),
    };
  });
}

/** The palette label of a contributed command, by id; undefined when package.json does not contribute it. */
export function commandLabel(id: string): string | undefined {
  return contributedCommands().find((c) => c.id === id)?.label;
}
