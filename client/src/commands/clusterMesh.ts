import * as path from 'node:path';
import * as vscode from 'vscode';
import { clusterEnv, dnsmasqConfig, exportIstioSecret, renderClusterEnv, renderSidecarEnv, type IstioCertFile } from '../cluster/meshExpansion';
import { existingFiles, writeFilesAtomically } from '../cluster/ui/files';
import { confirmedOrExplain, explain, loadOrExplain, registerFlow, type FlowEnv } from '../cluster/ui/flow';
import { splitList, validateCidrs, validateInboundPorts, validateNamespace, validateRegisterPorts, validateServiceAccount, validateServiceName, validateVmIp } from '../cluster/ui/inputs';
import { commonChoices } from '../cluster/ui/messages';
import { serverless, type CommandDeps, type CommandTable } from './types';

// Mesh expansion (the install guide's "拓展 Istio Mesh"): register a VM's service, and the files a VM needs:
// cluster.env, the dnsmasq kubedns file, sidecar.env, and the istio.<serviceaccount> certificates.

const l10n = vscode.l10n;
const CERT_FILES: readonly IstioCertFile[] = ['key.pem', 'root-cert.pem', 'cert-chain.pem'];

/** Opens generated text as an untitled document and offers to save it under its usual name. */
async function openGenerated(env: FlowEnv, fileName: string, language: string, text: string, vmPath: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language, content: text });
  await vscode.window.showTextDocument(doc, { preview: false });
  env.ui.log('info', `${fileName} generated (${text.split('\n').filter((l) => l !== '').length} lines); on the VM it goes to ${vmPath}`);
  void env.ui
    .notify({
      severity: 'info',
      message: l10n.t('{0} is ready; on the VM it goes to {1}.', fileName, vmPath),
      actions: [{ id: 'save', label: l10n.t('Save As…') }],
    })
    .then(async (pick) => {
      if (pick !== 'save') {
        return;
      }
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const dest = await vscode.window.showSaveDialog({ ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, fileName) } : {}), title: l10n.t('Save {0}', fileName) });
      if (dest) {
        await vscode.workspace.fs.writeFile(dest, Buffer.from(doc.getText(), 'utf8'));
        void vscode.window.showInformationMessage(l10n.t('Saved {0}.', vscode.workspace.asRelativePath(dest)));
      }
    })
    .then(undefined, (e: unknown) => env.ui.log('error', `saving ${fileName} failed: ${e instanceof Error ? e.message : String(e)}`));
}

async function registerVmWorkload(deps: CommandDeps): Promise<unknown> {
  const s = deps.cluster;
  const env = s.env();
  const conn = loadOrExplain(env, l10n.t('Register a VM workload'));
  if (!conn) {
    return undefined;
  }
  const title = l10n.t('Register a VM workload (istioctl register)');
  const name = await vscode.window.showInputBox({
    title: `${title} (1/4)`,
    prompt: l10n.t('The Service name the VM provides'),
    placeHolder: 'mysql',
    ignoreFocusOut: true,
    validateInput: (v) => validateServiceName(l10n, v),
  });
  if (name === undefined) {
    return undefined;
  }
  const ip = await vscode.window.showInputBox({
    title: `${title} (2/4)`,
    prompt: l10n.t("The VM's IP address, reachable from the pods"),
    placeHolder: '10.150.0.5',
    ignoreFocusOut: true,
    validateInput: (v) => validateVmIp(l10n, v),
  });
  if (ip === undefined) {
    return undefined;
  }
  const ports = await vscode.window.showInputBox({
    title: `${title} (3/4)`,
    prompt: l10n.t('Ports as name:port (a bare 80, 443, 3306 or 8080 is named for you)'),
    placeHolder: 'http:7000 mysql:3306',
    ignoreFocusOut: true,
    validateInput: (v) => validateRegisterPorts(l10n, v),
  });
  if (ports === undefined) {
    return undefined;
  }
  const namespace = await vscode.window.showInputBox({
    title: `${title} (4/4)`,
    prompt: l10n.t('Namespace of the Service'),
    value: conn.namespace,
    ignoreFocusOut: true,
    validateInput: (v) => validateNamespace(l10n, v),
  });
  if (namespace === undefined) {
    return undefined;
  }
  const serviceAccount = await vscode.window.showInputBox({
    title,
    // istioctl register -s: Pilot 0.2 reads it from the Service's annotation for mutual TLS.
    prompt: l10n.t('Service account the VM runs as (secret istio.<service account>)'),
    value: 'default',
    ignoreFocusOut: true,
    validateInput: (v) => validateServiceAccount(l10n, v),
  });
  if (serviceAccount === undefined) {
    return undefined;
  }
  return registerFlow(env, { name: name.trim(), ip: ip.trim(), ports: splitList(ports), namespace: namespace.trim(), serviceAccount: serviceAccount.trim() });
}

async function generateClusterEnv(deps: CommandDeps): Promise<void> {
  const env = deps.cluster.env();
  const doing = l10n.t('Generate cluster.env');
  const conn = await confirmedOrExplain(env, doing);
  if (!conn) {
    return;
  }
  const r = await env.ui.progress(l10n.t('Reading the service IP range of {0}', conn.context), (_r, signal) => clusterEnv(conn, { signal }));
  if (r.kind === 'failed') {
    explain(env, doing, r.problem);
    return;
  }
  r.notes.forEach((n) => env.ui.log('info', `cluster.env: ${n}`));
  let text: string;
  if (r.kind === 'ok') {
    env.ui.log('info', `cluster.env: ISTIO_SERVICE_CIDR=${r.cidrs.join(',')} (from ${r.source})`);
    text = r.text;
  } else {
    env.ui.log('info', `cluster.env: ${r.message} ${r.hint}`);
    const cidrs = await vscode.window.showInputBox({
      title: l10n.t('Service IP range of {0}', conn.context),
      prompt: `${r.message} ${r.hint}`,
      placeHolder: '10.63.240.0/20',
      ignoreFocusOut: true,
      validateInput: (v) => validateCidrs(l10n, v),
    });
    if (cidrs === undefined) {
      return;
    }
    text = renderClusterEnv(splitList(cidrs));
  }
  await openGenerated(env, 'cluster.env', 'istio-env', text, '/var/lib/istio/envoy/cluster.env');
}

async function generateDnsmasqConfig(deps: CommandDeps): Promise<void> {
  const env = deps.cluster.env();
  const doing = l10n.t('Generate the dnsmasq kubedns file');
  const conn = await confirmedOrExplain(env, doing);
  if (!conn) {
    return;
  }
  const r = await env.ui.progress(l10n.t('Reading the internal load balancers of {0}', conn.context), (_r, signal) => dnsmasqConfig(conn, { signal }));
  if (r.kind === 'failed') {
    explain(env, doing, r.problem);
    return;
  }
  if (r.kind === 'incomplete') {
    r.missing.forEach((m) => env.ui.log('warn', `kubedns: ${m.detail}`));
    void env.ui.notify({ severity: 'warning', message: l10n.t('{0}: {1} Next step: {2}', doing, r.message, r.nextStep), actions: commonChoices(l10n, ['showLogs']) });
    return;
  }
  r.notes.forEach((n) => env.ui.log('info', `kubedns: ${n}`));
  await openGenerated(env, 'kubedns', 'istio-dnsmasq', r.text, '/etc/dnsmasq.d/kubedns');
}

async function generateSidecarEnv(deps: CommandDeps): Promise<void> {
  const env = deps.cluster.env();
  const ports = await vscode.window.showInputBox({
    title: l10n.t('Generate sidecar.env'),
    prompt: l10n.t('The ports the VM serves, which its sidecar intercepts (ISTIO_INBOUND_PORTS)'),
    placeHolder: '27017,3306,8080',
    ignoreFocusOut: true,
    validateInput: (v) => validateInboundPorts(l10n, v),
  });
  if (ports === undefined) {
    return;
  }
  const r = renderSidecarEnv(splitList(ports));
  if (!r.ok) {
    void vscode.window.showErrorMessage(r.error);
    return;
  }
  await openGenerated(env, 'sidecar.env', 'istio-env', r.text, '/var/lib/istio/envoy/sidecar.env');
}

async function exportServiceAccountSecret(deps: CommandDeps): Promise<string[] | undefined> {
  const env = deps.cluster.env();
  const doing = l10n.t('Export the Istio certificates');
  const conn = await confirmedOrExplain(env, doing);
  if (!conn) {
    return undefined;
  }
  const title = l10n.t('Export istio.<service account> certificates for a VM');
  const sa = await vscode.window.showInputBox({
    title: `${title} (1/2)`,
    prompt: l10n.t('Service account the VM runs as (secret istio.<service account>)'),
    value: 'default',
    ignoreFocusOut: true,
    validateInput: (v) => validateServiceAccount(l10n, v),
  });
  if (sa === undefined) {
    return undefined;
  }
  const namespace = await vscode.window.showInputBox({
    title: `${title} (2/2)`,
    prompt: l10n.t('Namespace of the service account'),
    value: conn.namespace,
    ignoreFocusOut: true,
    validateInput: (v) => validateNamespace(l10n, v),
  });
  if (namespace === undefined) {
    return undefined;
  }
  const r = await env.ui.progress(l10n.t('Reading secret istio.{0}', sa.trim()), (_r, signal) =>
    exportIstioSecret(conn, { serviceAccount: sa.trim(), namespace: namespace.trim(), signal }),
  );
  if (r.kind === 'failed') {
    explain(env, doing, r.problem);
    return undefined;
  }
  if (r.kind === 'not-found') {
    env.ui.log('warn', `${r.message} next step: ${r.nextStep}`);
    void env.ui.notify({ severity: 'warning', message: l10n.t('{0}: {1} Next step: {2}', doing, r.message, r.nextStep), actions: commonChoices(l10n, ['showLogs']) });
    return undefined;
  }
  if (r.kind === 'incomplete') {
    env.ui.log('error', r.message);
    void env.ui.notify({
      severity: 'error',
      message: l10n.t('{0}: {1} Next step: {2}', doing, r.message, l10n.t("Check that istio-ca is running (Verify Istio Install); it rewrites incomplete secrets.")),
      actions: commonChoices(l10n, ['showLogs']),
    });
    return undefined;
  }
  const folder = await vscode.window.showOpenDialog({
    title: l10n.t('Folder for key.pem, root-cert.pem and cert-chain.pem'),
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: l10n.t('Save Certificates Here'),
  });
  const dir = folder?.[0];
  if (!dir) {
    return undefined;
  }
  if (dir.scheme !== 'file') {
    void vscode.window.showErrorMessage(l10n.t('Choose a folder on this machine\'s disk (got {0}).', dir.toString()));
    return undefined;
  }
  const existing = existingFiles(dir.fsPath, CERT_FILES);
  if (existing.length > 0) {
    const replace = await env.ui.ask<'replace'>({
      severity: 'warning',
      message: l10n.t('Replace {0} in {1}?', existing.join(', '), dir.fsPath),
      detail: l10n.t('The files are replaced with the certificates of secret {0} from context "{1}".', r.secret, conn.context),
      choices: [{ id: 'replace', label: l10n.t('Replace') }],
    });
    if (replace !== 'replace') {
      return undefined;
    }
  }
  try {
    const written = await writeFilesAtomically(
      dir.fsPath,
      CERT_FILES.map((name) => ({ name, content: r.files[name] })),
      0o600,
    );
    env.ui.log('info', `Wrote ${CERT_FILES.join(', ')} of secret ${r.secret} (context "${conn.context}") to ${dir.fsPath} with mode 0600`);
    void vscode.window.showInformationMessage(
      l10n.t('Wrote {0} (mode 0600) to {1}. Copy them to /etc/certs on the VM, readable by istio-proxy.', CERT_FILES.join(', '), dir.fsPath),
    );
    return written.map((f) => path.basename(f));
  } catch (e) {
    env.ui.log('error', `writing the certificates to ${dir.fsPath} failed: ${e instanceof Error ? e.message : String(e)}`);
    void vscode.window.showErrorMessage(l10n.t('Could not write the certificates to {0}: {1}', dir.fsPath, e instanceof Error ? e.message : String(e)));
    return undefined;
  }
}

/** Mesh expansion commands; part of the cluster command table. */
export const clusterMeshCommands: CommandTable = {
  'istio.registerVmWorkload': serverless((deps) => () => registerVmWorkload(deps)),
  'istio.generateClusterEnv': serverless((deps) => () => generateClusterEnv(deps)),
  'istio.generateDnsmasqConfig': serverless((deps) => () => generateDnsmasqConfig(deps)),
  'istio.generateSidecarEnv': serverless((deps) => () => generateSidecarEnv(deps)),
  'istio.exportServiceAccountSecret': serverless((deps) => () => exportServiceAccountSecret(deps)),
};
