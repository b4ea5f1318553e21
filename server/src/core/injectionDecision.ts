import type { WorkspaceIndex } from './index/workspaceIndex';
import { decideLegacyInjection, parseLegacyInjectConfig } from './inject/legacy/index';
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

/** Namespaces today's injector webhook never touches. */
const IGNORED_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'];

const INJECT = 'sidecar.istio.io/inject';

/** Decides injection for a workload as the profile's injector would: 0.2's Initializer policy, or today's webhook. */
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
  const namespace = obj.namespace ?? defaultNamespace;
  if (tpl.annotations['sidecar.istio.io/status'] !== undefined) {
    return { inject: false, reason: 'already injected (the pod carries sidecar.istio.io/status)' };
  }
  if (stringAt(obj.node, [...tpl.path, 'spec', 'hostNetwork']) === 'true') {
    return { inject: false, reason: 'hostNetwork: true — the sidecar cannot capture traffic of the node network' };
  }
  if (profile === 'legacy-0.2') {
    const cfgInput = injectionInputs(profile, index, overrides).injectConfig;
    const parsed = parseLegacyInjectConfig(cfgInput);
    if (!parsed.ok) {
      return { inject: 'unknown', reason: `the istio-inject ConfigMap is invalid: ${parsed.message}` };
    }
    const cfg = parsed.value;
    // The 0.2 Initializer read the annotation on the workload's own metadata.
    const d = decideLegacyInjection({
      policy: cfg.policy,
      annotation: objectAnnotations(obj)[INJECT],
      namespace,
      namespaces: [...cfg.namespaces],
      excludeNamespaces: [...cfg.excludeNamespaces],
    });
    return { inject: d.inject, reason: d.reason };
  }
  if (IGNORED_NAMESPACES.includes(namespace)) {
    return { inject: false, reason: `namespace ${namespace} is never injected` };
  }
  const label = tpl.labels[INJECT];
  const annotation = tpl.annotations[INJECT];
  const podSays = label ?? annotation;
  const source = label !== undefined ? 'pod label' : 'pod annotation';
  if (podSays === 'false') {
    return { inject: false, reason: `${source} ${INJECT}: "false"` };
  }
  const ns = index.ofKind('Namespace').find((n) => n.name === namespace);
  const nsLabels = ns ? objectLabels(ns) : undefined;
  const nsInjection = nsLabels?.['istio-injection'];
  const rev = nsLabels?.['istio.io/rev'];
  if (nsInjection === 'disabled') {
    return { inject: false, reason: `namespace ${namespace} is labelled istio-injection=disabled` };
  }
  if (nsInjection === 'enabled' || rev !== undefined) {
    const how = nsInjection === 'enabled' ? 'istio-injection=enabled' : `istio.io/rev=${rev ?? ''}`;
    return { inject: true, reason: `namespace ${namespace} is labelled ${how}${podSays === 'true' ? `, ${source} true` : ''}` };
  }
  if (label === 'true') {
    return { inject: true, reason: `pod label ${INJECT}: "true" (the namespace is not labelled)` };
  }
  if (!ns) {
    return {
      inject: 'unknown',
      reason: `namespace ${namespace} is not in the workspace: injected only if the cluster labels it istio-injection=enabled`,
    };
  }
  const hint = annotation === 'true' ? ` (the ${INJECT} annotation alone does not opt in: use the label)` : '';
  return { inject: false, reason: `namespace ${namespace} is not labelled istio-injection=enabled${hint}` };
}
