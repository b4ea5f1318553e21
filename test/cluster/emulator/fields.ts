import { arr, clone, deepEqual, isObject, type Json, type JsonObject } from './json';

// Field sets as structured-merge-diff writes them in managedFields (FieldsV1): a path is a list of elements
// `f:<field>`, `k:<json key of a list item>` and `.` (the list item itself). A field set is the set of leaf paths.

/** A set of owned leaf paths; each path is its elements joined by NUL. */
export type FieldSet = Set<string>;

const SEP = '\u0000';

/** Where a list sits decides its merge keys; only the typed (built-in) lists we need are keyed. */
export interface ListContext {
  readonly kind: string;
  readonly builtin: boolean;
}

const NAME_KEYED = new Set(['containers', 'initContainers', 'ephemeralContainers', 'env', 'volumes', 'imagePullSecrets']);
const CONTAINER_LISTS = new Set(['f:containers', 'f:initContainers', 'f:ephemeralContainers']);

/** Merge keys of the list at `path`, or undefined when the list is atomic. */
export function listKeys(path: readonly string[], ctx: ListContext): readonly string[] | undefined {
  if (!ctx.builtin || path.length === 0) {
    return undefined;
  }
  const field = path[path.length - 1]!.slice(2);
  if (NAME_KEYED.has(field)) {
    return ['name'];
  }
  if (field === 'volumeMounts') {
    return ['mountPath'];
  }
  if (field === 'conditions') {
    return ['type'];
  }
  if (field === 'ports') {
    if (ctx.kind === 'Service' && path.length === 2 && path[0] === 'f:spec') {
      return ['port', 'protocol'];
    }
    const parent = path[path.length - 3];
    if (parent !== undefined && CONTAINER_LISTS.has(parent)) {
      return ['containerPort', 'protocol'];
    }
  }
  return undefined;
}

/** The key of a list item: its key fields, with `protocol` defaulted to TCP as the apiserver defaults it. */
function itemKey(item: JsonObject, keys: readonly string[]): string {
  const k: JsonObject = {};
  for (const name of [...keys].sort()) {
    const v = item[name] ?? (name === 'protocol' ? 'TCP' : undefined);
    if (v !== undefined) {
      k[name] = v;
    }
  }
  return 'k:' + JSON.stringify(k);
}

const META_OWNED = new Set(['labels', 'annotations', 'ownerReferences', 'finalizers']);

/** The leaf paths an object sets (apiVersion, kind, identity metadata and, when `skipStatus`, status excluded). */
export function fieldSetOf(o: JsonObject, ctx: ListContext, skipStatus: boolean): FieldSet {
  const out: FieldSet = new Set();
  for (const [key, value] of Object.entries(o)) {
    if (key === 'apiVersion' || key === 'kind' || (key === 'status' && skipStatus)) {
      continue;
    }
    if (key === 'metadata' && isObject(value)) {
      for (const [mk, mv] of Object.entries(value)) {
        if (META_OWNED.has(mk)) {
          collect(mv, ['f:metadata', `f:${mk}`], ctx, out);
        }
      }
      continue;
    }
    collect(value, [`f:${key}`], ctx, out);
  }
  return out;
}

function collect(v: Json, path: string[], ctx: ListContext, out: FieldSet): void {
  if (isObject(v)) {
    const entries = Object.entries(v);
    if (entries.length === 0) {
      out.add(path.join(SEP));
    }
    for (const [k, c] of entries) {
      collect(c, [...path, `f:${k}`], ctx, out);
    }
    return;
  }
  const keys = Array.isArray(v) ? listKeys(path, ctx) : undefined;
  if (Array.isArray(v) && keys) {
    for (const item of v) {
      if (!isObject(item)) {
        continue;
      }
      const itemPath = [...path, itemKey(item, keys)];
      out.add([...itemPath, '.'].join(SEP));
      for (const [k, c] of Object.entries(item)) {
        collect(c, [...itemPath, `f:${k}`], ctx, out);
      }
    }
    return;
  }
  out.add(path.join(SEP));
}

export function splitPath(p: string): string[] {
  return p.split(SEP);
}

const MISSING = Symbol('missing');

/** The value at a field path (`.` yields true when the item exists); MISSING when absent. */
function valueAt(o: Json | undefined, path: readonly string[], ctx: ListContext): Json | typeof MISSING {
  let cur: Json | undefined = o;
  for (let i = 0; i < path.length; i++) {
    const el = path[i]!;
    if (el === '.') {
      return cur === undefined ? MISSING : true;
    }
    if (el.startsWith('f:')) {
      if (!isObject(cur) || !(el.slice(2) in cur)) {
        return MISSING;
      }
      cur = cur[el.slice(2)];
    } else if (el.startsWith('k:')) {
      const keys = listKeys(path.slice(0, i), ctx) ?? [];
      cur = arr(cur).find((item) => isObject(item) && itemKey(item, keys) === el);
      if (cur === undefined) {
        return MISSING;
      }
    }
  }
  return cur === undefined ? MISSING : cur;
}

/** Owned paths whose value in `applied` differs from `live` (a conflict when another manager owns them). */
export function differingPaths(paths: Iterable<string>, applied: JsonObject, live: JsonObject, ctx: ListContext): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const el = splitPath(p);
    if (el[el.length - 1] === '.') {
      continue;
    }
    const a = valueAt(applied, el, ctx);
    const l = valueAt(live, el, ctx);
    if (a === MISSING || l === MISSING ? a !== l : !deepEqual(a, l)) {
      out.push(p);
    }
  }
  return out;
}

/** Leaf paths of `next` that are new or changed compared with `prev` (what an Update-operation manager takes). */
export function changedPaths(prev: JsonObject | undefined, next: JsonObject, ctx: ListContext, skipStatus: boolean): FieldSet {
  const all = fieldSetOf(next, ctx, skipStatus);
  if (!prev) {
    return all;
  }
  const out: FieldSet = new Set();
  for (const p of all) {
    const el = splitPath(p);
    const a = valueAt(next, el, ctx);
    const b = valueAt(prev, el, ctx);
    if (b === MISSING || !deepEqual(a, b)) {
      out.add(p);
    }
  }
  return out;
}

/** Renders a path the way apply conflicts do: `.spec.ports[port=80,protocol="TCP"].targetPort`. */
export function renderPath(p: string): string {
  let out = '';
  for (const el of splitPath(p)) {
    if (el.startsWith('f:')) {
      out += `.${el.slice(2)}`;
    } else if (el.startsWith('k:')) {
      const key = JSON.parse(el.slice(2)) as JsonObject;
      out += `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    }
  }
  return out;
}

/** Removes the fields in `paths` from `o` (in place); list items go only when `keepItem` says nobody still owns them. */
export function removePaths(o: JsonObject, paths: Iterable<string>, ctx: ListContext, keepItem: (itemPrefix: string) => boolean): void {
  const sorted = [...paths].map(splitPath).sort((a, b) => b.length - a.length);
  for (const el of sorted) {
    if (el[el.length - 1] === '.') {
      const itemPath = el.slice(0, -1);
      if (!keepItem(itemPath.join(SEP) + SEP)) {
        removeItem(o, itemPath, ctx);
      }
      continue;
    }
    removeField(o, el, ctx);
  }
}

function parentOf(o: JsonObject, path: readonly string[], ctx: ListContext): Json | undefined {
  let cur: Json | undefined = o;
  for (let i = 0; i < path.length; i++) {
    const el = path[i]!;
    if (el.startsWith('f:')) {
      cur = isObject(cur) ? cur[el.slice(2)] : undefined;
    } else if (el.startsWith('k:')) {
      const keys = listKeys(path.slice(0, i), ctx) ?? [];
      cur = arr(cur).find((item) => isObject(item) && itemKey(item, keys) === el);
    }
    if (cur === undefined) {
      return undefined;
    }
  }
  return cur;
}

function removeField(o: JsonObject, path: readonly string[], ctx: ListContext): void {
  const parent = parentOf(o, path.slice(0, -1), ctx);
  const last = path[path.length - 1]!;
  if (!isObject(parent) || !last.startsWith('f:')) {
    return;
  }
  delete parent[last.slice(2)];
  // An emptied map (labels, annotations, nested config) goes away too, except the top-level sections.
  if (Object.keys(parent).length === 0 && path.length > 2 && path[path.length - 2]!.startsWith('f:')) {
    removeField(o, path.slice(0, -1), ctx);
  }
}

function removeItem(o: JsonObject, itemPath: readonly string[], ctx: ListContext): void {
  const list = parentOf(o, itemPath.slice(0, -1), ctx);
  const keys = listKeys(itemPath.slice(0, -1), ctx) ?? [];
  if (!Array.isArray(list)) {
    return;
  }
  const i = list.findIndex((item) => isObject(item) && itemKey(item, keys) === itemPath[itemPath.length - 1]);
  if (i >= 0) {
    list.splice(i, 1);
  }
  // Typed lists are omitempty: the last item going takes the field with it.
  if (list.length === 0) {
    removeField(o, itemPath.slice(0, -1), ctx);
  }
}

/**
 * Merges `patch` into `base` the way apply and strategic merge do: maps recurse, keyed lists merge item by item,
 * other lists and scalars are replaced, `null` deletes; `$patch: delete` removes a keyed item (strategic merge).
 */
export function mergeInto(base: Json | undefined, patch: Json, path: string[], ctx: ListContext): Json {
  if (isObject(patch)) {
    if (patch.$patch === 'replace') {
      const { $patch: _ignored, ...rest } = patch;
      return clone(rest);
    }
    const out: JsonObject = isObject(base) ? clone(base) : {};
    for (const [k, v] of Object.entries(patch)) {
      if (k.startsWith('$')) {
        continue;
      }
      if (v === null) {
        delete out[k];
        continue;
      }
      out[k] = mergeInto(out[k], v, [...path, `f:${k}`], ctx);
    }
    return out;
  }
  if (Array.isArray(patch)) {
    const keys = listKeys(path, ctx);
    if (!keys || !Array.isArray(base)) {
      return clone(patch.filter((item) => !(isObject(item) && item.$patch === 'delete')));
    }
    const out = clone(base);
    for (const item of patch) {
      if (!isObject(item)) {
        out.push(clone(item));
        continue;
      }
      const key = itemKey(item, keys);
      const i = out.findIndex((x) => isObject(x) && itemKey(x, keys) === key);
      if (item.$patch === 'delete') {
        if (i >= 0) {
          out.splice(i, 1);
        }
      } else if (i >= 0) {
        out[i] = mergeInto(out[i], item, [...path, key], ctx);
      } else {
        out.push(clone(item));
      }
    }
    return out;
  }
  return patch;
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) {
    return clone(patch);
  }
  const out: JsonObject = isObject(target) ? clone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete out[k];
    } else {
      out[k] = mergePatch(out[k], v);
    }
  }
  return out;
}

/** RFC 6902 JSON patch (add, remove, replace, test); throws a message on a failed op. */
export function jsonPatch(target: JsonObject, ops: Json): JsonObject {
  const doc = clone(target);
  for (const op of arr(ops)) {
    if (!isObject(op) || typeof op.path !== 'string' || typeof op.op !== 'string') {
      throw new Error('invalid JSON patch operation');
    }
    const tokens = op.path.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = tokens.pop();
    let parent: Json | undefined = doc;
    for (const t of tokens) {
      parent = Array.isArray(parent) ? parent[Number(t)] : isObject(parent) ? parent[t] : undefined;
    }
    if (last === undefined || parent === undefined || parent === null || typeof parent !== 'object') {
      throw new Error(`path ${op.path} does not exist`);
    }
    const value = clone(op.value ?? null);
    if (Array.isArray(parent)) {
      const i = last === '-' ? parent.length : Number(last);
      if (op.op === 'add') {
        parent.splice(i, 0, value);
      } else if (op.op === 'remove') {
        parent.splice(i, 1);
      } else if (op.op === 'replace') {
        parent[i] = value;
      } else if (op.op === 'test' && !deepEqual(parent[i], value)) {
        throw new Error(`test failed at ${op.path}`);
      }
    } else {
      if ((op.op === 'remove' || op.op === 'replace') && !(last in parent)) {
        throw new Error(`path ${op.path} does not exist`);
      }
      if (op.op === 'add' || op.op === 'replace') {
        parent[last] = value;
      } else if (op.op === 'remove') {
        delete parent[last];
      } else if (op.op === 'test' && !deepEqual(parent[last], value)) {
        throw new Error(`test failed at ${op.path}`);
      }
    }
  }
  return doc;
}

/** FieldsV1 tree of a field set, as managedFields shows it. */
export function toFieldsV1(set: FieldSet): JsonObject {
  const root: JsonObject = {};
  for (const p of [...set].sort()) {
    let node = root;
    for (const el of splitPath(p)) {
      const next = node[el];
      node = isObject(next) ? next : (node[el] = {});
    }
  }
  return root;
}

/** The field set a FieldsV1 tree describes (its leaves). */
export function fromFieldsV1(tree: Json | undefined): FieldSet {
  const out: FieldSet = new Set();
  const walk = (node: Json | undefined, path: string[]): void => {
    if (!isObject(node)) {
      return;
    }
    const entries = Object.entries(node);
    if (entries.length === 0 && path.length > 0) {
      out.add(path.join(SEP));
    }
    for (const [k, v] of entries) {
      walk(v, [...path, k]);
    }
  };
  walk(tree, []);
  return out;
}
