import type { Profile } from '../settings';

/**
 * Where an Istio annotation or label takes effect. `Pod` is a Pod's own metadata or a workload's pod template
 * (`spec.template.metadata`); `Workload` is the own metadata of the kinds Istio 0.2's Initializer injected;
 * `Any` is every kind. Other values are Kubernetes kinds.
 */
export type Place =
  | 'Pod'
  | 'Workload'
  | 'Any'
  | 'Service'
  | 'Namespace'
  | 'Node'
  | 'Ingress'
  | 'Gateway'
  | 'GatewayClass'
  | 'ServiceEntry'
  | 'WorkloadEntry'
  | 'AuthorizationPolicy'
  | 'MutatingWebhookConfiguration'
  | 'Deployment'
  | 'ServiceAccount'
  | 'PodDisruptionBudget'
  | 'HorizontalPodAutoscaler';

/** The form a value must take. Annotation and label values are always YAML strings; this is what the string holds. */
export type ValueSpec =
  /** `"true"` or `"false"`; `go` also accepts what Go's `strconv.ParseBool` does (`1`, `t`, `TRUE`, …). */
  | { readonly type: 'boolean'; readonly go?: boolean }
  /** One of a fixed set; `strict` when Istio refuses other values (else they are only suggestions). */
  | { readonly type: 'enum'; readonly values: readonly string[]; readonly strict: boolean }
  /** Comma-separated port numbers; `wildcard` allows `*` for all ports. */
  | { readonly type: 'ports'; readonly wildcard: boolean }
  | { readonly type: 'port' }
  /** Comma-separated CIDR ranges; `wildcard` allows `*` for all addresses. */
  | { readonly type: 'cidrs'; readonly wildcard: boolean }
  /** A Go duration such as `5s`, `1m30s`, `250ms`. */
  | { readonly type: 'duration' }
  | { readonly type: 'integer'; readonly min: number; readonly max: number }
  /** A Kubernetes resource quantity such as `100m`, `128Mi`, `1`. */
  | { readonly type: 'quantity' }
  /** JSON text of the given shapes. */
  | { readonly type: 'json'; readonly shapes: readonly ('array' | 'object')[] }
  /** YAML (or JSON) of a ProxyConfig, as in `proxy.istio.io/config`. */
  | { readonly type: 'proxyConfig' }
  /** Comma-separated names. */
  | { readonly type: 'list'; readonly examples?: readonly string[] }
  | { readonly type: 'text'; readonly examples?: readonly string[] };

/** The pod's ports, comma-separated, without `*`: the value of several annotations. */
export const POD_PORTS = { type: 'ports', wildcard: false } as const;

/** Istio's maturity label for a feature. */
export type Stage = 'alpha' | 'beta' | 'stable';

/** One Istio annotation or label: what it does, where it belongs and what it holds. */
export interface IstioKey {
  readonly name: string;
  /** What it does, in markdown; one or two sentences. */
  readonly summary: string;
  readonly places: readonly Place[];
  readonly value: ValueSpec;
  readonly stage?: Stage;
  /** Set when Istio discourages it; `replacement` names what to use instead, `note` says how. */
  readonly deprecated?: { readonly replacement?: string; readonly note?: string };
  /** Not in Istio's public reference: internal or for Istio's own controllers. */
  readonly hidden?: boolean;
  /** Istio's injector validates the value and refuses the pod when it is malformed. */
  readonly injectorChecks?: boolean;
  /** Written by Istio (the injector or a controller), not by users; never offered as a completion. */
  readonly writtenByIstio?: boolean;
  /** Where Istio 0.2 (profile `legacy-0.2`) read it, when that differs from today; it was not deprecated there. */
  readonly legacyPlaces?: readonly Place[];
}

/** The kinds whose own metadata Istio 0.2's Initializer (and kube-inject) read and injected. */
export const LEGACY_WORKLOAD_KINDS: readonly string[] = [
  'Deployment',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'StatefulSet',
  'Job',
];

/** Where a key belongs under a profile. */
export function placesFor(key: IstioKey, profile: Profile): readonly Place[] {
  return profile === 'legacy-0.2' && key.legacyPlaces ? key.legacyPlaces : key.places;
}

/** The deprecation in force under a profile: 0.2 knew nothing of today's deprecations. */
export function deprecationFor(key: IstioKey, profile: Profile): IstioKey['deprecated'] {
  return profile === 'legacy-0.2' ? undefined : key.deprecated;
}

/**
 * True when a key written on metadata of `kind` takes effect. `template` is true for a workload's pod template,
 * which is a Pod's metadata whatever the workload's kind.
 */
export function belongsOn(key: IstioKey, kind: string, template: boolean, profile: Profile): boolean {
  const places = placesFor(key, profile);
  if (places.includes('Any')) {
    return true;
  }
  if (template || kind === 'Pod') {
    return places.includes('Pod');
  }
  if (places.includes('Workload') && LEGACY_WORKLOAD_KINDS.includes(kind)) {
    return true;
  }
  return (places as readonly string[]).includes(kind);
}

/** "the pod template (`spec.template.metadata`) or a Pod" and the like, for messages and hovers. */
export function describePlaces(places: readonly Place[]): string {
  const words = places.map((p) => {
    switch (p) {
      case 'Pod':
        return 'a Pod or a workload’s pod template';
      case 'Workload':
        return `the workload’s own metadata (${LEGACY_WORKLOAD_KINDS.join(', ')})`;
      case 'Any':
        return 'any resource';
      default:
        return `${/^[AEIOU]/.test(p) ? 'an' : 'a'} ${p}`;
    }
  });
  if (words.length <= 1) {
    return words[0] ?? 'nothing';
  }
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1] ?? ''}`;
}

/** True for names in Istio's namespace (`istio.io/…`, `*.istio.io/…`), as Istio's analyzer decides what it checks. */
export function isIstioName(name: string): boolean {
  const slash = name.indexOf('/');
  if (slash < 0) {
    return false;
  }
  const domain = name.slice(0, slash);
  return domain === 'istio.io' || domain.endsWith('.istio.io');
}

/** Levenshtein distance, case-insensitive (a case slip counts as nothing). */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[t.length] ?? 0;
}

/** The known names closest to a misspelt one, when the slip is small (a few characters); ties are all returned. */
export function closestNames(name: string, known: readonly string[]): string[] {
  const limit = Math.min(3, Math.max(2, Math.floor(name.length / 15)));
  const near = known
    .filter((k) => k !== name)
    .map((k) => ({ k, d: editDistance(name, k) }))
    .filter((x) => x.d <= limit);
  const best = Math.min(...near.map((x) => x.d));
  return near
    .filter((x) => x.d === best)
    .map((x) => x.k)
    .sort();
}
