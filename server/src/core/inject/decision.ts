/**
 * The one answer to "will this pod get a sidecar, and why", for the CodeLens and the injector alike.
 *
 * Today's Istio decides in two steps. The API server first calls the injection webhook only for pods its
 * MutatingWebhookConfiguration selects (namespace labels `istio-injection` / `istio.io/rev`, pod labels
 * `sidecar.istio.io/inject` / `istio.io/rev`); then istiod's `injectRequired` looks at the pod: host network, Kubernetes'
 * own namespaces, the `sidecar.istio.io/inject` label (over the annotation of the same name), the injector's
 * `neverInjectSelector` / `alwaysInjectSelector`, and its policy. `istioctl kube-inject` skips the first step: it has no
 * namespace to read. Istio 0.2 had an Initializer with its own policy table (legacy/policy.ts), reached from here too.
 */
import { INJECTION_LABEL, REVISION_LABEL } from '../istio/labels';
import { isSystemNamespace } from '../model/namespaces';
import { readLabelSelector } from '../model/labelSelector';
import { A, L } from './annotations';
import type { LegacyPolicy } from './legacy/config';
import { decideLegacyInjection, LEGACY_INJECT_ANNOTATION, LEGACY_STATUS_ANNOTATION, legacyNamespaceSkip, legacyPolicyDecision } from './legacy/policy';

const INJECT = L.inject;
const STATUS = A.status;

type Labels = Readonly<Record<string, string>>;

/** What the decision reads of a pod (its template, for workloads). */
export interface PodFacts {
  /** The pod's namespace; "" when it names none. */
  readonly namespace: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly hostNetwork: boolean;
}

/** The injector config's say over every pod: `policy` and the label selectors that force a verdict. */
export interface InjectorPolicy {
  /** `enabled` or `disabled`; any other value makes istiod inject nothing. */
  readonly policy: string;
  readonly neverInjectSelector: readonly unknown[];
  readonly alwaysInjectSelector: readonly unknown[];
}

/** Who applies the decision. */
export type Admission =
  /** `istioctl kube-inject`: no namespace labels, `injectRequired` alone. */
  | { readonly by: 'kube-inject' }
  /**
   * The admission webhook in a cluster. `namespaceLabels` undefined: the namespace is not known here, so the verdict
   * may depend on the cluster.
   */
  | {
      readonly by: 'webhook';
      readonly namespaceLabels: Labels | undefined;
      /** `sidecarInjectorWebhook.enableNamespacesByDefault`: unlabelled namespaces are injected too. */
      readonly injectsUnlabelledNamespaces?: boolean;
    };

export interface TodayDecisionInput {
  readonly injector: 'today';
  readonly pod: PodFacts;
  readonly policy: InjectorPolicy;
  readonly admission: Admission;
}

export interface LegacyDecisionInput {
  readonly injector: 'legacy-0.2';
  /** The workload's own namespace and annotations: 0.2 read `sidecar.istio.io/inject` there, not on the pod template. */
  readonly workload: { readonly namespace: string; readonly annotations: Labels };
  readonly hostNetwork: boolean;
  readonly config: {
    readonly policy: LegacyPolicy;
    readonly namespaces?: readonly string[];
    readonly excludeNamespaces: readonly string[];
  };
  /** The Initializer of a cluster watches only the config's namespaces; `istioctl kube-inject` injects wherever. */
  readonly by: 'initializer' | 'kube-inject';
}

export type DecisionInput = TodayDecisionInput | LegacyDecisionInput;

/** What stopped (or caused) injection, for callers that word it their own way (kube-inject's warnings). */
export type DecisionCause =
  | 'host-network'
  | 'already-injected'
  | 'system-namespace'
  | 'namespace'
  | 'pod'
  | 'selector'
  | 'policy';

export interface InjectionVerdict {
  readonly inject: boolean | 'unknown';
  /** The reason in the user's terms, as the CodeLens shows it. */
  readonly reason: string;
  readonly cause: DecisionCause;
  /** The control-plane revision whose webhook injects the pod ("" for the default one). */
  readonly revision?: string;
}

/** Decides injection for one pod. */
export function decideInjection(input: DecisionInput): InjectionVerdict {
  return input.injector === 'legacy-0.2' ? decideLegacy(input) : decideToday(input);
}

/** The injector policy istiod renders into its config from the chart values (`global.proxy.autoInject`, selectors). */
export function injectorPolicyOfValues(values: unknown): InjectorPolicy {
  const at = (path: readonly string[]): unknown => {
    let cur: unknown = values;
    for (const p of path) {
      cur = typeof cur === 'object' && cur !== null && !Array.isArray(cur) ? (cur as Record<string, unknown>)[p] : undefined;
    }
    return cur;
  };
  const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
  const policy = at(['global', 'proxy', 'autoInject']);
  return {
    policy: typeof policy === 'string' ? policy : 'enabled',
    neverInjectSelector: list(at(['sidecarInjectorWebhook', 'neverInjectSelector'])),
    alwaysInjectSelector: list(at(['sidecarInjectorWebhook', 'alwaysInjectSelector'])),
  };
}

/** Istio's reading of `sidecar.istio.io/inject` (YAML 1.1 booleans): yes, no, or "not said" for empty. */
function podSays(value: string | undefined): 'yes' | 'no' | 'default' {
  const v = (value ?? '').toLowerCase();
  if (v === '') {
    return 'default';
  }
  return ['y', 'yes', 'true', 'on'].includes(v) ? 'yes' : 'no';
}

function decideToday(input: TodayDecisionInput): InjectionVerdict {
  const { pod, admission } = input;
  const ns = pod.namespace;
  if (admission.by === 'webhook' && pod.annotations[STATUS] !== undefined) {
    // Shown for files that hold kube-inject's output; kube-inject itself re-renders such a pod, so only the webhook path says it.
    return { inject: false, cause: 'already-injected', reason: `already injected (the pod carries ${STATUS})` };
  }
  if (pod.hostNetwork) {
    return {
      inject: false,
      cause: 'host-network',
      reason: 'hostNetwork: true — the sidecar cannot capture traffic of the node network',
    };
  }
  if (isSystemNamespace(ns)) {
    return { inject: false, cause: 'system-namespace', reason: `namespace ${ns} is never injected: it is one of Kubernetes' own` };
  }
  if (admission.by === 'kube-inject') {
    return podVerdict(input, '', '');
  }
  const selected = webhookSelection(pod, admission);
  if ('verdict' in selected) {
    return selected.verdict;
  }
  return podVerdict(input, selected.via, selected.revision);
}

/** Which webhook the API server calls for the pod, as Istio's MutatingWebhookConfiguration selects it. */
function webhookSelection(
  pod: PodFacts,
  admission: Extract<Admission, { by: 'webhook' }>,
): { via: string; revision: string } | { verdict: InjectionVerdict } {
  const ns = pod.namespace;
  const nsLabels = admission.namespaceLabels;
  const injection = nsLabels?.[INJECTION_LABEL];
  const nsRevision = nsLabels?.[REVISION_LABEL];
  const podLabel = pod.labels[INJECT];
  const podRevision = pod.labels[REVISION_LABEL];
  // Every webhook's objectSelector leaves out pods labelled exactly "false".
  const optedOut: InjectionVerdict = { inject: false, cause: 'pod', reason: `pod label ${INJECT}: "false"` };
  if (injection !== undefined && injection !== 'enabled') {
    const hint = injection === 'disabled' ? '' : ` (only "enabled" selects the namespace for injection)`;
    return { verdict: { inject: false, cause: 'namespace', reason: `namespace ${ns} is labelled ${INJECTION_LABEL}=${injection}${hint}` } };
  }
  if (injection === 'enabled' || nsRevision !== undefined) {
    if (podLabel === 'false') {
      return { verdict: optedOut };
    }
    return injection === 'enabled'
      ? { via: `namespace ${ns} is labelled ${INJECTION_LABEL}=enabled`, revision: '' }
      : { via: `namespace ${ns} is labelled ${REVISION_LABEL}=${nsRevision ?? ''}`, revision: nsRevision ?? '' };
  }
  if (podLabel === 'false') {
    return { verdict: optedOut };
  }
  if (podRevision !== undefined) {
    return { via: `pod label ${REVISION_LABEL}=${podRevision}`, revision: podRevision };
  }
  if (podLabel === 'true') {
    const where = nsLabels ? 'the namespace is not labelled' : `namespace ${ns} is not in the workspace`;
    return { via: `pod label ${INJECT}: "true" (${where})`, revision: '' };
  }
  if (admission.injectsUnlabelledNamespaces) {
    return { via: `namespace ${ns} is not labelled and the injector injects unlabelled namespaces (enableNamespacesByDefault)`, revision: '' };
  }
  if (!nsLabels) {
    return {
      verdict: {
        inject: 'unknown',
        cause: 'namespace',
        reason: `namespace ${ns} is not in the workspace: injected only if the cluster labels it ${INJECTION_LABEL}=enabled`,
      },
    };
  }
  return { verdict: { inject: false, cause: 'namespace', reason: `namespace ${ns} is not labelled ${INJECTION_LABEL}=enabled${unlabelledHint(pod)}` } };
}

/** Why a pod's own opt-in did not select it in an unlabelled namespace. */
function unlabelledHint(pod: PodFacts): string {
  const label = pod.labels[INJECT];
  if (label !== undefined && podSays(label) === 'yes') {
    return ` (the pod label ${INJECT}: ${JSON.stringify(label)} opts in only when it is exactly "true")`;
  }
  if (label === undefined && podSays(pod.annotations[A.inject]) === 'yes') {
    return ` (the ${INJECT} annotation alone does not opt in: use the label)`;
  }
  return '';
}

/** istiod's `injectRequired` past host network and system namespaces: the pod's say, the selectors, the policy. */
function podVerdict(input: TodayDecisionInput, via: string, revision: string): InjectionVerdict {
  const { pod, policy } = input;
  const label = pod.labels[INJECT];
  const annotation = pod.annotations[A.inject];
  // The label is today's API; when both are set, Istio reads the label.
  const value = label ?? annotation;
  const source = label !== undefined ? 'pod label' : 'pod annotation';
  const overridden =
    label !== undefined && annotation !== undefined && podSays(annotation) !== podSays(label)
      ? ` (the label wins over the annotation ${JSON.stringify(annotation)})`
      : '';
  const prefix = via === '' ? '' : `${via}, `;
  const withRevision = (v: Omit<InjectionVerdict, 'revision'>): InjectionVerdict => (v.inject === true ? { ...v, revision } : v);
  if (policy.policy !== 'enabled' && policy.policy !== 'disabled') {
    return {
      inject: false,
      cause: 'policy',
      reason: `the injector's policy is ${JSON.stringify(policy.policy)}: istiod injects nothing unless it is "enabled" or "disabled"`,
    };
  }
  const says = podSays(value);
  if (says !== 'default') {
    const shown = `${source} ${INJECT}: ${JSON.stringify(value)}`;
    return says === 'yes'
      ? withRevision({ inject: true, cause: 'pod', reason: `${prefix}${shown}${overridden}` })
      : { inject: false, cause: 'pod', reason: `${prefix}${shown} opts out${overridden}` };
  }
  const never = firstMatch(policy.neverInjectSelector, pod.labels);
  if (never !== undefined) {
    return { inject: false, cause: 'selector', reason: `${prefix}the pod labels match the injector's neverInjectSelector[${never}]` };
  }
  const always = firstMatch(policy.alwaysInjectSelector, pod.labels);
  if (always !== undefined) {
    return withRevision({ inject: true, cause: 'selector', reason: `${prefix}the pod labels match the injector's alwaysInjectSelector[${always}]` });
  }
  if (policy.policy === 'disabled') {
    return {
      inject: false,
      cause: 'policy',
      reason: `${prefix}the injector's policy is disabled: only pods labelled ${INJECT}: "true" are injected`,
    };
  }
  return withRevision({ inject: true, cause: 'policy', reason: via === '' ? `the injector's policy is enabled` : via });
}

/** Index of the first usable selector that matches; selectors Istio cannot read are skipped, as istiod skips them. */
function firstMatch(selectors: readonly unknown[], labels: Labels): number | undefined {
  for (const [i, raw] of selectors.entries()) {
    const s = readLabelSelector(raw);
    if (s.ok && s.matches(labels)) {
      return i;
    }
  }
  return undefined;
}

function decideLegacy(input: LegacyDecisionInput): InjectionVerdict {
  const { workload, config } = input;
  const annotation = workload.annotations[LEGACY_INJECT_ANNOTATION];
  let verdict: { inject: boolean; reason: string };
  if (input.by === 'initializer') {
    verdict = decideLegacyInjection({
      policy: config.policy,
      annotation,
      namespace: workload.namespace,
      namespaces: config.namespaces ? [...config.namespaces] : [''],
      excludeNamespaces: [...config.excludeNamespaces],
    });
  } else {
    const nsSkip = legacyNamespaceSkip(workload.namespace, config.excludeNamespaces);
    verdict = nsSkip !== undefined ? { inject: false, reason: nsSkip } : legacyPolicyDecision(config.policy, annotation);
  }
  if (!verdict.inject) {
    return { inject: false, cause: 'policy', reason: verdict.reason };
  }
  const status = workload.annotations[LEGACY_STATUS_ANNOTATION];
  if (status !== undefined) {
    return { inject: false, cause: 'already-injected', reason: `already injected (${LEGACY_STATUS_ANNOTATION}: ${JSON.stringify(status)})` };
  }
  if (input.hostNetwork) {
    return {
      inject: false,
      cause: 'host-network',
      reason:
        "its pods use hostNetwork: true; Istio 0.2 does not inject them, because the proxy's iptables rules would " +
        'change routing for the whole node',
    };
  }
  return { inject: true, cause: 'policy', reason: verdict.reason };
}
