/**
 * The Istio 0.2 injection policy: the `istio-inject` ConfigMap's policy (off / disabled / enabled), the
 * workload's `sidecar.istio.io/inject` annotation, and the namespaces the initializer leaves alone.
 * This is the guide's table:
 *
 *   policy    annotation  injected
 *   off       N/A         no
 *   disabled  omitted     no
 *   disabled  false       no
 *   disabled  true        yes
 *   enabled   omitted     yes
 *   enabled   false       no
 *   enabled   true        yes
 */
import type { LegacyPolicy } from './config';

export const LEGACY_INJECT_ANNOTATION = 'sidecar.istio.io/inject';
export const LEGACY_STATUS_ANNOTATION = 'sidecar.istio.io/status';

/** Namespaces Istio 0.2 never injected into. */
export const LEGACY_IGNORED_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'istio-system'];

export interface LegacyPolicyDecision {
  inject: boolean;
  reason: string;
}

/** The annotation values 0.2 read as "yes" (YAML 1.1 booleans, any case); every other value means no. */
export function legacyAnnotationSaysYes(value: string): boolean {
  return ['y', 'yes', 'true', 'on'].includes(value.toLowerCase());
}

/** Policy × annotation only (0.2's `injectRequired`, without the already-injected check). */
export function legacyPolicyDecision(policy: LegacyPolicy, annotation: string | undefined): LegacyPolicyDecision {
  if (policy === 'off') {
    return {
      inject: false,
      reason:
        'policy off: the Istio initializer is switched off in the istio-inject ConfigMap, so nothing is injected ' +
        `(the ${LEGACY_INJECT_ANNOTATION} annotation is ignored)`,
    };
  }
  if (annotation === undefined) {
    return policy === 'enabled'
      ? {
          inject: true,
          reason: `policy enabled, annotation omitted: injected, as every workload is by default (set ${LEGACY_INJECT_ANNOTATION}: "false" to opt out)`,
        }
      : {
          inject: false,
          reason: `policy disabled, annotation omitted: not injected; set ${LEGACY_INJECT_ANNOTATION}: "true" on the workload to opt in`,
        };
  }
  const yes = legacyAnnotationSaysYes(annotation);
  const shown = JSON.stringify(annotation);
  const readAs =
    yes || ['n', 'no', 'false', 'off'].includes(annotation.toLowerCase())
      ? ''
      : ` (${shown} is not one of y, yes, true, on, so Istio 0.2 reads it as "false")`;
  if (yes) {
    return {
      inject: true,
      reason:
        policy === 'enabled'
          ? `policy enabled, annotation ${shown}: injected`
          : `policy disabled, annotation ${shown}: injected, because the workload opts in`,
    };
  }
  return {
    inject: false,
    reason:
      policy === 'enabled'
        ? `policy enabled, annotation ${shown}: not injected, because the workload opts out${readAs}`
        : `policy disabled, annotation ${shown}: not injected${readAs}`,
  };
}

/**
 * Whether Istio 0.2's initializer would inject a workload: namespaces it leaves alone first, then the policy
 * table. `namespace` "" means the object names none (it lands in "default" with a default kubectl context).
 */
export function decideLegacyInjection(args: {
  policy: 'off' | 'disabled' | 'enabled';
  annotation: string | undefined;
  namespace: string;
  namespaces?: string[];
  excludeNamespaces?: string[];
}): LegacyPolicyDecision {
  if (args.policy === 'off') {
    return legacyPolicyDecision('off', args.annotation);
  }
  const ns = args.namespace === '' ? 'default' : args.namespace;
  const nsSkip = legacyNamespaceSkip(ns, args.excludeNamespaces ?? []);
  if (nsSkip !== undefined) {
    return { inject: false, reason: nsSkip };
  }
  const watched = args.namespaces ?? [''];
  if (watched.length > 0 && !watched.includes('') && !watched.includes(ns)) {
    return {
      inject: false,
      reason:
        `namespace ${ns} is not watched: the istio-inject ConfigMap's namespaces list (${watched.join(', ')}) ` +
        'does not include it, so the initializer ignores the workload',
    };
  }
  return legacyPolicyDecision(args.policy, args.annotation);
}

/** Why 0.2 leaves a namespace alone (system namespaces, excludeNamespaces), or undefined. */
export function legacyNamespaceSkip(namespace: string, excludeNamespaces: readonly string[]): string | undefined {
  if (LEGACY_IGNORED_NAMESPACES.includes(namespace)) {
    return `namespace ${namespace} is exempt: Istio 0.2 never injects into kube-system, kube-public or istio-system`;
  }
  if (namespace !== '' && excludeNamespaces.includes(namespace)) {
    return `namespace ${namespace} is excluded: it is listed in excludeNamespaces of the istio-inject ConfigMap`;
  }
  return undefined;
}
