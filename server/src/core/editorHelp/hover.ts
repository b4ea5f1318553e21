import type { FileEntry } from '../index/workspaceIndex';
import { annotationNamed, isCheckedAnnotation } from '../istio/annotations';
import { labelNamed } from '../istio/labels';
import { valueProblem } from '../istio/values';
import type { Profile } from '../settings';
import type { Span } from '../yaml/spans';
import { cursorContext } from './context';
import { describeKey, metadataSpot } from './describe';
import { istioHoverAt } from './istioHover';
import type { IstioWorkspace } from './istioTargets';
import { describePortName, onServicePortName } from './ports';

/** Markdown to show for a span of the file. */
export interface HoverResult {
  readonly markdown: string;
  readonly span: Span;
}

/**
 * Hover over an Istio annotation or label (key or value), over a Service port's name, and, given the workspace, over
 * the hosts, subsets, gateways and ports of VirtualServices and DestinationRules.
 */
export function hoverAt(entry: FileEntry, offset: number, profile: Profile, ws?: IstioWorkspace): HoverResult | undefined {
  const istio = ws ? istioHoverAt(entry, offset, ws) : undefined;
  if (istio) {
    return istio;
  }
  const ctx = cursorContext(entry, offset);
  if (!ctx || !ctx.hasColon) {
    return undefined;
  }
  const onKey = offset >= ctx.keySpan.start && offset <= ctx.keySpan.end;
  const onValue = ctx.on === 'value' && ctx.valueText !== '' && offset >= ctx.valueSpan.start && offset <= ctx.valueSpan.end;
  if (!onKey && !onValue) {
    return undefined;
  }
  const span = onKey ? ctx.keySpan : ctx.valueSpan;
  const value = unquote(ctx.valueText);
  if (onServicePortName(ctx)) {
    return onValue && value !== '' ? { markdown: describePortName(value, profile), span } : undefined;
  }
  const spot = metadataSpot(ctx);
  if (!spot) {
    return undefined;
  }
  const key = spot.field === 'annotations' ? annotationNamed(ctx.key) : labelNamed(ctx.key);
  if (!key) {
    return spot.field === 'annotations' && isCheckedAnnotation(ctx.key) && onKey
      ? { markdown: `**${ctx.key}** — not an annotation Istio knows: Istio ignores it.`, span }
      : undefined;
  }
  let markdown = describeKey(key, spot.field, profile, spot);
  if (onValue) {
    const problem = valueProblem(key.value, value);
    markdown += problem ? `\n\n⚠ \`${value}\`: ${problem.message}.` : '';
  }
  return { markdown, span };
}

/** A scalar's text without its quotes (escapes are rare in these values and left as written). */
export function unquote(text: string): string {
  const q = text.charAt(0);
  if ((q === '"' || q === "'") && text.length >= 2 && text.endsWith(q)) {
    return text.slice(1, -1);
  }
  return q === '"' || q === "'" ? text.slice(1) : text;
}
