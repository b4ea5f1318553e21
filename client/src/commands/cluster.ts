import * as vscode from 'vscode';
import { corePath } from '../cluster/api';
import { ClusterError } from '../cluster/errors';
import { findGatewayUrl } from '../cluster/gateway';
import type { KubeObject } from '../cluster/types';
import { verifyInstall, type VerifyResult } from '../cluster/verify';
import { currentContextFile, writeCurrentContext } from '../cluster/ui/files';
import { applyFlow, confirmedOrExplain, deleteFlow, explain, targetKey, type ApplyFlowResult, type DeleteFlowResult } from '../cluster/ui/flow';
import { verifyLines } from '../cluster/ui/meshTree';
import { commonChoices } from '../cluster/ui/messages';
import { contextInfo, contextItems } from '../cluster/ui/pickers';
import type { ClusterSession } from '../cluster/ui/session';
import { validateNamespace } from '../cluster/ui/inputs';
import { trustedCommands } from '../cluster/ui/trust';
import { injectedReviewLines, injectionSettingsFromWorkspace } from '../cluster/ui/injectedReview';
import type { InjectorSyncResult } from '../cluster/ui/injectorSync';
import { settingOrigins } from '../config';
import { clusterMeshCommands } from './clusterMesh';
import { controlPlaneManifests, editorText, injectedTarget } from './clusterSource';
import { serverless, type Command, type CommandDeps, type CommandTable } from './types';

// Cluster commands: choose context/namespace, apply (as written or injected), delete, install/uninstall the control
// plane, verify it, find the gateway URL. Every write goes through the confirmation flow of cluster/ui/flow.ts.

const l10n = vscode.l10n;

/** Picks the extension's context; optionally also kubectl's current-context (written only when asked). */
async function selectContext(s: ClusterSession): Promise<void> {
  const settings = s.settings();
  const asKubectl = s.load({});
  const names = asKubectl.ok ? asKubectl.connection.contexts : asKubectl.contexts;
  if (!asKubectl.ok && names.length === 0) {
    explain(s.env(), l10n.t('Select a context'), asKubectl.problem);
    return;
  }
  const kubectlCurrent = asKubectl.ok ? asKubectl.connection.context : undefined;
  const items = contextItems(
    l10n,
    names.map((name) => contextInfo(name, s.load({ context: name }))),
    { selected: settings.context, kubectlCurrent, productionPattern: settings.productionPattern },
  ).map((i) => ({ ...i, follow: false }));
  const follow = {
    name: '',
    label: `$(discard) ${l10n.t("Follow kubectl's current-context")}`,
    description: kubectlCurrent ?? '',
    detail: l10n.t('Stop pinning a context for Istio Mesh Tools.'),
    follow: true,
  };
  const pick = await vscode.window.showQuickPick(settings.context ? [...items, follow] : items, {
    title: l10n.t('Cluster context for Istio Mesh Tools'),
    placeHolder: l10n.t('Applies, verification and mesh expansion use this context; kubectl is not changed unless you ask.'),
    matchOnDescription: true,
  });
  if (!pick) {
    return;
  }
  if (pick.follow) {
    await s.select('context', undefined);
    await s.select('namespace', undefined);
    s.refresh();
    void vscode.window.showInformationMessage(l10n.t("Istio Mesh Tools follows kubectl's current-context again ({0}).", kubectlCurrent ?? '—'));
    return;
  }
  let alsoKubectl = false;
  const file = asKubectl.ok ? currentContextFile(asKubectl.connection.source, asKubectl.connection.files) : undefined;
  if (pick.name !== kubectlCurrent && file) {
    const how = await vscode.window.showQuickPick(
      [
        { label: l10n.t('Only for Istio Mesh Tools'), detail: l10n.t('kubectl and other tools keep using {0}.', kubectlCurrent ?? '—'), also: false },
        { label: l10n.t("Also make it kubectl's current-context"), detail: l10n.t('Writes current-context into {0} (the previous file is kept as {0}.bak).', file), also: true },
      ],
      { title: l10n.t('Use context {0}', pick.name) },
    );
    if (!how) {
      return;
    }
    alsoKubectl = how.also;
  }
  await s.select('context', pick.name);
  await s.select('namespace', undefined); // the namespace follows the new context's
  if (alsoKubectl && file) {
    try {
      const w = await writeCurrentContext(file, pick.name);
      s.deps.log.info(`current-context of ${w.file} set to "${pick.name}" (previous file: ${w.backup})`);
    } catch (e) {
      s.deps.log.error(`could not set current-context in ${file}`, e);
      void vscode.window.showErrorMessage(
        l10n.t('Could not change the kubeconfig ({0}): {1}. Istio Mesh Tools uses "{2}" anyway; kubectl is unchanged.', file, e instanceof Error ? e.message : String(e), pick.name),
      );
    }
  }
  const now = s.load();
  if (now.ok) {
    s.rememberTarget(targetKey(now.connection)); // picking a context is confirming it as the target
  }
  s.refresh(); // after remembering: the refresh reads the confirmed target's injector ConfigMap
  void vscode.window.showInformationMessage(
    now.ok
      ? l10n.t('Istio Mesh Tools now uses context "{0}" (namespace {1}).', now.connection.context, now.connection.namespace)
      : l10n.t('Context "{0}" cannot be used: {1} {2}', pick.name, s.redactor.redact(now.problem.message), now.problem.nextStep),
  );
}

/** Picks the extension's namespace from the cluster's namespaces, or as typed when listing is not allowed. */
async function selectNamespace(s: ClusterSession): Promise<void> {
  const env = s.env();
  const doing = l10n.t('Select a namespace');
  const conn = await confirmedOrExplain(env, doing);
  if (!conn) {
    return;
  }
  const settings = s.settings();
  const ofContext = s.load(settings.context ? { context: settings.context } : {});
  const contextNamespace = ofContext.ok ? ofContext.connection.namespace : 'default';
  let names: string[] | undefined;
  let why = '';
  try {
    names = await env.ui.progress(l10n.t('Listing namespaces on {0}', conn.context), (_r, signal) =>
      conn.api.list<KubeObject>(corePath(undefined, 'namespaces'), { signal }).then((list) => list.map((n) => n.metadata?.name ?? '').filter((n) => n !== '').sort()),
    );
  } catch (e) {
    if (!(e instanceof ClusterError)) {
      throw e;
    }
    if (e.problem.kind !== 'forbidden') {
      explain(env, doing, e.problem);
      return;
    }
    why = s.redactor.redact(e.problem.message);
    env.ui.log('info', `listing namespaces is not allowed (${why}); asking for a name instead`);
  }
  type Item = vscode.QuickPickItem & { value: string | undefined | null };
  let chosen: string | undefined | null;
  if (names) {
    const items: Item[] = names.map((n) => ({
      label: n,
      description: [n === conn.namespace ? l10n.t('in use') : '', n === contextNamespace ? l10n.t("the context's namespace") : ''].filter((x) => x).join(' · '),
      value: n,
    }));
    if (settings.namespace) {
      items.unshift({ label: `$(discard) ${l10n.t("Use the context's namespace ({0})", contextNamespace)}`, value: null });
    }
    items.push({ label: `$(edit) ${l10n.t('Enter a namespace…')}`, value: undefined });
    const pick = await vscode.window.showQuickPick(items, { title: l10n.t('Namespace on {0}', conn.context), placeHolder: l10n.t('For objects that name no namespace, and for mesh expansion') });
    if (!pick) {
      return;
    }
    chosen = pick.value;
  }
  if (chosen === undefined) {
    chosen = await vscode.window.showInputBox({
      title: l10n.t('Namespace on {0}', conn.context),
      prompt: why ? l10n.t('Namespaces cannot be listed with these credentials ({0}); type one.', why) : l10n.t('Type a namespace.'),
      value: conn.namespace,
      validateInput: (v) => validateNamespace(l10n, v),
    });
    if (chosen === undefined) {
      return;
    }
    chosen = chosen.trim();
  }
  await s.select('namespace', chosen === null || chosen === contextNamespace ? undefined : chosen);
  s.refresh();
  void vscode.window.showInformationMessage(l10n.t('Istio Mesh Tools now uses namespace {0} on context "{1}".', chosen ?? contextNamespace, conn.context));
}

/** Verifies the install and shows it in the "Istio Mesh" view and the log. */
export async function verify(s: ClusterSession): Promise<VerifyResult | undefined> {
  const env = s.env();
  const doing = l10n.t('Verify the Istio install');
  const r = s.load();
  if (!r.ok) {
    s.view.setVerify({ kind: 'problem', problem: r.problem });
    explain(env, doing, r.problem);
    return undefined;
  }
  const conn = await confirmedOrExplain(env, doing);
  if (!conn) {
    return undefined;
  }
  s.view.setVerify({ kind: 'running', context: conn.context });
  void s.view.reveal();
  const res = await env.ui.progress(l10n.t('Verifying Istio on {0}', conn.context), (_r, signal) => verifyInstall(conn, { profile: s.settings().profile, signal }));
  if (res.kind === 'failed') {
    s.view.setVerify({ kind: 'problem', context: conn.context, problem: { ...res.problem, message: s.redactor.redact(res.problem.message) } });
    explain(env, doing, res.problem);
    return res;
  }
  s.view.setVerify({ kind: 'report', context: conn.context, report: res.report, at: new Date().toLocaleTimeString() });
  env.ui.log('info', `Verify the Istio install on context "${conn.context}":`);
  const level = res.report.status === 'ok' ? 'info' : res.report.status === 'warn' ? 'warn' : 'error';
  verifyLines(res.report).forEach((line) => env.ui.log(level, line));
  void env.ui.notify({
    severity: res.report.status === 'ok' ? 'info' : res.report.status === 'warn' ? 'warning' : 'error',
    message: l10n.t('Context "{0}": {1}', conn.context, res.report.summary),
    actions: commonChoices(l10n, ['showLogs']),
  });
  return res;
}

async function getGatewayUrl(s: ClusterSession): Promise<void> {
  const env = s.env();
  const doing = l10n.t('Find the gateway URL');
  const conn = await confirmedOrExplain(env, doing);
  if (!conn) {
    return;
  }
  const res = await env.ui.progress(l10n.t('Looking up the ingress on {0}', conn.context), (_r, signal) => findGatewayUrl(conn, { profile: s.settings().profile, signal }));
  if (res.kind === 'failed') {
    explain(env, doing, res.problem);
    return;
  }
  if (res.kind === 'not-found') {
    env.ui.log('warn', `${doing}: ${res.message} next step: ${res.nextStep}`);
    void env.ui.notify({ severity: 'warning', message: l10n.t('{0}: {1} Next step: {2}', doing, res.message, res.nextStep), actions: commonChoices(l10n, ['showLogs']) });
    return;
  }
  const a = res.address;
  env.ui.log('info', `GATEWAY_URL=${a.gatewayUrl} (${a.message})`);
  const pick = await env.ui.notify({
    severity: 'info',
    message: l10n.t('GATEWAY_URL={0} — {1}', a.gatewayUrl, a.message),
    actions: [
      { id: 'copy', label: l10n.t('Copy GATEWAY_URL') },
      { id: 'open', label: l10n.t('Open /productpage') },
    ],
  });
  if (pick === 'copy') {
    await vscode.env.clipboard.writeText(`export GATEWAY_URL=${a.gatewayUrl}`);
    void vscode.window.showInformationMessage(l10n.t('Copied: export GATEWAY_URL={0}', a.gatewayUrl));
  } else if (pick === 'open') {
    await vscode.env.openExternal(vscode.Uri.parse(`${a.url}/productpage`));
  }
}

/** Reads the chosen target's injector ConfigMap again (asking first when this workspace never confirmed the target). */
async function refreshClusterInjector(s: ClusterSession): Promise<InjectorSyncResult | undefined> {
  const env = s.env();
  const doing = l10n.t('Refresh the cluster injector config');
  const conn = await confirmedOrExplain(env, doing);
  if (!conn) {
    return undefined;
  }
  const r = await env.ui.progress(l10n.t('Reading the injector ConfigMap on {0}', conn.context), (_r, signal) => s.injector.sync({ refresh: true, signal }));
  switch (r.kind) {
    case 'found':
      void env.ui.notify({ severity: 'info', message: l10n.t('Read {0}: the injection preview renders with it unless settings or the workspace hold injection templates.', r.params.origin), actions: [] });
      break;
    case 'missing':
      void env.ui.notify({
        severity: 'warning',
        message: l10n.t('{0}: {1} Next step: {2}', doing, r.reason, r.nextStep),
        actions: commonChoices(l10n, ['showLogs', 'selectContext']),
      });
      break;
    case 'failed':
      explain(env, doing, r.problem);
      break;
    default:
      // untrusted, no connection, unconfirmed: settled above; superseded: a newer read (another context) decides.
      break;
  }
  return r;
}

/** Awaits a conflict's force offer, so the command settles when the user is done. */
async function settled(r: ApplyFlowResult): Promise<ApplyFlowResult> {
  if (r.forced) {
    await r.forced;
  }
  return r;
}

function isSent(r: ApplyFlowResult): boolean {
  return r.result !== undefined && (r.result.kind === 'applied' || r.result.kind === 'partial');
}

async function installControlPlane(s: ClusterSession): Promise<ApplyFlowResult | undefined> {
  const manifests = await controlPlaneManifests(l10n.t('Install Istio'), false);
  if (!manifests) {
    return undefined;
  }
  const r = await applyFlow(s.env(), manifests);
  if (isSent(r)) {
    s.deps.log.info('Pods take a while to start; verifying now, press Refresh in the Istio Mesh view to check again.');
    await verify(s);
  }
  return r;
}

async function uninstallControlPlane(s: ClusterSession): Promise<DeleteFlowResult | undefined> {
  const manifests = await controlPlaneManifests(l10n.t('Uninstall Istio'), true);
  if (!manifests) {
    return undefined;
  }
  const r = await deleteFlow(s.env(), manifests);
  if (r.result) {
    s.view.setVerify({ kind: 'none' });
  }
  return r;
}

/** A cluster command: it never needs the language server (Apply Injected says so itself when it cannot render). */
const withSession = <R>(run: (s: ClusterSession, deps: CommandDeps, arg?: unknown) => Promise<R>): Command =>
  serverless((deps) => (arg?: unknown) => run(deps.cluster, deps, arg));

/** The cluster commands (issue 5), mesh expansion included; none runs in Restricted Mode. */
export const clusterCommands: CommandTable = trustedCommands('cluster', {
  'istio.selectContext': withSession((s) => selectContext(s)),
  'istio.selectNamespace': withSession((s) => selectNamespace(s)),
  'istio.applyToCluster': withSession(async (s, _deps, arg) => {
    const src = await editorText(arg, l10n.t('Apply to Cluster'));
    return src ? settled(await applyFlow(s.env(), src)) : undefined;
  }),
  'istio.applyInjectedToCluster': withSession(async (s, deps, arg) => {
    const t = await injectedTarget(arg, l10n.t('Apply Injected YAML to Cluster'));
    if (!t) {
      return undefined;
    }
    const rendered = await deps.previews.render(t.target);
    if (!rendered.ok) {
      s.ui.log('error', `sidecar injection of ${t.name} failed: ${rendered.error}`);
      void s.ui.notify({ severity: 'error', message: l10n.t('Sidecar injection failed: {0}', rendered.error), actions: commonChoices(l10n, ['showLogs']) });
      return undefined;
    }
    const fromWorkspace = injectionSettingsFromWorkspace(settingOrigins);
    const notes = (objects: readonly KubeObject[]): string[] => injectedReviewLines(l10n, objects, fromWorkspace);
    return settled(await applyFlow(s.env(), { text: rendered.text, source: l10n.t('{0} (injected)', t.name), notes }));
  }),
  'istio.deleteFromCluster': withSession(async (s, _deps, arg) => {
    const src = await editorText(arg, l10n.t('Delete from Cluster'));
    return src ? deleteFlow(s.env(), src) : undefined;
  }),
  'istio.installControlPlane': withSession((s) => installControlPlane(s)),
  'istio.uninstallControlPlane': withSession((s) => uninstallControlPlane(s)),
  'istio.verifyInstallation': withSession((s) => verify(s)),
  'istio.getGatewayUrl': withSession((s) => getGatewayUrl(s)),
  'istio.refreshClusterInjector': withSession((s) => refreshClusterInjector(s)),
  ...clusterMeshCommands,
});
