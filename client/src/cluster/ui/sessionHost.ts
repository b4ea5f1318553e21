import type { ProfileSetting } from '../../../../server/src/protocol';
import type { KubeconfigResult } from '../kubeconfig';
import type { InjectorSyncResult } from './injectorSync';
import type { VerifyState } from './meshTree';
import type { SelectionKey } from './workspaceState';

/**
 * What the cluster wizards use of the session that hosts them (ClusterSession in VS Code): the workspace's chosen
 * target, the "Istio Mesh" view and the cluster injector. Plain data, so scripted tests can host them too.
 */
export interface SessionHost {
  settings(): {
    readonly context: string | undefined;
    readonly namespace: string | undefined;
    readonly productionPattern: string | null;
    readonly profile: ProfileSetting;
  };
  /** The connection this workspace chose, or with `overrides` exactly that context and namespace (`{}`: as kubectl). */
  load(overrides?: { readonly context?: string; readonly namespace?: string }): KubeconfigResult;
  /** Chooses (or, with undefined, stops choosing) this workspace's context or namespace. */
  select(key: SelectionKey, value: string | undefined): Promise<void>;
  /** The user confirmed this target (by picking its context). */
  rememberTarget(key: string): void;
  /** Shows the new choice: status bar, view, the cluster injector. */
  refresh(): void;
  readonly redactor: { redact(text: string): string };
  readonly view: { setVerify(v: VerifyState): void; reveal(): Promise<void> };
  readonly injector: { sync(opts: { readonly refresh?: boolean; readonly signal?: AbortSignal }): Promise<InjectorSyncResult> };
  /** The cluster's Istio CRDs kept in the language server (IST0106's schemas); read again with the injector. */
  readonly crds?: { sync(opts: { readonly refresh?: boolean }): Promise<unknown> };
}
