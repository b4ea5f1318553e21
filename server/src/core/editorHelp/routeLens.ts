import type { Node } from 'yaml';
import type { FileEntry } from '../index/workspaceIndex';
import { effectiveNamespace } from '../index/workspaceIndex';
import { serviceOfFqdn, toFqdn } from '../model/istioHost';
import type { K8sObject } from '../model/k8sObject';
import { nodeAt, scalarString, seqItemsAt, stringAt } from '../model/k8sObject';
import { isIstioNetworking } from '../model/istioNetworking';
import { nodeSpan } from '../yaml/spans';
import type { Span } from '../yaml/spans';

/** A line of text over a VirtualService route rule: where its traffic goes. */
export interface RouteLens {
  readonly span: Span;
  readonly title: string;
}

interface Share {
  readonly host: string;
  readonly subset: string | undefined;
  readonly port: string | undefined;
  readonly weight: number;
}

/** A cluster Service's FQDN or short name reads as its name; other hosts stay as written. */
function hostLabel(host: string, namespace: string): string {
  if (host === '') {
    return '(no host)';
  }
  return serviceOfFqdn(toFqdn(host, namespace))?.name ?? host;
}

/** Percent with at most one decimal, as people write traffic splits. */
function percent(weight: number, total: number): string {
  return `${Math.round((weight * 1000) / total) / 10} %`;
}

/**
 * The traffic split of one rule, e.g. "reviews: v1 50 %, v2 50 %": destinations grouped by host and port, each
 * share its weight over the rule's total (Istio's relative weights; one destination without weight gets all).
 */
export function summarizeRoute(shares: readonly Share[]): string {
  const total = shares.length === 1 ? 1 : shares.reduce((sum, s) => sum + s.weight, 0);
  const weightOf = (s: Share): number => (shares.length === 1 ? 1 : s.weight);
  const groups: { label: string; parts: { subset: string | undefined; share: string }[] }[] = [];
  for (const s of shares) {
    const label = s.port ? `${s.host}:${s.port}` : s.host;
    let group = groups.find((g) => g.label === label);
    if (!group) {
      group = { label, parts: [] };
      groups.push(group);
    }
    group.parts.push({ subset: s.subset, share: total > 0 ? percent(weightOf(s), total) : 'no weight' });
  }
  return groups
    .map((g) => {
      const only = g.parts.length === 1 ? g.parts[0] : undefined;
      return only && only.subset === undefined
        ? `${g.label} ${only.share}`
        : `${g.label}: ${g.parts.map((p) => (p.subset ? `${p.subset} ${p.share}` : p.share)).join(', ')}`;
    })
    .join(' · ');
}

function sharesOf(rule: unknown, namespace: string): Share[] {
  return seqItemsAt(rule as Node, ['route']).map((route) => {
    const r = route as Node;
    const weightText = scalarString(nodeAt(r, ['weight']));
    const weight = weightText !== undefined && /^\d+$/.test(weightText) ? Number(weightText) : 0;
    return {
      host: hostLabel(stringAt(r, ['destination', 'host']) ?? '', namespace),
      subset: stringAt(r, ['destination', 'subset']),
      port: stringAt(r, ['destination', 'port', 'number']),
      weight,
    };
  });
}

/** Over each http, tcp and tls rule of each VirtualService of the file: the traffic split of its route. */
export function routeLenses(entry: FileEntry, defaultNamespace: string): RouteLens[] {
  const out: RouteLens[] = [];
  for (const vs of entry.objects) {
    if (!isIstioNetworking(vs, 'VirtualService') || entry.fragments.has(vs.node)) {
      continue;
    }
    out.push(...lensesOf(vs, effectiveNamespace(vs, defaultNamespace)));
  }
  return out;
}

function lensesOf(vs: K8sObject, namespace: string): RouteLens[] {
  const out: RouteLens[] = [];
  for (const section of ['http', 'tcp', 'tls']) {
    for (const rule of seqItemsAt(vs.node, ['spec', section])) {
      const shares = sharesOf(rule, namespace);
      const span = nodeSpan(rule as Node);
      if (shares.length > 0 && span) {
        out.push({ span: { start: span.start, end: span.start }, title: summarizeRoute(shares) });
      }
    }
  }
  return out;
}
