import { isMap, isPair, isSeq } from 'yaml';
import type { Node } from 'yaml';
import type { WorkspaceIndex } from '../../index/workspaceIndex';
import type { K8sObject } from '../../model/k8sObject';
import { mapAt, nodeAt, scalarString, seqItemsAt, stringAt } from '../../model/k8sObject';
import { keySpan, nodeSpan } from '../../yaml/spans';
import type { Span } from '../../yaml/spans';

// The route-match checks of Istio's VirtualService validation (IST0130 unreachable rules, IST0131 ineffective
// matches), shared by vs-rules-reachable and vs-matches-effective.

export interface UnreachableRule {
  readonly section: string;
  readonly rule: string;
  readonly reason: string;
  readonly span: Span;
}

export interface IneffectiveMatch {
  readonly section: string;
  readonly rule: string;
  readonly match: string;
  readonly shadowedBy: string;
  readonly span: Span;
}

export interface MatchAnalysis {
  readonly unreachable: readonly UnreachableRule[];
  readonly ineffective: readonly IneffectiveMatch[];
}

/**
 * The unreachable rules and ineffective matches of a VirtualService's http, tcp and tls routes. Once per object (both
 * rules ask), kept by the index: by the object, not its node, since the results hold spans and an object that moves
 * is a new object on the same, shifted node.
 */
export function analyzeMatches(index: WorkspaceIndex, vs: K8sObject): MatchAnalysis {
  return index.memo(vs, 'vs-match-analysis', () => {
    const unreachable: UnreachableRule[] = [];
    const ineffective: IneffectiveMatch[] = [];
    for (const section of ['http', 'tcp', 'tls']) {
      analyzeSection(vs, section, unreachable, ineffective);
    }
    return { unreachable, ineffective };
  });
}

/** Where to report on a map entry of a list: its first key (the entry itself spans lines). */
function entrySpan(node: unknown, fallback: Span): Span {
  if (isMap(node) && isPair(node.items[0])) {
    return keySpan(node.items[0]) ?? nodeSpan(node) ?? fallback;
  }
  return nodeSpan(node as Node) ?? fallback;
}

function ruleName(section: string, rule: Node, i: number): string {
  const name = section === 'http' ? stringAt(rule, ['name']) : undefined;
  return name ? JSON.stringify(name) : `#${i}`;
}

function matchName(section: string, match: Node, i: number): string {
  const name = section === 'http' ? stringAt(match, ['name']) : undefined;
  return name ? JSON.stringify(name) : `#${i}`;
}

/** A match as a canonical string: keys sorted, the match's own `name` left out (it routes nothing). */
function canonical(node: unknown, dropName: boolean): string {
  const value: unknown = isMap(node) || isSeq(node) ? (node as Node).toJSON() : (node as Node | undefined)?.toJSON?.();
  const sort = (v: unknown, top: boolean): unknown => {
    if (Array.isArray(v)) {
      return v.map((x) => sort(x, false));
    }
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v as Record<string, unknown>)
          .filter((k) => !(top && dropName && k === 'name'))
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k], false)]),
      );
    }
    return v;
  };
  return JSON.stringify(sort(value ?? null, true));
}

interface PrefixMatch {
  readonly rule: string;
  readonly match: string;
  readonly span: Span;
  readonly prefix: string;
  readonly port: string;
  readonly method: string;
  readonly authority: string;
  readonly headers: ReadonlyMap<string, string>;
  readonly queryParams: ReadonlyMap<string, string>;
  readonly withoutHeaders: ReadonlyMap<string, string>;
}

function analyzeSection(vs: K8sObject, section: string, unreachable: UnreachableRule[], ineffective: IneffectiveMatch[]): void {
  const rules = seqItemsAt(vs.node, ['spec', section]);
  const seen = new Map<string, number>();
  let emptySeen = false;
  const prefixes: PrefixMatch[] = [];
  rules.forEach((r, i) => {
    if (!isMap(r)) {
      return;
    }
    const rule = r as Node;
    const name = ruleName(section, rule, i);
    const span = entrySpan(r, vs.anchor);
    const matches = seqItemsAt(rule, ['match']);
    if (matches.length === 0) {
      if (emptySeen) {
        unreachable.push({ section, rule: name, reason: 'only the last rule can have no matches', span });
      }
      emptySeen = true;
      return;
    }
    let duplicates = 0;
    matches.forEach((m, j) => {
      const key = canonical(m, section === 'http');
      const mspan = entrySpan(m, span);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        const other = rules[earlier] as Node;
        ineffective.push({ section, rule: name, match: matchName(section, m as Node, j), shadowedBy: ruleName(section, other, earlier), span: mspan });
        duplicates++;
        return;
      }
      seen.set(key, i);
      if (section === 'http') {
        const p = prefixMatch(m as Node, name, matchName(section, m as Node, j), mspan);
        if (p) {
          prefixes.push(p);
        }
      }
    });
    if (duplicates === matches.length) {
      unreachable.push({ section, rule: name, reason: 'all matches used by prior rules', span });
    }
  });
  for (let a = 0; a < prefixes.length; a++) {
    for (let b = a + 1; b < prefixes.length; b++) {
      const pa = prefixes[a];
      const pb = prefixes[b];
      if (!pa || !pb || pa.prefix === pb.prefix || !covers(pa, pb)) {
        continue;
      }
      ineffective.push({
        section,
        rule: pb.rule,
        match: `${pb.match} of prefix ${pb.prefix}`,
        shadowedBy: `${pa.match} of prefix ${pa.prefix} on ${pa.rule}`,
        span: pb.span,
      });
    }
  }
}

/** `exact:v` or `prefix:v` of a StringMatch, '' for other forms (regex) or none. */
function exactOrPrefix(node: Node | undefined): string {
  const exact = stringAt(node, ['exact']) ?? '';
  if (exact !== '') {
    return `exact:${exact}`;
  }
  const prefix = stringAt(node, ['prefix']) ?? '';
  return prefix !== '' ? `prefix:${prefix}` : '';
}

function stringMatches(node: Node | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const map = isMap(node) ? node : undefined;
  for (const item of map?.items ?? []) {
    if (isPair(item)) {
      const k = scalarString(item.key as Node);
      if (k !== undefined) {
        out.set(k, exactOrPrefix(item.value as Node));
      }
    }
  }
  return out;
}

function prefixMatch(match: Node, rule: string, name: string, span: Span): PrefixMatch | undefined {
  const prefix = stringAt(match, ['uri', 'prefix']) ?? '';
  if (prefix === '') {
    return undefined;
  }
  return {
    rule,
    match: name,
    span,
    prefix,
    port: scalarString(nodeAt(match, ['port'])) ?? '0',
    // Why GET: Istio's analysis takes a match without method as a GET.
    method: exactOrPrefix(nodeAt(match, ['method'])) || 'exact:GET',
    authority: exactOrPrefix(nodeAt(match, ['authority'])),
    headers: stringMatches(mapAt(match, ['headers'])),
    queryParams: stringMatches(mapAt(match, ['queryParams'])),
    withoutHeaders: stringMatches(mapAt(match, ['withoutHeaders'])),
  };
}

/** True when the earlier prefix match `a` takes every request the later `b` would (Istio's `coveredValidation`). */
function covers(a: PrefixMatch, b: PrefixMatch): boolean {
  if (!b.prefix.startsWith(a.prefix) || a.port !== b.port) {
    return false;
  }
  const within = (x: string, y: string): boolean => x === y || x.startsWith(y);
  if (!within(a.method, b.method) || !within(a.authority, b.authority)) {
    return false;
  }
  for (const [mine, theirs] of [
    [a.headers, b.headers],
    [a.queryParams, b.queryParams],
    [a.withoutHeaders, b.withoutHeaders],
  ] as const) {
    if (mine.size !== theirs.size) {
      return false;
    }
    for (const [k, v] of mine) {
      const w = theirs.get(k);
      if (w === undefined || !within(v, w)) {
        return false;
      }
    }
  }
  return true;
}
