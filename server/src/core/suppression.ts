import type { K8sObject } from './model/k8sObject';
import { objectAnnotations, podTemplate } from './model/workload';

/** The comment that silences rules on the next line: `# istio-mesh-disable-next-line <rule-id> [<rule-id>…]`. */
const DISABLE_NEXT_LINE = /#\s*istio-mesh-disable-next-line\b(.*)$/;

/** Istio's own annotation listing analyzer codes (or `*`) to silence for an object. */
export const ANALYZE_SUPPRESS = 'galley.istio.io/analyze-suppress';

/** True when a suppression comment on the line above `offset` names the rule (or names none: all rules). */
export function suppressedByComment(text: string, offset: number, ruleId: string): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (lineStart === 0) {
    return false;
  }
  const prevEnd = lineStart - 1;
  const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
  const m = DISABLE_NEXT_LINE.exec(text.slice(prevStart, prevEnd).replace(/\r$/, ''));
  if (!m) {
    return false;
  }
  const ids = (m[1] ?? '').split(/[\s,]+/).filter((s) => s !== '' && !s.startsWith('--'));
  return ids.length === 0 || ids.includes(ruleId);
}

/** True when the object's `galley.istio.io/analyze-suppress` annotation lists the Istio code or `*`. */
export function suppressedByAnnotation(obj: K8sObject, istioCode: string | null): boolean {
  if (!istioCode) {
    return false;
  }
  const value = objectAnnotations(obj)[ANALYZE_SUPPRESS] ?? podTemplate(obj)?.annotations[ANALYZE_SUPPRESS];
  if (!value) {
    return false;
  }
  return value.split(',').some((c) => {
    const code = c.trim();
    return code === '*' || code === istioCode;
  });
}
