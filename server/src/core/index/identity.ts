import type { K8sObject } from '../model/k8sObject';
import { effectiveNamespace } from './workspaceIndex';

/**
 * What makes an object one object in a cluster: its API group, kind, namespace and name. Definitions sharing it
 * (variants, copies, install flavours of one manifest) are alternatives of one object, as the cluster would hold one.
 */
export function objectIdentity(obj: K8sObject, defaultNamespace: string): string {
  return `${apiGroup(obj.apiVersion)}\u0000${obj.kind}\u0000${effectiveNamespace(obj, defaultNamespace)}\u0000${obj.name}`;
}

/** The group of an `apiVersion`: `apps` of `apps/v1`, `` (the core group) of `v1`. */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** True when both are definitions of one object. */
export function sameObject(a: K8sObject, b: K8sObject, defaultNamespace: string): boolean {
  return a.name === b.name && a.kind === b.kind && objectIdentity(a, defaultNamespace) === objectIdentity(b, defaultNamespace);
}

/**
 * One item per object: of the items whose objects are definitions of one object, the one defined first (by file,
 * then position, so that the editor and the CLI pick the same whatever order they read files in). Order is kept.
 */
export function onePerObject<T>(items: readonly T[], objectOf: (item: T) => K8sObject, defaultNamespace: string): T[] {
  const chosen = new Map<string, T>();
  for (const item of items) {
    const id = objectIdentity(objectOf(item), defaultNamespace);
    const known = chosen.get(id);
    if (known === undefined || definedBefore(objectOf(item), objectOf(known))) {
      chosen.set(id, item);
    }
  }
  if (chosen.size === items.length) {
    return [...items];
  }
  const kept = new Set(chosen.values());
  return items.filter((i) => kept.has(i));
}

function definedBefore(a: K8sObject, b: K8sObject): boolean {
  return a.uri !== b.uri ? a.uri < b.uri : a.anchor.start < b.anchor.start;
}
