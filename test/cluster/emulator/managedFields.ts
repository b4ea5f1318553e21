/**
 * metadata.managedFields as the apiserver keeps them: who owns which field, how an update moves ownership to its
 * manager, and server-side apply's ownership rules (conflicts with other managers, fields a manager stopped applying).
 */
import {
  changedPaths,
  differingPaths,
  fieldSetOf,
  fromFieldsV1,
  mergeInto,
  removePaths,
  renderPath,
  toFieldsV1,
  type FieldSet,
  type ListContext,
} from './fields';
import { arr, at, clone, isObject, str, type JsonObject } from './json';
import { ApiError } from './status';

/** One managedFields entry, its fields as a set of paths; `touched` when this write changes it (a new time). */
export interface ManagedEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fields: FieldSet;
  touched?: boolean;
}

/** The object's managedFields entries. */
export function managers(o: JsonObject | undefined): ManagedEntry[] {
  return arr(at(o, 'metadata', 'managedFields'))
    .filter(isObject)
    .map((m) => ({
      manager: String(m.manager ?? ''),
      operation: m.operation === 'Apply' ? ('Apply' as const) : ('Update' as const),
      apiVersion: String(m.apiVersion ?? ''),
      time: str(m.time),
      fields: fromFieldsV1(m.fieldsV1),
    }));
}

/** The entries as metadata.managedFields writes them; an entry that owns nothing is left out. */
export function renderManagers(entries: ManagedEntry[], time: string): JsonObject[] {
  return entries
    .filter((e) => e.fields.size > 0)
    .map((e) => ({
      manager: e.manager,
      operation: e.operation,
      apiVersion: e.apiVersion,
      time: e.touched || !e.time ? time : e.time,
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1(e.fields),
    }));
}

/** An update (create, replace, patch): the fields it changed move to `manager`'s Update entry. */
export function updateManagers(
  entries: ManagedEntry[],
  prev: JsonObject | undefined,
  next: JsonObject,
  manager: string,
  apiVersion: string,
  ctx: ListContext,
  skipStatus: boolean,
): ManagedEntry[] {
  const changed = changedPaths(prev, next, ctx, skipStatus);
  const present = fieldSetOf(next, ctx, skipStatus);
  const out = entries.map((e) => ({ ...e, fields: new Set([...e.fields].filter((p) => present.has(p) && !changed.has(p))) }));
  if (changed.size > 0) {
    let mine = out.find((e) => e.manager === manager && e.operation === 'Update');
    if (!mine) {
      mine = { manager, operation: 'Update', apiVersion, fields: new Set() };
      out.push(mine);
    }
    for (const p of changed) {
      mine.fields.add(p);
    }
    mine.touched = true;
    mine.apiVersion = apiVersion;
  }
  return out;
}

/** What server-side apply over an existing object makes of it, and who owns what afterwards. */
export interface AppliedOwnership {
  readonly next: JsonObject;
  readonly others: ManagedEntry[];
  readonly mine: ManagedEntry;
  /** The manager's set of fields differs from what it owned before. */
  readonly changedOwnership: boolean;
}

/**
 * Server-side apply of `applied` (owning `newSet`) over `old` by `manager`: fields other managers own with other
 * values conflict (an error, unless forced: then they change hands), and the fields this manager applied before but
 * no longer does are removed unless another manager still owns them.
 */
export function applyOwnership(
  old: JsonObject,
  applied: JsonObject,
  newSet: FieldSet,
  opts: { readonly manager: string; readonly apiVersion: string; readonly force: boolean | undefined },
  ctx: ListContext,
): AppliedOwnership {
  const entries = managers(old);
  let mine = entries.find((e) => e.manager === opts.manager && e.operation === 'Apply');
  const others = entries.filter((e) => e !== mine);
  const conflicts: { manager: string; apiVersion: string; path: string }[] = [];
  for (const other of others) {
    const shared = [...newSet].filter((p) => other.fields.has(p));
    for (const p of differingPaths(shared, applied, old, ctx)) {
      conflicts.push({ manager: other.manager, apiVersion: other.apiVersion, path: p });
    }
  }
  if (conflicts.length > 0) {
    if (!opts.force) {
      throw conflictError(conflicts);
    }
    for (const c of conflicts) {
      for (const e of others) {
        if (e.manager === c.manager) {
          e.fields.delete(c.path);
        }
      }
    }
  }
  const othersUnion = new Set(others.flatMap((e) => [...e.fields]));
  const dropped = [...(mine?.fields ?? [])].filter((p) => !newSet.has(p) && !othersUnion.has(p));
  const base = clone(old);
  const stillOwned = [...newSet, ...othersUnion];
  removePaths(base, dropped, ctx, (prefix) => stillOwned.some((p) => p.startsWith(prefix)));
  const next = mergeInto(base, applied, [], ctx) as JsonObject;
  const changedOwnership = !mine || mine.fields.size !== newSet.size || [...newSet].some((p) => !mine!.fields.has(p));
  if (!mine) {
    mine = { manager: opts.manager, operation: 'Apply', apiVersion: opts.apiVersion, fields: newSet };
  }
  mine.fields = newSet;
  mine.apiVersion = opts.apiVersion;
  return { next, others, mine, changedOwnership };
}

function conflictError(conflicts: { manager: string; apiVersion: string; path: string }[]): ApiError {
  const byManager = new Map<string, { apiVersion: string; paths: string[] }>();
  for (const c of conflicts) {
    const entry = byManager.get(c.manager) ?? { apiVersion: c.apiVersion, paths: [] };
    entry.paths.push(renderPath(c.path));
    byManager.set(c.manager, entry);
  }
  const n = conflicts.length;
  let message = `Apply failed with ${n} conflict${n === 1 ? '' : 's'}: `;
  if (n === 1) {
    const c = conflicts[0]!;
    message += `conflict with "${c.manager}" using ${c.apiVersion}: ${renderPath(c.path)}`;
  } else {
    message += [...byManager.entries()]
      .map(([m, e]) => `conflicts with "${m}" using ${e.apiVersion}:\n${e.paths.map((p) => `- ${p}`).join('\n')}`)
      .join('\n');
  }
  return new ApiError(409, 'Conflict', message, {
    causes: conflicts.map((c) => ({
      reason: 'FieldManagerConflict',
      message: `conflict with "${c.manager}" using ${c.apiVersion}`,
      field: renderPath(c.path),
    })),
  });
}
