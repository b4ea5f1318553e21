import { isAlias, isMap, isSeq, Scalar } from 'yaml';
import type { ParseOptions, DocumentOptions, SchemaOptions, ScalarTag, Tags } from 'yaml';

/**
 * Values as Kubernetes reads them. kubectl, the API machinery and `istioctl kube-inject` decode manifests with
 * sigs.k8s.io/yaml over go-yaml v2, which resolves plain scalars by YAML 1.1's rules as Go implements them:
 *
 * - `yes`/`no`/`on`/`off`/`y`/`n` (and their capitalised forms) are booleans; `~`, `null` and empty are null;
 * - a number is whatever `strconv.ParseInt(s, 0, 64)` (then `ParseUint`, then a decimal float) reads once every `_`
 *   is removed: `0400` is octal 256, `010` is 8, `0x1F` 31, `0b101` 5, `0o17` 15, `1_000` 1000, `09` the float 9;
 * - no sexagesimal numbers (`1:30` stays a string) and timestamps stay strings (Go keeps their text when decoding
 *   into an untyped value);
 * - `<<` merge keys, `!!binary`; `!!set`, `!!omap` and `!!pairs` are read as the map or list they are written as.
 *
 * `yaml`'s `yaml-1.1` schema gets the booleans, nulls and `!!binary` right; its numbers differ from Go's
 * (sexagesimal, timestamps as dates, `0o17`, where `_` may go, overflow) and so do its merge keys (a key written
 * before `<<` wins there, while go-yaml v2 lets the merge overwrite it), so those are replaced here.
 */

/** Go's `strconv.ParseInt(s, 0, 64)` syntax (underscores already removed). */
const GO_INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[bB]([01]+)|0[oO]?([0-7]+)|([1-9][0-9]*|0))$/;
/** go-yaml's `yamlStyleFloat`: what it hands to `strconv.ParseFloat` when the integer parses failed. */
const GO_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** A scalar starting with `.` goes to `ParseFloat` as written (underscores only between digits, as Go allows). */
const GO_DOT_FLOAT = /^\.[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** What go-yaml v2 reads from a plain scalar: an int, a float, or (undefined) a string or a non-number. */
export function goScalarNumber(source: string): { readonly value: number; readonly int: boolean } | undefined {
  const c = source.charCodeAt(0);
  if (c === 46 /* . */) {
    return float(GO_DOT_FLOAT.test(source) ? parseFloat(source.replace(/_/g, '')) : NaN);
  }
  // go-yaml only tries numbers for scalars starting with a digit or a sign.
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45)) {
    return undefined;
  }
  const plain = source.includes('_') ? source.replace(/_/g, '') : source;
  const m = GO_INT.exec(plain);
  if (m) {
    const [, sign, hex, bin, oct, dec] = m;
    const magnitude = BigInt(hex ? `0x${hex}` : bin ? `0b${bin}` : oct ? `0o${oct}` : (dec as string));
    const n = sign === '-' ? -magnitude : magnitude;
    // ParseInt's int64, else ParseUint's uint64 (which takes no sign).
    if ((n >= INT64_MIN && n <= INT64_MAX) || (sign === '' && n <= UINT64_MAX)) {
      return { value: Number(n), int: true };
    }
  }
  return float(GO_FLOAT.test(plain) ? parseFloat(plain) : NaN);
}

/** The number go-yaml v2 reads from a plain scalar, or undefined. */
export function goNumber(source: string): number | undefined {
  return goScalarNumber(source)?.value;
}

/** ParseFloat reports overflow as an error, so go-yaml keeps `1e400` as a string. */
function float(n: number): { value: number; int: false } | undefined {
  return Number.isFinite(n) ? { value: n, int: false } : undefined;
}

/**
 * A `test` for `yaml`'s tag lookup that asks a function: go-yaml's number rules (ranges, where `_` may go) are not a
 * regular expression. `yaml` and the block parser only call `test()`.
 */
class Accepts extends RegExp {
  constructor(private readonly accepts: (source: string) => boolean) {
    super('(?!)');
  }
  override test(source: string): boolean {
    return this.accepts(source);
  }
}

function numberTag(tag: string, isInt: boolean): ScalarTag {
  return {
    tag,
    default: true,
    identify: (v) => typeof v === 'number' && Number.isInteger(v) === isInt,
    test: new Accepts((s) => goScalarNumber(s)?.int === isInt),
    resolve: (source, onError) => {
      const n = goNumber(source);
      if (n === undefined) {
        onError(`${source} is not a number as Kubernetes reads YAML`);
        return source;
      }
      return n;
    },
    // A number kept from the user's text is written as they wrote it (`0400` stays `0400`); a new one in decimal.
    stringify: (node) => {
      const { value, source } = node as { value: unknown; source?: unknown };
      return typeof source === 'string' && goNumber(source) === value ? source : String(value);
    },
  };
}

const GO_INT_TAG = numberTag('tag:yaml.org,2002:int', true);
const GO_FLOAT_TAG = numberTag('tag:yaml.org,2002:float', false);

type MergeTarget = Parameters<NonNullable<Scalar['addToJSMap']>>;

/**
 * go-yaml v2 applies a merge where the `<<` key is written, overwriting keys set before it; keys after it overwrite
 * the merged ones; of a list of maps, the earlier ones win (applied last). Anything but maps is refused, as Go does.
 */
function goMerge(ctx: MergeTarget[0], map: MergeTarget[1], value: unknown): void {
  const resolve = (v: unknown): unknown => (ctx && isAlias(v) ? v.resolve(ctx.doc, ctx) : v);
  const source = resolve(value);
  const maps = isSeq(source) ? [...source.items].reverse().map(resolve) : [source];
  for (const m of maps) {
    if (!isMap(m)) {
      throw new Error('A merge key (<<) takes a map, an alias to a map or a list of them; write the keys out instead');
    }
    for (const [k, v] of m.toJSON(null, ctx, Map)) {
      if (map instanceof Map) {
        map.set(k, v);
      } else if (map instanceof Set) {
        map.add(k);
      } else {
        // As `yaml` itself sets merged keys: a key like `__proto__` stays data.
        Object.defineProperty(map, String(k), { value: v, writable: true, enumerable: true, configurable: true });
      }
    }
  }
}

/** A plain `<<` key. Its value stays the string `<<`, which is what the model looks for. */
const GO_MERGE_TAG: ScalarTag = {
  tag: 'tag:yaml.org,2002:merge',
  default: 'key',
  identify: () => false,
  test: /^<<$/,
  resolve: () => Object.assign(new Scalar('<<'), { addToJSMap: goMerge }),
};

/** `yaml-1.1` tags go-yaml reads differently, by name (tag and format). */
function replacedByGo(tag: ScalarTag | { tag: string; format?: string; collection?: string }): boolean {
  const t = tag.tag;
  if (t === 'tag:yaml.org,2002:int' || t === 'tag:yaml.org,2002:timestamp') {
    return true;
  }
  if (t === 'tag:yaml.org,2002:float') {
    // `.inf`/`.nan` (no format) are read the same; decimal, exponent and sexagesimal floats are Go's.
    const test = (tag as ScalarTag).test;
    return !(test instanceof RegExp && test.test('.inf'));
  }
  return (
    t === 'tag:yaml.org,2002:merge' ||
    t === 'tag:yaml.org,2002:set' ||
    t === 'tag:yaml.org,2002:omap' ||
    t === 'tag:yaml.org,2002:pairs'
  );
}

function goTags(tags: Tags): Tags {
  const kept = tags.filter((t) => typeof t === 'string' || !replacedByGo(t as ScalarTag));
  // Before `.inf`/`.nan`, whose `identify` takes every number when a node is written.
  const nan = kept.findIndex((t) => typeof t !== 'string' && (t as ScalarTag).tag === 'tag:yaml.org,2002:float');
  kept.splice(nan < 0 ? kept.length : nan, 0, GO_INT_TAG, GO_FLOAT_TAG);
  kept.push(GO_MERGE_TAG);
  return kept;
}

/** Options for `yaml`'s parse functions and documents: read a manifest as Kubernetes does. */
export const KUBERNETES_YAML: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  // Not `merge: true`: that would add `yaml`'s own merge tag back; goTags holds Go's.
  customTags: goTags,
};
