import { ClusterError, type ClusterProblem } from '../errors';
import type { ClusterConnection } from '../kubeconfig';
import { formatManifestError, parseManifest, type ParsedManifest } from '../manifest';
import { targetKey, type Connected, type FlowEnv, type Stopped } from './flowEnv';
import type { Choice, Question } from './flowUi';
import { commonChoices, problemLines, problemNotice, targetLines } from './messages';
import type { Translator } from './translator';

// Explaining problems, and the steps before the first request that stop with an explanation: no connection, a target
// not confirmed yet, a server that does not answer, a manifest that does not parse.

/** Logs a problem and shows it with its next step; never waits for the user. */
export function explain(env: FlowEnv, doing: string, p: ClusterProblem): void {
  for (const line of problemLines(doing, p)) {
    env.ui.log(p.kind === 'cancelled' ? 'info' : 'error', line);
  }
  void env.ui.notify(problemNotice(env.l10n, doing, p));
}

/** The "Show Logs" action of a notification. */
export function showLogs(env: FlowEnv): Choice[] {
  return commonChoices(env.l10n, ['showLogs']);
}

/** The chosen connection, or undefined after explaining why there is none (no kubeconfig, no context…). */
export function loadOrExplain(env: FlowEnv, doing: string): ClusterConnection | undefined {
  const r = env.load();
  if (!r.ok) {
    explain(env, doing, r.problem);
    return undefined;
  }
  return r.connection;
}

/** The question naming a target before the first read from it. */
export function readQuestion(l10n: Translator, conn: ClusterConnection, doing: string): Question<'connect'> {
  return {
    severity: 'warning',
    message: l10n.t('{0}: connect to context "{1}"?', doing, conn.context),
    detail: [
      ...targetLines(l10n, conn),
      l10n.t('Kubeconfig: {0}', conn.files.join(', ') || conn.source),
      '',
      l10n.t('Nothing has been sent yet. Connecting runs the credential plugin of user "{0}", if it has one, and reads from the cluster; this workspace asks once per target.', conn.user),
    ].join('\n'),
    choices: [{ id: 'connect', label: l10n.t('Connect') }],
  };
}

/**
 * The chosen connection once its target is confirmed: asked the first time a workspace reads from it, so neither a
 * request nor a credential plugin runs against a target the user has not seen.
 */
export async function confirmedOrExplain(env: FlowEnv, doing: string): Promise<ClusterConnection | undefined> {
  const conn = loadOrExplain(env, doing);
  if (!conn) {
    return undefined;
  }
  const key = targetKey(conn);
  if (env.targets?.confirmed(key)) {
    return conn;
  }
  if ((await env.ui.ask(readQuestion(env.l10n, conn, doing))) !== 'connect') {
    env.ui.log('info', `${doing}: cancelled; nothing was sent to context "${conn.context}".`);
    return undefined;
  }
  env.targets?.remember(key);
  return conn;
}

/** Asks the server its version once the target is confirmed, so 401, TLS and unreachable show before the write. */
export async function probeOrExplain(env: FlowEnv, conn: ClusterConnection, doing: string): Promise<Connected | undefined> {
  try {
    const version = await env.ui.progress(env.l10n.t('Connecting to {0}…', conn.context), (_report, signal) =>
      conn.api.request<{ gitVersion?: string }>({ method: 'GET', path: '/version', signal }),
    );
    return { conn, serverVersion: version.gitVersion ?? 'unknown' };
  } catch (e) {
    if (e instanceof ClusterError) {
      explain(env, doing, e.problem);
      return undefined;
    }
    throw e;
  }
}

/** Parses locally first: a broken manifest never reaches the confirmation, let alone the cluster. */
export function parseOrExplain(env: FlowEnv, doing: string, text: string, source: string): ParsedManifest | Stopped {
  const parsed = parseManifest(text);
  if (!parsed.ok) {
    env.ui.log('error', `${doing}: the YAML has ${parsed.errors.length} problem(s); nothing was sent.`);
    for (const e of parsed.errors) {
      env.ui.log('error', `    ${formatManifestError(e)}`);
    }
    void env.ui.notify({
      severity: 'error',
      message: env.l10n.t('{0}: the YAML has {1} problem(s), so nothing was sent. Fix them (the log lists each) and run the command again.', source, parsed.errors.length),
      actions: showLogs(env),
    });
    return 'invalid-manifest';
  }
  if (parsed.objects.length === 0) {
    void env.ui.notify({
      severity: 'warning',
      message: env.l10n.t('{0} contains no Kubernetes objects (each needs apiVersion, kind and metadata.name); nothing was sent.', source),
      actions: [],
    });
    return 'empty';
  }
  // As kubectl does: a repeated key keeps its last value, a document it would refuse fails alone (in the run's outcomes).
  for (const w of parsed.warnings) {
    env.ui.log('warn', `${doing}: ${formatManifestError(w)}`);
  }
  for (const r of parsed.rejected) {
    env.ui.log('warn', `${doing}: ${formatManifestError(r)}; that document will not be sent, the others will`);
  }
  return parsed;
}
