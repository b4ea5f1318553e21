import { isRec } from '../plainData';
import { parse } from 'yaml';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { K8sObject } from '../model/k8sObject';
import { stringAt } from '../model/k8sObject';
import { SYSTEM_NAMESPACES } from '../model/namespaces';
import { objectLabels } from '../model/workload';
import { MAX_ALIAS_COUNT } from '../yaml/parse';
import { DATAPLANE_MODE_LABEL, INJECTION_LABEL, REVISION_LABEL } from './labels';

/** Namespaces Istio never injects into nor asks to label: Kubernetes' own, and the control plane's. */
export const UNMESHED_NAMESPACES: readonly string[] = [...SYSTEM_NAMESPACES, 'istio-system'];

/** What a Namespace's labels say about sidecar injection, as Istio's injection analyzer reads them. */
export interface NamespaceInjection {
  /** The labels that ask for a data plane: `istio-injection`, and `istio.io/rev` / `istio.io/dataplane-mode` unless opted out. */
  readonly injectionLabels: readonly string[];
  /** True when pods created there get a sidecar: `istio-injection=enabled`, or a revision label without the other. */
  readonly injected: boolean;
  /** True when it says nothing at all (neither `istio-injection` nor `istio.io/rev`) and is not ambient. */
  readonly unlabelled: boolean;
}

/** Reads a Namespace's injection labels. */
export function namespaceInjection(ns: K8sObject): NamespaceInjection {
  const labels = objectLabels(ns);
  const injection = labels[INJECTION_LABEL];
  const revision = labels[REVISION_LABEL];
  const ambient = labels[DATAPLANE_MODE_LABEL] === 'ambient';
  const injectionLabels: string[] = [];
  if (injection !== undefined) {
    injectionLabels.push(INJECTION_LABEL);
  }
  // A revision or a dataplane mode conflicts with `istio-injection` only when that one enables injection.
  for (const l of [REVISION_LABEL, DATAPLANE_MODE_LABEL]) {
    if (labels[l] !== undefined && (injection === undefined || injection === 'enabled')) {
      injectionLabels.push(l);
    }
  }
  const unlabelled = !ambient && (injection ?? '') === '' && revision === undefined;
  const injected = !ambient && !unlabelled && (injection === 'enabled' || ((injection ?? '') === '' && revision !== undefined));
  return { injectionLabels, injected, unlabelled };
}

/** The Namespaces of the workspace with this name. */
export function namespacesNamed(index: WorkspaceIndex, name: string): K8sObject[] {
  return index.ofKind('Namespace').filter((n) => n.name === name);
}

/**
 * True when the workspace's injector ConfigMap (`istio-sidecar-injector[-<rev>]`) was installed with
 * `sidecarInjectorWebhook.enableNamespacesByDefault`: then unlabelled namespaces are injected.
 */
export function injectsUnlabelledNamespaces(index: WorkspaceIndex, revision?: string): boolean {
  const name = !revision || revision === 'default' ? 'istio-sidecar-injector' : `istio-sidecar-injector-${revision}`;
  for (const cm of index.ofKind('ConfigMap')) {
    if (cm.name !== name) {
      continue;
    }
    try {
      const values = parse(stringAt(cm.node, ['data', 'values']) ?? '', { maxAliasCount: MAX_ALIAS_COUNT, logLevel: 'error' }) as unknown;
      const webhook = isRec(values) ? values['sidecarInjectorWebhook'] : undefined;
      return isRec(webhook) && webhook['enableNamespacesByDefault'] === true;
    } catch {
      return false; // unreadable values: Istio falls back to the default (off) as well
    }
  }
  return false;
}

