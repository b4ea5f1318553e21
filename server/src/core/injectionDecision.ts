import type { WorkspaceIndex } from './index/workspaceIndex';
import { effectiveNamespace } from './index/workspaceIndex';
import { decideInjection as decide, injectorPolicyOfValues } from './inject/decision';
import type { InjectionVerdict } from './inject/decision';
import { parseLegacyInjectConfig } from './inject/legacy/index';
import { injectsUnlabelledNamespaces, namespacesNamed } from './istio/injection';
import type { K8sObject } from './model/k8sObject';
import { stringAt } from './model/k8sObject';
import { objectAnnotations, objectLabels, podTemplate } from './model/workload';
import type { InjectionOverrides } from './injectionInputs';
import { injectionInputs } from './injectionInputs';
import type { Profile } from './settings';

/** Whether a workload's pods will get a sidecar, and the reason in the user's terms. */
export interface InjectionDecision {
  readonly inject: boolean | 'unknown';
  readonly reason: string;
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
): InjectionDecision {
  const tpl = podTemplate(obj);
  if (!tpl) {
    return { inject: false, reason: `${obj.kind} does not run pods` };
  }
  const namespace = effectiveNamespace(obj, defaultNamespace);
  const hostNetwork = stringAt(obj.node, [...tpl.path, 'spec', 'hostNetwork']) === 'true';
  const inputs = injectionInputs(profile, index, overrides);
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
      policy: injectorPolicyOfValues(inputs.values),
      admission: {
        by: 'webhook',
        namespaceLabels: ns ? objectLabels(ns) : undefined,
        injectsUnlabelledNamespaces: injectsUnlabelledNamespaces(index),
      },
    });
  }
  return { inject: verdict.inject, reason: verdict.reason };
}
