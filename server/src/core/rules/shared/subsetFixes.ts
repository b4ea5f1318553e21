import { isMap, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { K8sObject } from '../../model/k8sObject';
import { nodeAt, pairOf } from '../../model/k8sObject';
import { subsetsOf } from '../../model/istioNetworking';
import { yamlString } from '../../yaml/edits';
import { keySpan, nodeSpan } from '../../yaml/spans';
import type { Fix, TextEdit } from '../rule';

// The "Add subset 'v3' to DestinationRule reviews" quick fix of vs-destination-subset-exists.

/** The label the subsets of a DestinationRule must all use for the new subset's labels to be clear. */
const VERSION_LABEL = 'version';

/**
 * The labels of a new subset: `version: <name>` plus the labels every existing subset has with one value (such as
 * `app: reviews`); undefined unless the rule has subsets and all of them select by `version`.
 */
export function newSubsetLabels(dr: K8sObject, name: string): [string, string][] | undefined {
  const subsets = subsetsOf(dr);
  if (subsets.length === 0 || !subsets.every((s) => s.labels[VERSION_LABEL] !== undefined)) {
    return undefined;
  }
  const last = subsets[subsets.length - 1]?.labels ?? {};
  return Object.keys(last).flatMap((k): [string, string][] => {
    if (k === VERSION_LABEL) {
      return [[k, name]];
    }
    const v = last[k];
    return v !== undefined && subsets.every((s) => s.labels[k] === v) ? [[k, v]] : [];
  });
}

const eolOf = (text: string): string => {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
};

const columnOf = (text: string, offset: number): number => offset - (text.lastIndexOf('\n', offset - 1) + 1);

/** The edit appending a subset to `spec.subsets` of a DestinationRule whose file text is `text`. */
function appendSubset(dr: K8sObject, text: string, name: string, labels: readonly [string, string][]): TextEdit | undefined {
  const seq = nodeAt(dr.node, ['spec', 'subsets']);
  const span = nodeSpan(seq);
  if (!isSeq(seq) || !span) {
    return undefined;
  }
  const pairs = labels.map(([k, v]) => `${yamlString(k)}: ${yamlString(v)}`);
  if (seq.flow) {
    const close = span.end - 1;
    if (text.charAt(close) !== ']') {
      return undefined;
    }
    const entry = `{name: ${yamlString(name)}, labels: {${pairs.join(', ')}}}`;
    return { uri: dr.uri, span: { start: close, end: close }, newText: seq.items.length > 0 ? `, ${entry}` : entry };
  }
  const last = seq.items[seq.items.length - 1];
  const itemStart = isMap(last) ? last.range?.[0] : undefined;
  if (!isMap(last) || last.flow || itemStart === undefined) {
    return undefined;
  }
  // The item's first key must follow its `- ` on its own line: the new item copies that layout.
  const lineStart = text.lastIndexOf('\n', itemStart - 1) + 1;
  const dash = /^( *)- +$/.exec(text.slice(lineStart, itemStart));
  if (!dash) {
    return undefined;
  }
  const keyCol = itemStart - lineStart;
  const step = labelStep(text, last) ?? 2;
  const eol = eolOf(text);
  const lines = [
    `${dash[1] ?? ''}- name: ${yamlString(name)}`,
    `${' '.repeat(keyCol)}labels:`,
    ...pairs.map((p) => `${' '.repeat(keyCol + step)}${p}`),
  ];
  return { uri: dr.uri, span: { start: span.end, end: span.end }, newText: `${eol}${lines.join(eol)}` };
}

/** How far a subset's label entries sit right of its `labels:` key, when they are a block map. */
function labelStep(text: string, subset: YAMLMap): number | undefined {
  const pair = pairOf(subset, 'labels');
  const labels = pair?.value;
  const first = isMap(labels) && !labels.flow ? labels.items[0] : undefined;
  const keyStart = pair ? keySpan(pair)?.start : undefined;
  const childStart = first ? keySpan(first)?.start : undefined;
  if (keyStart === undefined || childStart === undefined) {
    return undefined;
  }
  const step = columnOf(text, childStart) - columnOf(text, keyStart);
  return step > 0 ? step : undefined;
}

/** "Add subset 'v3' to DestinationRule reviews", when the rule's subsets make its labels clear. */
export function addSubsetFix(dr: K8sObject, text: string, name: string): Fix | undefined {
  const labels = newSubsetLabels(dr, name);
  const edit = labels ? appendSubset(dr, text, name, labels) : undefined;
  return edit ? { title: `Add subset '${name}' to DestinationRule ${dr.name}`, edits: [edit], preferred: true } : undefined;
}
