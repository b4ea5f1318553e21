import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { isCollection, isMap, isNode, isScalar } from 'yaml';
import type { Node } from 'yaml';
import { annotationNamed, INJECT, PROXY_CONFIG } from '../istio/annotations';
import { replaceValue } from '../istio/edits';
import type { IstioKey } from '../istio/keys';
import { belongsOn } from '../istio/keys';
import { INJECT_LABEL, INJECTION_LABEL, labelNamed } from '../istio/labels';
import type { MetadataPlace } from '../istio/metadata';
import { describePlace } from '../istio/metadata';
import { closeChoices, expectedForm, nonStringReading, valueProblem } from '../istio/values';
import type { StringEntry } from '../model/k8sObject';
import { WORKLOAD_KINDS } from '../model/workload';
import type { Fix, RuleContext, RuleFinding } from './rule';
import { checkedPlaces, istioAnnotations } from './shared/istioAnnotations';
import type { Span } from '../yaml/spans';

/** Typed Istio annotation and label values have their form: ports, CIDR ranges, durations, numbers, booleans, YAML. */
export default defineAnalyzerRule({
  id: 'anno-value-valid',
  description:
    'Istio annotation and label values have the form Istio expects (ports, CIDR ranges, durations, numbers, booleans, ' +
    'ProxyConfig YAML), as strings.',
  istioCode: 'IST0125',
  istioAnalyzer: 'annotations.K8sAnalyzer',
  defaultSeverity: 'error',
  kinds: ['Namespace', 'Service', ...WORKLOAD_KINDS],
  onFragments: true,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const place of checkedPlaces(ctx)) {
      for (const e of istioAnnotations(place)) {
        if (e.key === INJECT) {
          continue;
        }
        const key = annotationNamed(e.key);
        // As Istio: a misplaced annotation is reported as such (anno-placement-valid), its value is not checked.
        if (key && belongsOn(key, place.kind, place.template, ctx.profile)) {
          pushFinding(findings, check(ctx, place, e, key, 'annotation'));
        }
      }
      for (const e of place.labels) {
        const key = e.key === INJECT_LABEL ? undefined : labelNamed(e.key);
        if (key && belongsOn(key, place.kind, place.template, ctx.profile)) {
          pushFinding(findings, check(ctx, place, e, key, 'label'));
        }
      }
    }
    return findings;
  },
});

function pushFinding(out: RuleFinding[], f: RuleFinding | undefined): void {
  if (f) {
    out.push(f);
  }
}

function check(ctx: RuleContext, place: MetadataPlace, e: StringEntry, key: IstioKey, what: string): RuleFinding | undefined {
  const node = isNode(e.pair.value) ? e.pair.value : undefined;
  const where = `${e.key} ${what} on ${describePlace(place)}`;
  if (isCollection(node)) {
    return e.keySpan && { span: e.keySpan, message: collectionMessage(where, key, what), fixes: collectionFixes(ctx, e, node, key) };
  }
  if (!node || !e.valueSpan || e.value === undefined) {
    return undefined; // no value: nothing to check
  }
  const source = ctx.text.slice(e.valueSpan.start, e.valueSpan.end);
  const reading = nonStringReading(node, ctx.text);
  const value = reading ? source : e.value;
  const problem = valueProblem(key.value, value);
  if (problem) {
    const fixes: Fix[] = [];
    closeChoices(key.value, value).forEach((c, i) => {
      const edit = replaceValue(ctx.text, node, c);
      if (edit) {
        fixes.push({ title: `Change to "${c}"`, edits: [edit], preferred: i === 0 });
      }
    });
    return {
      span: (problem.at && innerSpan(ctx.text, node, value, problem.at)) ?? e.valueSpan,
      message: `The ${where} is invalid: ${problem.message}. Expected ${expectedForm(key.value)}.${consequence(key, what)}`,
      fixes,
    };
  }
  if (reading) {
    const edit = replaceValue(ctx.text, node, source);
    return {
      span: e.valueSpan,
      message:
        `The ${where} is an unquoted ${reading}; Kubernetes only accepts strings as ${what} values, so kubectl ` +
        `refuses it. Write "${source}".`,
      fixes: edit ? [{ title: `Quote it: "${source}"`, edits: [edit], preferred: true }] : [],
    };
  }
  return undefined;
}

function consequence(key: IstioKey, what: string): string {
  if (what === 'label') {
    return key.name === INJECTION_LABEL ? ' Istio treats any value but "enabled" as "do not inject".' : '';
  }
  if (key.injectorChecks) {
    return ' The sidecar injector refuses such values, so the pod is not created.';
  }
  return key.places.includes('Pod') ? ' Istio cannot use it: the injected pod or its sidecar fails.' : '';
}

function collectionMessage(where: string, key: IstioKey, what: string): string {
  const hint =
    key.name === PROXY_CONFIG
      ? ` Write the ProxyConfig as a block scalar: "${PROXY_CONFIG}: |" followed by its YAML lines.`
      : ` Expected ${expectedForm(key.value)}, as a string.`;
  return `The ${where} is a YAML ${what === 'label' ? 'structure' : 'mapping or list'}, but Kubernetes ${what} values are strings.${hint}`;
}

/** A block mapping under the key becomes a literal block scalar (same lines) by adding ` |` after the colon. */
function collectionFixes(ctx: RuleContext, e: StringEntry, node: Node, key: IstioKey): Fix[] {
  const keyEnd = e.keySpan?.end;
  const r = node.range;
  if (keyEnd === undefined || !r || !isMap(node)) {
    return [];
  }
  if (!node.flow) {
    const colon = ctx.text.indexOf(':', keyEnd);
    if (colon < 0 || ctx.text.slice(colon + 1, r[0]).trim() !== '' || !ctx.text.slice(colon + 1, r[0]).includes('\n')) {
      return [];
    }
    return [{ title: 'Make it a block scalar (|)', edits: [{ span: { start: colon + 1, end: colon + 1 }, newText: ' |' }], preferred: true }];
  }
  if (key.value.type !== 'proxyConfig' && key.value.type !== 'json') {
    return [];
  }
  const edit = replaceValue(ctx.text, node, ctx.text.slice(r[0], r[1]));
  return edit ? [{ title: 'Quote it as a string', edits: [edit], preferred: true }] : [];
}

/**
 * Where a part of a scalar's value is in the file: direct for plain and quoted scalars written without escapes, line by
 * line for literal block scalars. Undefined when the source does not spell the value as is.
 */
function innerSpan(text: string, node: Node, value: string, at: { start: number; end: number }): Span | undefined {
  const r = node.range;
  if (!r || !isScalar(node) || at.end > value.length) {
    return undefined;
  }
  const check = (start: number): Span | undefined => {
    const span = { start, end: start + (at.end - at.start) };
    return text.slice(span.start, span.end) === value.slice(at.start, at.end) ? span : undefined;
  };
  if (node.type === 'PLAIN' || node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE') {
    const open = node.type === 'PLAIN' ? 0 : 1;
    return check(r[0] + open + at.start);
  }
  if (node.type !== 'BLOCK_LITERAL') {
    return undefined;
  }
  const before = value.slice(0, at.start);
  const line = before.split('\n').length - 1;
  const col = at.start - (before.lastIndexOf('\n') + 1);
  // Skip the header (`|`, `|-`, …), then `line` content lines; content sits at the block's indentation.
  let pos = text.indexOf('\n', r[0]) + 1;
  for (let i = 0; i < line && pos > 0; i++) {
    pos = text.indexOf('\n', pos) + 1;
  }
  const first = text.slice(text.indexOf('\n', r[0]) + 1);
  const indent = /^ */.exec(first)?.[0].length ?? 0;
  return pos > 0 ? check(pos + indent + col) : undefined;
}
