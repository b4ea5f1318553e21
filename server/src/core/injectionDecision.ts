import type { WorkspaceIndex } from './index/workspaceIndex';
import { effectiveNamespace } from './index/workspaceIndex';
import { decideInjection as decide, injectorPolicyOfValues } from './inject/decision';
import type { InjectionVerdict } from './inject/decision';
import { parseLegacyInjectConfig } from './inject/legacy/index';
import { injectsUnlabelledNamespaces, namespacesNamed } from './istio/injection';
import type { K8sObject } from './model/k8sObject';
import { stringAt } from './model/k8sObject';
import { objectAnnotations, objectLabels, podTemplate } from './model/workload';
import type { ClusterInjector, InjectionOverrides } from './injectionInputs';
import { injectionInputs, injectionRevision } from './injectionInputs';
import { InjectorConfig, type InjectInputs } from './inject/index';
import type { Profile } from './settings';

/** Whether a workload's pods will get a sidecar, and the reason in the user's terms. */
export interface InjectionDecision {
  readonly inject: boolean | 'unknown';
  readonly reason: string;
  /** Where the injection templates come from when they are an installation's own (a ConfigMap or chart). */
  readonly renderedFrom?: string;
}

/**
 * The CodeLens's question for a workload of the workspace: what the cluster's injector (0.2's Initializer, or today's
 * webhook) would do with its pods, given the Namespaces and injector inputs the workspace holds.
 */
export function decideInjection(
  obj: K8sObject,
  profile: Profile,
  index: WorkspaceIndex,
  defaultNamespace: string,
  overrides: InjectionOverrides = {},
  clusterFor?: (revision: string) => ClusterInjector | undefined,
): InjectionDecision {
  const tpl = podTemplate(obj);
  if (!tpl) {
    return { inject: false, reason: `${obj.kind} does not run pods` };
  }
  const namespace = effectiveNamespace(obj, defaultNamespace);
  const hostNetwork = stringAt(obj.node, [...tpl.path, 'spec', 'hostNetwork']) === 'true';
  const revision = injectionRevision(obj, index, defaultNamespace);
  const cluster = clusterFor?.(revision);
  const inputs = injectionInputs(profile, index, overrides, { revision, ...(cluster ? { cluster } : {}) });
  let verdict: InjectionVerdict;
  if (profile === 'legacy-0.2') {
    const parsed = parseLegacyInjectConfig(inputs.injectConfig);
    if (!parsed.ok) {
      return { inject: 'unknown', reason: `the istio-inject ConfigMap is invalid: ${parsed.message}` };
    }
    verdict = decide({
      injector: 'legacy-0.2',
      by: 'initializer',
      workload: { namespace, annotations: objectAnnotations(obj) },
      hostNetwork,
      config: parsed.value,
    });
  } else {
    const ns = namespacesNamed(index, namespace)[0];
    verdict = decide({
      injector: 'today',
      pod: { namespace, labels: tpl.labels, annotations: tpl.annotations, hostNetwork },
      policy: injectorPolicy(inputs),
      admission: {
        by: 'webhook',
        namespaceLabels: ns ? objectLabels(ns) : undefined,
        injectsUnlabelledNamespaces: injectsUnlabelledNamespaces(index),
      },
    });
  }
  const from = inputs.injectConfig instanceof InjectorConfig ? inputs.injectConfig.origin : undefined;
  return { inject: verdict.inject, reason: verdict.reason, ...(from !== undefined ? { renderedFrom: from } : {}) };
}

/** The webhook's policy and selectors: the injector config's own when it has them (istiod reads them there). */
function injectorPolicy(inputs: InjectInputs): ReturnType<typeof injectorPolicyOfValues> {
  const fromValues = injectorPolicyOfValues(inputs.values);
  const raw = inputs.injectConfig instanceof InjectorConfig ? inputs.injectConfig.raw : undefined;
  if (!raw) {
    return fromValues;
  }
  return {
    policy: typeof raw['policy'] === 'string' ? raw['policy'] : fromValues.policy,
    neverInjectSelector: Array.isArray(raw['neverInjectSelector']) ? raw['neverInjectSelector'] : fromValues.neverInjectSelector,
    alwaysInjectSelector: Array.isArray(raw['alwaysInjectSelector']) ? raw['alwaysInjectSelector'] : fromValues.alwaysInjectSelector,
  };
}
