import type { FileEntry } from '../index/workspaceIndex';
import { annotationNamed, ANNOTATIONS } from '../istio/annotations';
import { yamlString } from '../istio/edits';
import type { IstioKey } from '../istio/keys';
import { belongsOn, deprecationFor } from '../istio/keys';
import { LABELS, labelNamed } from '../istio/labels';
import { valueChoices } from '../istio/values';
import type { Profile } from '../settings';
import type { Span } from '../yaml/spans';
import type { CursorContext } from './context';
import { cursorContext } from './context';
import { istioCompletions } from './istioCompletion';
import type { IstioWorkspace } from './istioTargets';
import type { MetadataSpot } from './describe';
import { describeKey, metadataSpot } from './describe';
import { onServicePortName, portNameProtocols, protocolDoc } from './ports';

/** One completion: what to show, what to insert and which text it replaces. */
export interface CompletionEntry {
  readonly label: string;
  readonly kind: 'annotation' | 'label' | 'value' | 'protocol' | 'host' | 'subset' | 'gateway' | 'port';
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  readonly insertText: string;
  /** What the editor matches the typed text against (the replaced text starts with a quote, say). */
  readonly filterText?: string;
  /** The text replaced: the key or value typed so far. */
  readonly span: Span;
  readonly sortText?: string;
  readonly deprecated?: boolean;
  /** Ask for completions again right after inserting (a key whose values can be offered). */
  readonly retrigger?: boolean;
}

/**
 * Completions at an offset: Istio annotation and label keys and values for the metadata there, port-name protocols,
 * and, given the workspace, the hosts, subsets, gateways and ports of VirtualServices and DestinationRules.
 */
export function completionsAt(entry: FileEntry, offset: number, profile: Profile, ws?: IstioWorkspace): CompletionEntry[] {
  const ctx = cursorContext(entry, offset);
  if (!ctx) {
    return [];
  }
  const istio = ws ? istioCompletions(entry, offset, ctx, ws) : undefined;
  if (istio) {
    return istio;
  }
  if (onServicePortName(ctx) && ctx.on === 'value') {
    return portNameCompletions(ctx, profile);
  }
  const spot = metadataSpot(ctx);
  if (!spot) {
    return [];
  }
  return ctx.on === 'key' ? keyCompletions(ctx, spot, profile) : valueCompletions(ctx, spot, profile);
}

function keyCompletions(ctx: CursorContext, spot: MetadataSpot, profile: Profile): CompletionEntry[] {
  const registry = spot.field === 'annotations' ? ANNOTATIONS : LABELS;
  const out: CompletionEntry[] = [];
  for (const key of registry) {
    if (key.writtenByIstio || key.hidden || !belongsOn(key, spot.kind, spot.template, profile)) {
      continue;
    }
    if (ctx.siblings.includes(key.name) && key.name !== ctx.key) {
      continue; // already written in this map
    }
    const deprecated = deprecationFor(key, profile) !== undefined;
    const retrigger = !ctx.hasColon && valueChoices(key.value).length > 0;
    out.push({
      label: key.name,
      kind: spot.field === 'annotations' ? 'annotation' : 'label',
      detail: detailOf(key, spot),
      documentation: describeKey(key, spot.field, profile, spot),
      insertText: ctx.hasColon ? key.name : `${key.name}: `,
      span: ctx.keySpan,
      sortText: `${deprecated ? '2' : key.stage === 'alpha' ? '1' : '0'}${key.name}`,
      ...(deprecated ? { deprecated } : {}),
      ...(retrigger ? { retrigger } : {}),
    });
  }
  return out;
}

function valueCompletions(ctx: CursorContext, spot: MetadataSpot, profile: Profile): CompletionEntry[] {
  const key = spot.field === 'annotations' ? annotationNamed(ctx.key) : labelNamed(ctx.key);
  if (!key) {
    return [];
  }
  const quote = ctx.valueText.startsWith('"') || ctx.valueText.startsWith("'") ? ctx.valueText.charAt(0) : undefined;
  return valueChoices(key.value).map((v, i) => ({
    label: v,
    kind: 'value' as const,
    detail: key.name,
    documentation: describeKey(key, spot.field, profile, spot),
    insertText: quote ? `${quote}${v}${quote}` : yamlString(v),
    filterText: quote ? `${quote}${v}` : v,
    span: ctx.valueSpan,
    sortText: String(i).padStart(2, '0'),
  }));
}

function portNameCompletions(ctx: CursorContext, profile: Profile): CompletionEntry[] {
  return portNameProtocols(profile).map((p, i) => ({
    label: p,
    kind: 'protocol' as const,
    detail: 'Istio protocol (name the port <protocol>[-<suffix>])',
    documentation: protocolDoc(p),
    insertText: p,
    span: ctx.valueSpan,
    sortText: String(i).padStart(2, '0'),
  }));
}

function detailOf(key: IstioKey, spot: MetadataSpot): string {
  const what = spot.field === 'annotations' ? 'Istio annotation' : 'Istio label';
  return key.stage ? `${what} (${key.stage})` : what;
}
