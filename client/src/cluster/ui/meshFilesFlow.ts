import * as path from 'node:path';
import {
  clusterEnv,
  dnsmasqConfig,
  exportIstioSecret,
  renderClusterEnv,
  renderSidecarEnv,
  type IstioCertFile,
} from '../meshFiles';
import { confirmedOrExplain, explain, showLogs } from './explain';
import { existingFiles, writeFilesAtomically } from './files';
import type { FlowEnv } from './flowEnv';
import { splitList, validateCidrs, validateInboundPorts, validateNamespace, validateServiceAccount } from './inputs';

// Mesh expansion (the install guide's "拓展 Istio Mesh"): the files a VM needs — cluster.env, the dnsmasq kubedns
// file, sidecar.env, and the istio.<serviceaccount> certificates.

const CERT_FILES: readonly IstioCertFile[] = ['key.pem', 'root-cert.pem', 'cert-chain.pem'];

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Opens generated text in an editor and offers to save it under its usual name. */
async function openGenerated(env: FlowEnv, fileName: string, language: string, text: string, vmPath: string): Promise<void> {
  const { ui, l10n } = env;
  const doc = await ui.showGenerated({ language, content: text });
  ui.log('info', `${fileName} generated (${text.split('\n').filter((l) => l !== '').length} lines); on the VM it goes to ${vmPath}`);
  void ui
    .notify({ severity: 'info', message: l10n.t('{0} is ready; on the VM it goes to {1}.', fileName, vmPath), actions: [{ id: 'save', label: l10n.t('Save As…') }] })
    .then(async (pick) => {
      if (pick !== 'save') {
        return;
      }
      const saved = await doc.saveAs({ title: l10n.t('Save {0}', fileName), fileName });
      if (saved !== undefined) {
        void ui.notify({ severity: 'info', message: l10n.t('Saved {0}.', saved), actions: [] });
      }
    })
    .then(undefined, (e: unknown) => ui.log('error', `saving ${fileName} failed: ${errorText(e)}`));
}

export async function generateClusterEnv(env: FlowEnv): Promise<void> {
  const { ui, l10n } = env;
  const doing = l10n.t('Generate cluster.env');
  const conn = await confirmedOrExplain(env, doing);
  if (!conn) {
    return;
  }
  const r = await ui.progress(l10n.t('Reading the service IP range of {0}', conn.context), (_r, signal) => clusterEnv(conn, { signal }));
  if (r.kind === 'failed') {
    explain(env, doing, r.problem);
    return;
  }
  r.notes.forEach((n) => ui.log('info', `cluster.env: ${n}`));
  let text: string;
  if (r.kind === 'ok') {
    ui.log('info', `cluster.env: ISTIO_SERVICE_CIDR=${r.cidrs.join(',')} (from ${r.source})`);
    text = r.text;
  } else {
    ui.log('info', `cluster.env: ${r.message} ${r.hint}`);
    const cidrs = await ui.input({
      title: l10n.t('Service IP range of {0}', conn.context),
      prompt: `${r.message} ${r.hint}`,
      placeHolder: '10.63.240.0/20',
      validate: (v) => validateCidrs(l10n, v),
    });
    if (cidrs === undefined) {
      return;
    }
    text = renderClusterEnv(splitList(cidrs));
  }
  await openGenerated(env, 'cluster.env', 'istio-env', text, '/var/lib/istio/envoy/cluster.env');
}

export async function generateDnsmasqConfig(env: FlowEnv): Promise<void> {
  const { ui, l10n } = env;
  const doing = l10n.t('Generate the dnsmasq kubedns file');
  const conn = await confirmedOrExplain(env, doing);
  if (!conn) {
    return;
  }
  const r = await ui.progress(l10n.t('Reading the internal load balancers of {0}', conn.context), (_r, signal) => dnsmasqConfig(conn, { signal }));
  if (r.kind === 'failed') {
    explain(env, doing, r.problem);
    return;
  }
  if (r.kind === 'incomplete') {
    r.missing.forEach((m) => ui.log('warn', `kubedns: ${m.detail}`));
    void ui.notify({ severity: 'warning', message: l10n.t('{0}: {1} Next step: {2}', doing, r.message, r.nextStep), actions: showLogs(env) });
    return;
  }
  r.notes.forEach((n) => ui.log('info', `kubedns: ${n}`));
  await openGenerated(env, 'kubedns', 'istio-dnsmasq', r.text, '/etc/dnsmasq.d/kubedns');
}

export async function generateSidecarEnv(env: FlowEnv): Promise<void> {
  const { ui, l10n } = env;
  const ports = await ui.input({
    title: l10n.t('Generate sidecar.env'),
    prompt: l10n.t('The ports the VM serves, which its sidecar intercepts (ISTIO_INBOUND_PORTS)'),
    placeHolder: '27017,3306,8080',
    validate: (v) => validateInboundPorts(l10n, v),
  });
  if (ports === undefined) {
    return;
  }
  const r = renderSidecarEnv(splitList(ports));
  if (!r.ok) {
    void ui.notify({ severity: 'error', message: r.error, actions: [] });
    return;
  }
  await openGenerated(env, 'sidecar.env', 'istio-env', r.text, '/var/lib/istio/envoy/sidecar.env');
}

/** Asks which service account's certificates to export, and from which namespace. */
async function askServiceAccount(env: FlowEnv, namespace: string): Promise<{ serviceAccount: string; namespace: string } | undefined> {
  const { ui, l10n } = env;
  const title = l10n.t('Export istio.<service account> certificates for a VM');
  const sa = await ui.input({
    title: `${title} (1/2)`,
    prompt: l10n.t('Service account the VM runs as (secret istio.<service account>)'),
    value: 'default',
    validate: (v) => validateServiceAccount(l10n, v),
  });
  if (sa === undefined) {
    return undefined;
  }
  const ns = await ui.input({ title: `${title} (2/2)`, prompt: l10n.t('Namespace of the service account'), value: namespace, validate: (v) => validateNamespace(l10n, v) });
  return ns === undefined ? undefined : { serviceAccount: sa.trim(), namespace: ns.trim() };
}

/** Reads secret istio.<service account> and writes its three PEM files (mode 0600) into a folder the user picks. */
export async function exportServiceAccountSecret(env: FlowEnv): Promise<string[] | undefined> {
  const { ui, l10n } = env;
  const doing = l10n.t('Export the Istio certificates');
  const conn = await confirmedOrExplain(env, doing);
  if (!conn) {
    return undefined;
  }
  const which = await askServiceAccount(env, conn.namespace);
  if (!which) {
    return undefined;
  }
  const r = await ui.progress(l10n.t('Reading secret istio.{0}', which.serviceAccount), (_r, signal) => exportIstioSecret(conn, { ...which, signal }));
  if (r.kind === 'failed') {
    explain(env, doing, r.problem);
    return undefined;
  }
  if (r.kind === 'not-found') {
    ui.log('warn', `${r.message} next step: ${r.nextStep}`);
    void ui.notify({ severity: 'warning', message: l10n.t('{0}: {1} Next step: {2}', doing, r.message, r.nextStep), actions: showLogs(env) });
    return undefined;
  }
  if (r.kind === 'incomplete') {
    ui.log('error', r.message);
    void ui.notify({
      severity: 'error',
      message: l10n.t('{0}: {1} Next step: {2}', doing, r.message, l10n.t("Check that istio-ca is running (Verify Istio Install); it rewrites incomplete secrets.")),
      actions: showLogs(env),
    });
    return undefined;
  }
  const folder = await ui.pickFolder({ title: l10n.t('Folder for key.pem, root-cert.pem and cert-chain.pem'), openLabel: l10n.t('Save Certificates Here') });
  if (!folder) {
    return undefined;
  }
  if ('notLocal' in folder) {
    void ui.notify({ severity: 'error', message: l10n.t('Choose a folder on this machine\'s disk (got {0}).', folder.notLocal), actions: [] });
    return undefined;
  }
  const dir = folder.path;
  const existing = existingFiles(dir, CERT_FILES);
  if (existing.length > 0) {
    const replace = await ui.ask<'replace'>({
      severity: 'warning',
      message: l10n.t('Replace {0} in {1}?', existing.join(', '), dir),
      detail: l10n.t('The files are replaced with the certificates of secret {0} from context "{1}".', r.secret, conn.context),
      choices: [{ id: 'replace', label: l10n.t('Replace') }],
    });
    if (replace !== 'replace') {
      return undefined;
    }
  }
  try {
    const written = await writeFilesAtomically(dir, CERT_FILES.map((name) => ({ name, content: r.files[name] })), 0o600);
    ui.log('info', `Wrote ${CERT_FILES.join(', ')} of secret ${r.secret} (context "${conn.context}") to ${dir} with mode 0600`);
    void ui.notify({
      severity: 'info',
      message: l10n.t('Wrote {0} (mode 0600) to {1}. Copy them to /etc/certs on the VM, readable by istio-proxy.', CERT_FILES.join(', '), dir),
      actions: [],
    });
    return written.map((f) => path.basename(f));
  } catch (e) {
    ui.log('error', `writing the certificates to ${dir} failed: ${errorText(e)}`);
    void ui.notify({ severity: 'error', message: l10n.t('Could not write the certificates to {0}: {1}', dir, errorText(e)), actions: [] });
    return undefined;
  }
}
