import { clusterConfig, type ClusterConfig } from '../../config';
import { readSelection, type StateStore } from './workspaceState';

/** The settings of the cluster commands, and the context/namespace chosen for this workspace. */
export interface ClusterSettings extends ClusterConfig {
  /** The extension's own context for this workspace; undefined follows the kubeconfig's current-context. */
  readonly context: string | undefined;
  /** The extension's own namespace for this workspace; undefined uses the context's. */
  readonly namespace: string | undefined;
}

/** The settings and this workspace's chosen target. */
export function clusterSettings(state: StateStore): ClusterSettings {
  return { ...clusterConfig(), context: readSelection(state, 'context'), namespace: readSelection(state, 'namespace') };
}
