/**
 * Splitting a multi-document YAML text the way kube-inject reads it (apimachinery's YAMLReader): a line starting
 * with `---` ends a document; only spaces or a comment may follow the dashes. Each document keeps its exact text and
 * offsets so untouched documents can be written back byte for byte.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document } from 'yaml';
import { KUBERNETES_YAML } from '../yaml/kubernetesYaml';

export interface Chunk {
  /** Exact text of the document (without its separator line). */
  readonly text: string;
  /** Offset of `text` in the whole input. */
  readonly start: number;
  /** 1-based line of the first line of `text`. */
  readonly line: number;
}

export type SplitResult = { ok: true; chunks: Chunk[] } | { ok: false; error: string };

/** Splits `text` into documents; whitespace-only documents are dropped. */
export function splitDocuments(text: string): SplitResult {
  const chunks: Chunk[] = [];
  let start = 0;
  let pos = 0;
  let line = 1;
  let startLine = 1;
  const flush = (end: number): void => {
    const body = text.slice(start, end);
    if (body.trim() !== '') {
      chunks.push({ text: body, start, line: startLine });
    }
  };
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl < 0 ? text.length : nl + 1;
    const content = text.slice(pos, nl < 0 ? text.length : nl).replace(/\r$/, '');
    if (content.startsWith('---')) {
      const rest = content.slice(3).trim();
      if (rest.length > 0 && !rest.startsWith('#')) {
        return { ok: false, error: `invalid YAML document separator on line ${line}: ${rest}` };
      }
      flush(pos);
      start = lineEnd;
      startLine = line + 1;
    }
    pos = lineEnd;
    line++;
  }
  flush(text.length);
  return { ok: true, chunks };
}

export type ParsedChunk = { ok: true; doc: Document; value: unknown } | { ok: false; error: string };

/** Parses one document, reporting the first syntax error with its line in the whole input. */
export function parseChunk(chunk: Chunk, index: number): ParsedChunk {
  const doc = parseDocument(chunk.text, { ...KUBERNETES_YAML, uniqueKeys: false, logLevel: 'error' });
  const err = doc.errors[0];
  if (err) {
    const where = err.linePos?.[0] ? ` (line ${chunk.line + err.linePos[0].line - 1})` : '';
    const msg = (err.message.split('\n')[0] ?? 'invalid YAML').replace(/ at line \d+, column \d+:?$/, '');
    return { ok: false, error: `document ${index + 1}${where}: ${msg}` };
  }
  try {
    const typed = parseDocument(chunk.text, { ...KUBERNETES_YAML, uniqueKeys: false, logLevel: 'error' });
    stringifyStringFields(typed);
    return { ok: true, doc, value: typed.toJS({ maxAliasCount: 1000, reviver: jsonValue }) };
  } catch (e) {
    return { ok: false, error: `document ${index + 1}: ${(e as Error).message.split('\n')[0]}` };
  }
}

/**
 * Values as kube-inject's YAML-to-JSON step leaves them. A `!!binary` scalar: yaml.v2 decodes it to the string of its
 * bytes (as a Uint8Array it would reach the injector as a map of numbers and come out different on every pass).
 * `.inf`, `.nan` or `1e400`: JSON has no such number and kube-inject fails on it; here it would silently become null.
 */
function jsonValue(key: unknown, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new Error(`"${String(key)}" is ${value}, a number JSON cannot hold (.inf, .nan or out of range), so Kubernetes cannot read it`);
  }
  return value instanceof Uint8Array ? new TextDecoder().decode(value) : value;
}

/** Maps whose values Kubernetes types as strings (map[string]string). */
const STRING_MAPS = new Set(['labels', 'annotations', 'matchLabels', 'nodeSelector']);
/** Lists of strings. */
const STRING_LISTS = new Set(['args', 'command']);

function keyOf(node: unknown): string | undefined {
  return isPair(node) && isScalar(node.key) ? String(node.key.value) : undefined;
}

/**
 * Go decodes into typed fields: a label `version: 1.0` or an arg `- 8080` stays the text written, not a number.
 * Puts the source text back into such scalars so the injector sees what Kubernetes would.
 */
function stringifyStringFields(doc: Document): void {
  visit(doc, {
    Scalar(key, node, path) {
      if (key === 'key' || typeof node.value === 'string' || node.value === null || node.source === undefined) {
        return;
      }
      const parent = path[path.length - 1];
      const grand = path[path.length - 2];
      const great = path[path.length - 3];
      const inStringMap = isPair(parent) && isMap(grand) && STRING_MAPS.has(keyOf(great) ?? '');
      const inStringList = isSeq(parent) && STRING_LISTS.has(keyOf(grand) ?? '');
      const envValue =
        keyOf(parent) === 'value' && isMap(grand) && isSeq(great) && keyOf(path[path.length - 4]) === 'env';
      if (inStringMap || inStringList || envValue) {
        node.value = node.source;
      }
    },
  });
}
