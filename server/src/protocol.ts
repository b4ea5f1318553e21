/**
 * The contract between the extension (client) and the language server: custom requests, notifications and the
 * settings shape. The only server file the client imports; its one runtime dependency is the message types of
 * vscode-languageserver-protocol, which both bundles already hold (the client and the server libraries re-export them).
 */
import { NotificationType, NotificationType0, RequestType } from 'vscode-languageserver-protocol';
import type { ClusterCrds } from './core/schema/crdSources';
import type { Profile, ProfileSetting, SeverityOrOff } from './core/settings';

export type { CoreSettings as IstioSettings, Profile, ProfileSetting, Severity, SeverityOrOff } from './core/settings';

/** The language id the server reads. */
export const YAML_LANGUAGE_ID = 'yaml';

/** Source name on every diagnostic, shown in the Problems panel. */
export const DIAGNOSTIC_SOURCE = 'istio';

/**
 * The `istio.*` section as the client reads it, before the server validates it (`normalizeSettings`): the shapes
 * package.json declares, which a hand-edited settings file may still break.
 */
export interface RawIstioSettings {
  readonly validate: { readonly enable: boolean };
  readonly profile: ProfileSetting;
  readonly rules: Readonly<Record<string, SeverityOrOff>>;
  readonly defaultNamespace: string;
  readonly exclude: readonly string[];
  readonly diagnostics: { readonly scope: DiagnosticsScope };
  readonly injection: { readonly values: object; readonly meshConfig: object; readonly injectConfig: object };
}

/** Initialization options the client sends when it starts the server. */
export interface InitializationOptions {
  /** The settings of the first workspace folder, so the first diagnostics are right before any configuration pull. */
  readonly settings?: RawIstioSettings;
}

/**
 * `istio.diagnostics.scope`: `workspace` reports every manifest of the workspace (LSP workspace diagnostics),
 * `openFiles` only the files open in editors.
 */
export type DiagnosticsScope = 'workspace' | 'openFiles';

/** Server → client: the workspace index changed (a scan ended, a file changed); the status item asks again. */
export const workspaceChangedNotification = new NotificationType0('istio/workspaceChanged');

export interface WorkspaceSummaryParams {
  /** The document the user looks at, if any. */
  readonly uri?: string;
}

export interface WorkspaceSummary {
  readonly profile: Profile;
  readonly files: number;
  readonly workloads: number;
  readonly services: number;
}

/** Client → server: summary of the workspace for the status item. */
export const workspaceSummaryRequest = new RequestType<WorkspaceSummaryParams, WorkspaceSummary, void>('istio/workspaceSummary');

/** How the injected preview is written: the user's document with injected parts added, or istioctl's exact output. */
export type PreviewStyle = 'minimal' | 'istioctl';

export interface PreviewInjectionParams {
  readonly uri: string;
  /** When set, only the document (workload) containing this offset is injected. */
  readonly offset?: number;
  readonly style?: PreviewStyle;
}

export type PreviewInjectionResult =
  | {
      readonly ok: true;
      readonly text: string;
      readonly profile: Profile;
      readonly warnings: readonly string[];
      /** Which injector rendered it: an injector ConfigMap or chart of the workspace or cluster, or a built-in one. */
      readonly renderedBy: string;
    }
  | { readonly ok: false; readonly error: string; readonly profile: Profile };

/** Client → server: the injected YAML of a file (or of the workload at `offset`), for the preview document. */
export const previewInjectionRequest = new RequestType<PreviewInjectionParams, PreviewInjectionResult, void>('istio/previewInjection');

/** One injector ConfigMap of the cluster: where it was read, its `data.config` and `data.values`. */
export interface ClusterInjectorData {
  /** Where it was read, e.g. "ConfigMap istio-system/istio-sidecar-injector of context dev (Istio 1.28.2)". */
  readonly origin: string;
  readonly config: string;
  readonly values?: string;
}

/**
 * The default revision's injector (an empty `config` when the cluster has only revisioned ones), and the other
 * revisions' by name (`istio-sidecar-injector-<rev>`), so each workload renders with the revision that injects it.
 */
export type ClusterInjectorParams =
  | (ClusterInjectorData & { readonly revisions?: Readonly<Record<string, ClusterInjectorData>> })
  | null;

/**
 * Client → server: the injector ConfigMap of the cluster the user chose (read after the target was confirmed), or
 * null when there is none (no context chosen, not reachable, or no istio-sidecar-injector). The preview and the
 * CodeLens render with it when neither settings nor the workspace hold an injector config.
 */
export const clusterInjectorNotification = new NotificationType<ClusterInjectorParams>('istio/clusterInjector');

/**
 * Client → server: the Istio CustomResourceDefinitions (networking, security, telemetry, extensions.istio.io) of the
 * cluster the user chose (read after the target was confirmed), or null when there are none to use (no context
 * chosen, not reachable, another context chosen). IST0106 validates with them the kinds the workspace has no CRD for.
 */
export type ClusterCrdsParams = ClusterCrds | null;

export const clusterCrdsNotification = new NotificationType<ClusterCrdsParams>('istio/clusterCrds');
