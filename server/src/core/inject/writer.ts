/**
 * Output writers. `istioctl` prints what `istioctl kube-inject` prints (Go's yaml.v2: keys sorted, sequences not
 * indented, strings that would read as numbers or booleans double-quoted, other quoted strings single-quoted,
 * multi-line strings as literal blocks). `minimal` splices what the injection added or changed into the user's text,
 * every other byte as written (textSplice.ts); where that splice cannot say the change, it edits the parsed document
 * in place, unchanged nodes keeping their comments and order.
 */
import { isRec } from '../plainData';
import { Document, isMap, isNode, isScalar, isSeq, Scalar, visit, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { parseChunk } from './documents';
import { sameJson } from './sameJson';
import { sortKeysGo } from './goEncoding';
import { spliceText } from './textSplice';
import { goNumber, KUBERNETES_YAML } from '../yaml/kubernetesYaml';

/**
 * Strings yaml.v2 quotes when writing: those it would not read back as strings (booleans, null, numbers by go-yaml's
 * own rules, `.inf`/`.nan`, timestamps), and base-60 look-alikes, which it quotes for other YAML 1.1 readers.
 */
const NON_STRING = [
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/,
  /^[-+]?\.(?:inf|Inf|INF)$/,
  /^\.(?:nan|NaN|NAN)$/,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]| +)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?: *(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/,
];

function readsAsNonString(s: string): boolean {
  return goNumber(s) !== undefined || NON_STRING.some((re) => re.test(s));
}

const STRINGIFY = { indentSeq: false, lineWidth: 0, minContentWidth: 0, singleQuote: true } as const;

/** One document as Go's sigs.k8s.io/yaml writes it (without the trailing `---`). */
export function goYamlText(value: unknown): string {
  // Go's reading of plain scalars decides what must be quoted (`1e400` needs no quotes, `0o17` does).
  const doc = new Document(sortKeysGo(value), KUBERNETES_YAML);
  visit(doc, {
    Scalar(key, node) {
      if (typeof node.value !== 'string') {
        return;
      }
      if (node.value.includes('\n')) {
        node.type = Scalar.BLOCK_LITERAL;
      } else if (node.value.includes('\ufeff')) {
        // yaml.v2 quotes a byte order mark: plain, one that starts a document is dropped when it is read back.
        node.type = Scalar.QUOTE_DOUBLE;
      } else if (key !== 'key' && readsAsNonString(node.value)) {
        node.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  return doc.toString(STRINGIFY);
}

/** A node's value, aliases and merge keys resolved against its document. */
function nodeValue(doc: Document, node: unknown): unknown {
  return isNode(node) ? node.toJS(doc, { maxAliasCount: -1 }) : node;
}

function keyText(key: unknown): string {
  if (isScalar(key)) {
    return String(key.value);
  }
  return String(key);
}

/** Identity of a list item for matching old and new lists (merge keys first, then the whole value). */
function identity(v: unknown): string {
  if (isRec(v) && typeof v['kind'] === 'string' && isRec(v['metadata'])) {
    return `object=${v['kind']}/${JSON.stringify(v['metadata']['namespace'])}/${JSON.stringify(v['metadata']['name'])}`;
  }
  if (isRec(v)) {
    for (const k of ['name', 'mountPath', 'containerPort', 'devicePath', 'ip', 'topologyKey']) {
      if (v[k] !== undefined) {
        return `${k}=${JSON.stringify(v[k])}`;
      }
    }
  }
  return `value=${JSON.stringify(v)}`;
}

function isEmptyAddition(v: unknown): boolean {
  return v === null || v === undefined || (isRec(v) && Object.keys(v).length === 0);
}

/** Nodes the minimal writer created (as opposed to nodes reused from the user's document). */
type Created = WeakSet<object>;

function createNode(doc: Document, value: unknown, created: Created): Node {
  const node = doc.createNode(value) as Node;
  created.add(node);
  visit(node, {
    Scalar(_key, n) {
      if (typeof n.value === 'string' && n.value.includes('\n')) {
        n.type = Scalar.BLOCK_LITERAL;
      }
    },
  });
  return node;
}

/** Returns the node to use for `value`, reusing `node` (and its comments) where the content allows. */
function reconcile(doc: Document, node: unknown, value: unknown, created: Created): unknown {
  if (sameJson(nodeValue(doc, node), value)) {
    return node;
  }
  if (isMap(node) && isRec(value)) {
    const map = node as YAMLMap;
    const seen = new Set<string>();
    map.items = map.items.filter((pair) => {
      const k = keyText(pair.key);
      if (!Object.prototype.hasOwnProperty.call(value, k)) {
        return false;
      }
      seen.add(k);
      pair.value = reconcile(doc, pair.value, value[k], created) as Node;
      return true;
    });
    for (const [k, v] of Object.entries(value)) {
      if (!seen.has(k) && !isEmptyAddition(v)) {
        map.items.push(doc.createPair(k, createNode(doc, v, created)) as never);
      }
    }
    return map;
  }
  if (isSeq(node) && Array.isArray(value)) {
    const seq = node as YAMLSeq;
    const pool = new Map<string, unknown[]>();
    for (const item of seq.items) {
      const id = identity(nodeValue(doc, item));
      pool.set(id, [...(pool.get(id) ?? []), item]);
    }
    const used = new Set<unknown>();
    const old = [...seq.items];
    seq.items = value.map((v, i) => {
      let reused = pool.get(identity(v))?.find((n) => !used.has(n));
      // Same place, both mappings: most likely the same item, edited (keeps its comments and styles).
      if (reused === undefined && isRec(v) && isMap(old[i]) && !used.has(old[i])) {
        const id = identity(nodeValue(doc, old[i]));
        if (!value.some((x) => identity(x) === id)) {
          reused = old[i];
        }
      }
      if (reused !== undefined) {
        used.add(reused);
        return reconcile(doc, reused, v, created) as never;
      }
      return createNode(doc, v, created) as never;
    });
    return seq;
  }
  if (isScalar(node) && !isRec(value) && !Array.isArray(value)) {
    const s = node as Scalar;
    s.value = value;
    if (typeof value === 'string' && value.includes('\n')) {
      s.type = Scalar.BLOCK_LITERAL;
    } else if (s.type === Scalar.BLOCK_LITERAL || s.type === Scalar.BLOCK_FOLDED) {
      s.type = undefined;
    }
    return s;
  }
  return createNode(doc, value, created);
}

/** Flow collections (`{...}`, `[...]`) that received injected content become block collections. */
function unflow(node: unknown, created: Created): boolean {
  if (node !== null && typeof node === 'object' && created.has(node)) {
    return true;
  }
  let grew = false;
  if (isMap(node)) {
    for (const pair of node.items) {
      grew = unflow(pair.value, created) || grew;
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      grew = unflow(item, created) || grew;
    }
  }
  if (grew && (isMap(node) || isSeq(node)) && node.flow) {
    node.flow = false;
  }
  return grew;
}

/** Detects whether the document's block sequences are indented under their key (`key:\n  - x`). */
function indentsSequences(text: string): boolean {
  const lines = text.split('\n');
  let indented = 0;
  let flat = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    const key = /^(\s*)[^\s#-][^#]*:\s*$/.exec(lines[i] as string);
    const item = /^(\s*)-\s/.exec(lines[i + 1] as string);
    if (key && item) {
      if ((item[1] as string).length > (key[1] as string).length) {
        indented++;
      } else {
        flat++;
      }
    }
  }
  return indented > flat;
}

/**
 * `!!binary` scalars make the yaml printer throw: with `lineWidth: 0` it splits the base64 into lines of width 0
 * (RangeError), and once the injection changed the value it is no longer bytes. Print them double-quoted, and drop
 * the tag from values that are not bytes any more.
 */
function plainBinary(doc: Document): void {
  visit(doc, {
    Scalar(_key, node) {
      if (node.tag === 'tag:yaml.org,2002:binary') {
        if (node.value instanceof Uint8Array) {
          node.type = Scalar.QUOTE_DOUBLE;
        } else {
          delete node.tag;
        }
      }
    },
  });
}

function indentWidth(text: string): number {
  const m = /^[^\s#][^\n]*:\s*\n( +)\S/m.exec(text);
  const w = m ? (m[1] as string).length : 2;
  return w >= 1 && w <= 8 ? w : 2;
}

/**
 * The `minimal` writer: applies `updated` onto the parsed document of `originalText` and prints it with the
 * document's own indentation style. Returns the original text when nothing changed.
 */
export function minimalText(doc: Document, originalText: string, updated: unknown): string {
  if (sameJson(doc.toJS(), updated)) {
    return originalText;
  }
  const style = { indent: indentWidth(originalText), indentSeq: indentsSequences(originalText) };
  const spliced = spliceText(doc, originalText, updated, style);
  // Kept only when it reads back as exactly the injected object; else the document is rewritten (below).
  if (spliced !== undefined && readsAs(spliced, updated)) {
    return spliced;
  }
  const created: Created = new WeakSet();
  doc.contents = reconcile(doc, doc.contents, updated, created) as Node;
  unflow(doc.contents, created);
  plainBinary(doc);
  let out = doc.toString({
    indentSeq: style.indentSeq,
    indent: style.indent,
    lineWidth: 0,
    minContentWidth: 0,
  });
  if (!originalText.endsWith('\n')) {
    out = out.replace(/\n$/, '');
  }
  if (originalText.includes('\r\n')) {
    out = out.replace(/\r?\n/g, '\r\n');
  }
  return out;
}

/** Whether a text reads, as the injector reads its input, as `value`. */
function readsAs(text: string, value: unknown): boolean {
  const parsed = parseChunk({ text, start: 0, line: 1 }, 0);
  return parsed.ok && sameJson(parsed.value, value);
}
