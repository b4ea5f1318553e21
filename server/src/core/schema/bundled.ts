/**
 * The last schema source, when neither the workspace nor the connected cluster has the CRD: validators compiled from
 * one Istio release's CRDs, shipped with the extension (`@kubernetes-models/istio`). They hold no descriptions and do
 * not flag unknown fields; messages say the check is not exact for the user's release. Loaded on first need only (the
 * editor and the CLI give the loader): most workspaces never need them, and the first diagnostic must not wait.
 */
import { isMap, isSeq } from 'yaml';
import type { Node } from 'yaml';
import type { MutableWorkspaceIndex, WorkspaceIndex } from '../index/workspaceIndex';
import { isRec } from '../plainData';
import { deref } from '../yaml/aliases';
import { describe, enumText, quote, typeList, unknownField } from './errorText';
import { FORMAT_NAMES } from './formats';
import type { JsonType, PreparedSchema } from './prepare';
import { prepareSchema } from './prepare';
import type { SchemaError, SchemaPath } from './validate';
import { jsonType, mapEntries, yamlToJson } from './yamlAsJson';

/** One error of a bundled validator, in ajv's shape. */
export interface BundledError {
  /** JSON Pointer of the value, `/spec/http/0/timeout`. */
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** The bundled validators. */
export interface BundledSchemas {
  /** The Istio release they were generated from, e.g. `1.29`. */
  readonly release: string;
  /** The errors of `object` against its kind's schema; undefined when none is bundled for that apiVersion and kind. */
  validate(apiVersion: string, kind: string, object: unknown): readonly BundledError[] | undefined;
}

export type BundledSchemaLoader = () => Promise<BundledSchemas>;

const LOADER_INPUT = 'bundled-schema-loader';
const LOADED_INPUT = 'bundled-schemas';

interface LoaderInput {
  request(): void;
}

/** What the host of a loader is told and can wait for. */
export interface BundledSchemaHandle {
  /** Resolves when no load is under way: true when one was asked for and ended (findings may differ now). */
  settled(): Promise<boolean>;
}

/**
 * Gives the index a loader of the bundled schemas, run at most once, when a rule first needs them; until it resolves
 * the rule checks nothing with them, then the findings that read them are recomputed and `onSettled` is called (with
 * the error when the load failed: nothing is checked with them then).
 */
export function setBundledSchemaLoader(
  index: MutableWorkspaceIndex,
  load: BundledSchemaLoader,
  onSettled: (error?: unknown) => void = () => undefined,
): BundledSchemaHandle {
  let loading: Promise<boolean> | undefined;
  const input: LoaderInput = {
    request() {
      loading ??= load().then(
        (schemas) => {
          index.setInput(LOADED_INPUT, schemas);
          onSettled();
          return true;
        },
        (error: unknown) => {
          onSettled(error);
          return true;
        },
      );
    },
  };
  index.setInput(LOADER_INPUT, input);
  return { settled: () => loading ?? Promise.resolve(false) };
}

/** The bundled schemas when loaded; otherwise undefined, and their load is asked for (see setBundledSchemaLoader). */
export function bundledSchemas(index: WorkspaceIndex): BundledSchemas | undefined {
  const loaded = index.input(LOADED_INPUT) as BundledSchemas | undefined;
  if (!loaded) {
    (index.input(LOADER_INPUT) as LoaderInput | undefined)?.request();
  }
  return loaded;
}

/** Top-level fields the CRDs' schemas do not describe, as the CRD check skips them. */
const SKIPPED_ROOTS = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/**
 * Validates an object (its YAML node) with the bundled schemas, decoded as Kubernetes decodes YAML, with null fields
 * pruned as the API server prunes them. Undefined when no schema is bundled for its apiVersion and kind.
 */
export function validateBundled(schemas: BundledSchemas, apiVersion: string, kind: string, root: unknown): SchemaError[] | undefined {
  const object = pruneNulls(yamlToJson(root));
  const errors = schemas.validate(apiVersion, kind, object);
  if (!errors) {
    return undefined;
  }
  const kept = errors.filter((e) => !SKIPPED_ROOTS.has(pointer(e.instancePath)[0] ?? ''));
  // A failed oneOf/anyOf also reports its branches' errors at the same place; Istio's branches only require fields.
  const combined = new Set(kept.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath));
  const out: SchemaError[] = [];
  const seen = new Set<string>();
  for (const e of kept) {
    if (combined.has(e.instancePath) && (e.keyword === 'required' || e.keyword === 'not')) {
      continue;
    }
    const error = toSchemaError(e, root);
    const key = `${JSON.stringify(error.path)}\u0000${error.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(error);
    }
  }
  return out;
}

/** The segments of a JSON Pointer (`~1` is `/`, `~0` is `~`). */
function pointer(p: string): string[] {
  return p === '' ? [] : p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

interface Located {
  readonly path: SchemaPath;
  readonly node: Node | undefined;
  /** The key holding the value, when it is in a map. */
  readonly keyNode: Node | undefined;
}

/** The YAML node at a JSON Pointer, with its path (indexes as numbers) and the key holding it. */
function locate(root: unknown, instancePath: string): Located {
  let node = deref(root);
  let keyNode: Node | undefined;
  const path: (string | number)[] = [];
  for (const seg of pointer(instancePath)) {
    if (isMap(node)) {
      const e = mapEntries(node).find((x) => x.key === seg);
      path.push(seg);
      keyNode = e?.keyNode;
      node = deref(e?.value);
    } else if (isSeq(node)) {
      const i = Number(seg);
      path.push(i);
      keyNode = undefined;
      node = deref(node.items[i]);
    } else {
      break;
    }
  }
  return { path, node: node as Node | undefined, keyNode };
}

/** Only `properties` set: enough for the did-you-mean of an unknown field. */
const NO_SCHEMA: PreparedSchema = prepareSchema({});

function toSchemaError(e: BundledError, root: unknown): SchemaError {
  const at = locate(root, e.instancePath);
  const node = at.node;
  const actual = jsonType(node);
  const value = node && 'value' in node ? (node as { value: unknown }).value : undefined;
  const got = node && actual ? describe(node, actual) : 'another value';
  const p = e.params;
  const onValue = (message: string): SchemaError => ({ path: at.path, node, on: 'value', message, description: undefined, problem: 'invalid' });
  switch (e.keyword) {
    case 'type': {
      const types = String(p['type'] ?? '').split(',').filter((t): t is JsonType => ['object', 'array', 'string', 'integer', 'number', 'boolean'].includes(t));
      return onValue(`expected ${types.length > 0 ? typeList(new Set(types)) : String(p['type'])}, got ${got}`);
    }
    case 'enum':
      return onValue(`expected one of ${enumText(Array.isArray(p['allowedValues']) ? p['allowedValues'] : [])}, got ${quote(value)}`);
    case 'required':
      return {
        path: at.path,
        node: at.keyNode ?? node,
        on: at.keyNode ? 'key' : 'value',
        message: `\`${String(p['missingProperty'])}\` is required`,
        description: undefined,
        problem: 'invalid',
      };
    case 'additionalProperties': {
      const key = String(p['additionalProperty']);
      const child = isMap(node) ? mapEntries(node).find((x) => x.key === key) : undefined;
      return { path: [...at.path, key], node: child?.keyNode ?? node, on: 'key', message: unknownField(key, NO_SCHEMA), description: undefined, problem: 'unknown-field' };
    }
    case 'pattern':
      return onValue(`expected a string matching ${String(p['pattern'])}, got ${quote(value)}`);
    case 'format':
      return onValue(`expected a ${FORMAT_NAMES[String(p['format'])] ?? String(p['format'])}, got ${quote(value)}`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return onValue(`expected a value ${String(p['comparison']).replace('>=', '≥').replace('<=', '≤')} ${String(p['limit'])}, got ${String(value)}`);
    case 'minLength':
      return onValue(`expected at least ${String(p['limit'])} character(s)`);
    case 'maxLength':
      return onValue(`expected at most ${String(p['limit'])} character(s)`);
    case 'minItems':
      return onValue(`expected at least ${String(p['limit'])} item(s)`);
    case 'maxItems':
      return onValue(`expected at most ${String(p['limit'])} item(s)`);
    case 'minProperties':
      return onValue(`expected at least ${String(p['limit'])} entr${p['limit'] === 1 ? 'y' : 'ies'}`);
    case 'maxProperties':
      return onValue(`expected at most ${String(p['limit'])} entries`);
    case 'oneOf':
      return Array.isArray(p['passingSchemas'])
        ? onValue('sets more than one of the fields of which only one may be set: keep one')
        : onValue('expected one of the shapes the schema allows here, got none of them');
    case 'anyOf':
      return onValue('expected one of the shapes the schema allows here, got none of them');
    case 'not':
      return onValue('this value is not allowed here');
    default:
      return onValue(`breaks the schema's \`${e.keyword}\` rule`);
  }
}

/** Map fields set to null dropped, as the API server prunes them (a null is never an error). */
function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) {
    return v.map(pruneNulls);
  }
  if (isRec(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x !== null && x !== undefined) {
        out[k] = pruneNulls(x);
      }
    }
    return out;
  }
  return v;
}
