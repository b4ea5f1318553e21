import * as vscode from 'vscode';
import { applyFlow } from '../cluster/ui/applyFlow';
import { selectContext, selectNamespace } from '../cluster/ui/contextFlow';
import { getGatewayUrl, installControlPlane, refreshClusterInjector, settled, uninstallControlPlane, verify } from '../cluster/ui/controlPlaneFlow';
import { deleteFlow } from '../cluster/ui/deleteFlow';
import type { FlowEnv } from '../cluster/ui/flowEnv';
import { injectedReviewLines, injectionSettingsFromWorkspace } from '../cluster/ui/injectedReview';
import { exportServiceAccountSecret, generateClusterEnv, generateDnsmasqConfig, generateSidecarEnv } from '../cluster/ui/meshFilesFlow';
import { commonChoices } from '../cluster/ui/messages';
import { registerVmWizard } from '../cluster/ui/registerFlow';
import { controlPlaneManifests } from '../cluster/ui/releaseManifests';
import type { ClusterSession } from '../cluster/ui/session';
import { trustedCommands } from '../cluster/ui/trust';
import type { KubeObject } from '../cluster/types';
import { settingOrigins } from '../config';
import { editorText, injectedTarget } from './clusterSource';
import { serverless, type Command, type CommandDeps, type CommandTable } from './types';

// Cluster commands: each picks what it acts on (an editor's YAML, a preview, the release manifests) and hands it to
// its flow in cluster/ui/, which asks everything else through the session's UI port.

const l10n = vscode.l10n;

/** A cluster command: it never needs the language server (Apply Injected says so itself when it cannot render). */
const withSession = <R>(run: (env: FlowEnv, s: ClusterSession, deps: CommandDeps, arg?: unknown) => Promise<R>): Command =>
  serverless((deps) => (arg?: unknown) => run(deps.cluster.env(), deps.cluster, deps, arg));

async function applyInjected(env: FlowEnv, deps: CommandDeps, arg: unknown): Promise<unknown> {
  const t = await injectedTarget(env.ui, arg, l10n.t('Apply Injected YAML to Cluster'));
  if (!t) {
    return undefined;
  }
  const rendered = await deps.previews.render(t.target);
  if (!rendered.ok) {
    env.ui.log('error', `sidecar injection of ${t.name} failed: ${rendered.error}`);
    void env.ui.notify({ severity: 'error', message: l10n.t('Sidecar injection failed: {0}', rendered.error), actions: commonChoices(l10n, ['showLogs']) });
    return undefined;
  }
  const fromWorkspace = injectionSettingsFromWorkspace(settingOrigins);
  const notes = (objects: readonly KubeObject[]): string[] => injectedReviewLines(l10n, objects, fromWorkspace);
  return settled(await applyFlow(env, { text: rendered.text, source: l10n.t('{0} (injected)', t.name), notes }));
}

/** The cluster commands, mesh expansion included; none runs in Restricted Mode. */
export const clusterCommands: CommandTable = trustedCommands('cluster', {
  'istio.selectContext': withSession((env, s) => selectContext(env, s)),
  'istio.selectNamespace': withSession((env, s) => selectNamespace(env, s)),
  'istio.applyToCluster': withSession(async (env, _s, _deps, arg) => {
    const src = await editorText(env.ui, arg, l10n.t('Apply to Cluster'));
    return src ? settled(await applyFlow(env, src)) : undefined;
  }),
  'istio.applyInjectedToCluster': withSession((env, _s, deps, arg) => applyInjected(env, deps, arg)),
  'istio.deleteFromCluster': withSession(async (env, _s, _deps, arg) => {
    const src = await editorText(env.ui, arg, l10n.t('Delete from Cluster'));
    return src ? deleteFlow(env, src) : undefined;
  }),
  'istio.installControlPlane': withSession(async (env, s) => {
    const manifests = await controlPlaneManifests(env, l10n.t('Install Istio'), false);
    return manifests ? installControlPlane(env, s, manifests) : undefined;
  }),
  'istio.uninstallControlPlane': withSession(async (env, s) => {
    const manifests = await controlPlaneManifests(env, l10n.t('Uninstall Istio'), true);
    return manifests ? uninstallControlPlane(env, s, manifests) : undefined;
  }),
  'istio.verifyInstallation': withSession((env, s) => verify(env, s)),
  'istio.getGatewayUrl': withSession((env, s) => getGatewayUrl(env, s)),
  'istio.refreshClusterInjector': withSession((env, s) => refreshClusterInjector(env, s)),
  'istio.registerVmWorkload': withSession((env) => registerVmWizard(env)),
  'istio.generateClusterEnv': withSession((env) => generateClusterEnv(env)),
  'istio.generateDnsmasqConfig': withSession((env) => generateDnsmasqConfig(env)),
  'istio.generateSidecarEnv': withSession((env) => generateSidecarEnv(env)),
  'istio.exportServiceAccountSecret': withSession((env) => exportServiceAccountSecret(env)),
});
