import { parseArgs } from 'node:util';
import { UsageError } from './io';

/** One flag of a command: its long name is the key it is read back by. */
export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** Other spellings, e.g. istioctl's `--meshConfigFile` for `--mesh-config`. */
  readonly aliases?: readonly string[];
  /** May be given several times (values in order); otherwise twice is a usage error. */
  readonly multiple?: boolean;
}

export interface ParsedArgs {
  /** By long name: the values of string flags, `true` for boolean flags given. */
  readonly strings: ReadonlyMap<string, readonly string[]>;
  readonly flags: ReadonlySet<string>;
  readonly positionals: readonly string[];
}

/**
 * Reads a command line with Node's parser, then applies the rules it does not: a value starting with `-` is a
 * missing value (so `-f --profile x` does not read "--profile" as the file), a flag given twice is an error unless it
 * may repeat, and every error is a UsageError naming the flag as the user typed it.
 */
export function parseCommandArgs(argv: readonly string[], spec: Readonly<Record<string, FlagSpec>>): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple: true }> = {};
  const canonical = new Map<string, string>();
  for (const [name, flag] of Object.entries(spec)) {
    options[name] = { type: flag.type, multiple: true, ...(flag.short ? { short: flag.short } : {}) };
    canonical.set(name, name);
    for (const alias of flag.aliases ?? []) {
      options[alias] = { type: flag.type, multiple: true };
      canonical.set(alias, name);
    }
  }
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const strings = new Map<string, string[]>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'positional') {
      positionals.push(t.value);
      continue;
    }
    if (t.kind !== 'option') {
      continue; // `--`: what follows comes as positionals
    }
    const name = canonical.get(t.name);
    const flag = name === undefined ? undefined : spec[name];
    if (name === undefined || flag === undefined) {
      throw new UsageError(`unknown flag ${t.rawName}`);
    }
    if (flag.type === 'boolean') {
      if (t.inlineValue) {
        throw new UsageError(`${t.rawName} takes no value`);
      }
      flags.add(name);
      continue;
    }
    const value = t.value;
    if (value === undefined || (!t.inlineValue && value.startsWith('-') && value !== '-')) {
      throw new UsageError(`${t.rawName} needs a value`);
    }
    const seen = strings.get(name);
    if (seen && !flag.multiple) {
      throw new UsageError(`${t.rawName} given twice`);
    }
    strings.set(name, [...(seen ?? []), value]);
  }
  return { strings, flags, positionals };
}

/** The one value of a string flag, or undefined when not given. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  return args.strings.get(name)?.[0];
}

/** A flag's value when it is one of `choices`; a usage error naming them otherwise. */
export function choiceFlag<T extends string>(args: ParsedArgs, name: string, choices: readonly T[], fallback: T): T {
  const v = stringFlag(args, name);
  if (v === undefined) {
    return fallback;
  }
  if (!(choices as readonly string[]).includes(v)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}, not "${v}"`);
  }
  return v as T;
}
