import { defineAnalyzerRule } from './shared/istioAnalyzer';
import type { Node } from 'yaml';
import { INJECT } from '../istio/annotations';
import { replaceValue } from '../istio/edits';
import { editDistance } from '../istio/keys';
import { describePlace } from '../istio/metadata';
import { nonStringReading } from '../istio/values';
import { WORKLOAD_KINDS } from '../model/workload';
import type { Fix, RuleFinding } from './rule';
import { checkedPlaces } from './shared/istioAnnotations';

/** Spellings people use for yes and no, mapped to the value Istio documents. */
const MEANS: Readonly<Record<string, 'true' | 'false'>> = {
  y: 'true',
  yes: 'true',
  on: 'true',
  t: 'true',
  '1': 'true',
  enable: 'true',
  enabled: 'true',
  n: 'false',
  no: 'false',
  off: 'false',
  f: 'false',
  '0': 'false',
  disable: 'false',
  disabled: 'false',
};

/** What the injector reads as "inject" (YAML 1.1 true, any case); every other non-empty value means "do not". */
const READ_AS_TRUE = ['y', 'yes', 'true', 'on'];

/** `sidecar.istio.io/inject` (annotation or label) says `"true"` or `"false"`, as a quoted string. */
export default defineAnalyzerRule({
  id: 'anno-inject-value-valid',
  description: 'The `sidecar.istio.io/inject` annotation or label is the string "true" or "false".',
  istioCode: 'IST0125',
  istioAnalyzer: 'annotations.K8sAnalyzer',
  defaultSeverity: 'warning',
  kinds: WORKLOAD_KINDS,
  onFragments: true,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const place of checkedPlaces(ctx)) {
      const entries = [
        ...place.annotations.map((e) => ({ e, what: 'annotation' })),
        ...place.labels.map((e) => ({ e, what: 'label' })),
      ];
      for (const { e, what } of entries) {
        if (e.key !== INJECT || !e.valueSpan) {
          continue;
        }
        const node = e.pair.value as Node;
        const where = `${INJECT} ${what} on ${describePlace(place)}`;
        const reading = nonStringReading(node, ctx.text);
        if (reading === 'boolean' && (e.value === 'true' || e.value === 'false')) {
          findings.push({
            span: e.valueSpan,
            message:
              `The ${where} is an unquoted boolean; Kubernetes only accepts strings as ${what} values, so ` +
              `kubectl refuses it. Write "${e.value}".`,
            fixes: quoteFixes(ctx.text, node, [e.value]),
          });
          continue;
        }
        const value = reading ? ctx.text.slice(e.valueSpan.start, e.valueSpan.end) : (e.value ?? '');
        if (value === 'true' || value === 'false' || value === '') {
          continue; // empty: no setting, the namespace decides
        }
        const meant = nearest(value);
        const injects = READ_AS_TRUE.includes(value.toLowerCase());
        const effect = reading
          ? `Unquoted, Kubernetes reads it as a ${reading}, and kubectl refuses ${what} values that are not strings.`
          : injects
            ? ctx.profile === 'legacy-0.2'
              ? 'Istio 0.2 happens to read it as "true", but only "true" and "false" are documented.'
              : 'The injector happens to read it as "true", but the injection webhook’s label selectors match only ' +
                '"true" and "false".'
            : `It is not "true", so the ${ctx.profile === 'legacy-0.2' ? 'Initializer' : 'injector'} reads it as ` +
              '"false" and this pod gets no sidecar.';
        findings.push({
          span: e.valueSpan,
          message: `The ${where} is "${value}"; write "true" or "false". ${effect}`,
          fixes: quoteFixes(ctx.text, node, meant),
        });
      }
    }
    return findings;
  },
});

/** The documented values closest to what was written, best first. */
function nearest(value: string): ('true' | 'false')[] {
  const lower = value.toLowerCase();
  const mapped = MEANS[lower] ?? (lower === 'true' || lower === 'false' ? lower : undefined);
  if (mapped) {
    return [mapped, mapped === 'true' ? 'false' : 'true'];
  }
  return editDistance(lower, 'false') < editDistance(lower, 'true') ? ['false', 'true'] : ['true', 'false'];
}

function quoteFixes(text: string, node: Node, values: readonly string[]): Fix[] {
  const fixes: Fix[] = [];
  values.forEach((v, i) => {
    const edit = replaceValue(text, node, v);
    if (edit) {
      fixes.push({ title: `Change to "${v}"`, edits: [edit], preferred: i === 0 });
    }
  });
  return fixes;
}
