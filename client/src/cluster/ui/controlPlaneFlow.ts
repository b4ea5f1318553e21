import { findGatewayUrl } from '../gateway';
import { verifyInstall, type VerifyResult } from '../verify';
import { applyFlow, type ApplyFlowResult } from './applyFlow';
import { deleteFlow, type DeleteFlowResult } from './deleteFlow';
import { confirmedOrExplain, explain, showLogs } from './explain';
import type { FlowEnv } from './flowEnv';
import type { InjectorSyncResult } from './injectorSync';
import type { ManifestRequest } from './manifestWrites';
import { verifyLines } from './meshTree';
import { commonChoices } from './messages';
import type { SessionHost } from './sessionHost';

// The control plane: install and uninstall it from the release manifests, verify it, find its gateway URL, and read
// its injector ConfigMap for the preview.

/** Verifies the install and shows it in the "Istio Mesh" view and the log. */
export async function verify(env: FlowEnv, s: SessionHost): Promise<VerifyResult | undefined> {
  const { ui, l10n } = env;
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
  const res = await ui.progress(l10n.t('Verifying Istio on {0}', conn.context), (_r, signal) => verifyInstall(conn, { profile: s.settings().profile, signal }));
  if (res.kind === 'failed') {
    s.view.setVerify({ kind: 'problem', context: conn.context, problem: { ...res.problem, message: s.redactor.redact(res.problem.message) } });
    explain(env, doing, res.problem);
    return res;
  }
  s.view.setVerify({ kind: 'report', context: conn.context, report: res.report, at: new Date().toLocaleTimeString() });
  ui.log('info', `Verify the Istio install on context "${conn.context}":`);
  const level = res.report.status === 'ok' ? 'info' : res.report.status === 'warn' ? 'warn' : 'error';
  verifyLines(res.report).forEach((line) => ui.log(level, line));
  void ui.notify({
    severity: res.report.status === 'ok' ? 'info' : res.report.status === 'warn' ? 'warning' : 'error',
    message: l10n.t('Context "{0}": {1}', conn.context, res.report.summary),
    actions: showLogs(env),
  });
  return res;
}

/** Finds GATEWAY_URL as the install guide does, and offers to copy it or open the sample's page. */
export async function getGatewayUrl(env: FlowEnv, s: SessionHost): Promise<void> {
  const { ui, l10n } = env;
  const doing = l10n.t('Find the gateway URL');
  const conn = await confirmedOrExplain(env, doing);
  if (!conn) {
    return;
  }
  const res = await ui.progress(l10n.t('Looking up the ingress on {0}', conn.context), (_r, signal) => findGatewayUrl(conn, { profile: s.settings().profile, signal }));
  if (res.kind === 'failed') {
    explain(env, doing, res.problem);
    return;
  }
  if (res.kind === 'not-found') {
    ui.log('warn', `${doing}: ${res.message} next step: ${res.nextStep}`);
    void ui.notify({ severity: 'warning', message: l10n.t('{0}: {1} Next step: {2}', doing, res.message, res.nextStep), actions: showLogs(env) });
    return;
  }
  const a = res.address;
  ui.log('info', `GATEWAY_URL=${a.gatewayUrl} (${a.message})`);
  const pick = await ui.notify({
    severity: 'info',
    message: l10n.t('GATEWAY_URL={0} — {1}', a.gatewayUrl, a.message),
    actions: [
      { id: 'copy', label: l10n.t('Copy GATEWAY_URL') },
      { id: 'open', label: l10n.t('Open /productpage') },
    ],
  });
  if (pick === 'copy') {
    await ui.copy(`export GATEWAY_URL=${a.gatewayUrl}`);
    void ui.notify({ severity: 'info', message: l10n.t('Copied: export GATEWAY_URL={0}', a.gatewayUrl), actions: [] });
  } else if (pick === 'open') {
    await ui.openExternal(`${a.url}/productpage`);
  }
}

/** Reads the chosen target's injector ConfigMap again (asking first when this workspace never confirmed the target). */
export async function refreshClusterInjector(env: FlowEnv, s: SessionHost): Promise<InjectorSyncResult | undefined> {
  const { ui, l10n } = env;
  const doing = l10n.t('Refresh the cluster injector config');
  const conn = await confirmedOrExplain(env, doing);
  if (!conn) {
    return undefined;
  }
  void s.crds?.sync({ refresh: true });
  const r = await ui.progress(l10n.t('Reading the injector ConfigMap on {0}', conn.context), (_r, signal) => s.injector.sync({ refresh: true, signal }));
  switch (r.kind) {
    case 'found':
      void ui.notify({ severity: 'info', message: l10n.t('Read {0}: the injection preview renders with it unless settings or the workspace hold injection templates.', r.params.origin), actions: [] });
      break;
    case 'missing':
      void ui.notify({
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
export async function settled(r: ApplyFlowResult): Promise<ApplyFlowResult> {
  if (r.forced) {
    await r.forced;
  }
  return r;
}

function isSent(r: ApplyFlowResult): boolean {
  return r.result !== undefined && (r.result.kind === 'applied' || r.result.kind === 'partial');
}

/** Applies the release manifests, then verifies what came up. */
export async function installControlPlane(env: FlowEnv, s: SessionHost, manifests: ManifestRequest): Promise<ApplyFlowResult> {
  const r = await applyFlow(env, manifests);
  if (isSent(r)) {
    env.ui.log('info', 'Pods take a while to start; verifying now, press Refresh in the Istio Mesh view to check again.');
    await verify(env, s);
  }
  return r;
}

/** Deletes what the release manifests declare; the view's last verification no longer holds. */
export async function uninstallControlPlane(env: FlowEnv, s: SessionHost, manifests: ManifestRequest): Promise<DeleteFlowResult> {
  const r = await deleteFlow(env, manifests);
  if (r.result) {
    s.view.setVerify({ kind: 'none' });
  }
  return r;
}
