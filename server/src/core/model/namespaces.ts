/**
 * Kubernetes' own namespaces. Istio's injector never injects pods there (istiod's and `istioctl kube-inject`'s
 * ignored namespaces), and the rules never ask for them to be labelled.
 */
export const SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'];

/** True for a namespace that belongs to Kubernetes itself. */
export function isSystemNamespace(namespace: string): boolean {
  return SYSTEM_NAMESPACES.includes(namespace);
}
