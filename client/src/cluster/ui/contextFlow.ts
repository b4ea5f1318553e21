import { corePath } from '../api';
import { ClusterError } from '../errors';
import type { ClusterConnection } from '../kubeconfig';
import type { KubeObject } from '../types';
import { confirmedOrExplain, explain } from './explain';
import { currentContextFile, writeCurrentContext } from './files';
import { targetKey, type FlowEnv } from './flowEnv';
import type { PickItem } from './flowUi';
import { validateNamespace } from './inputs';
import { contextInfo, contextItems } from './pickers';
import type { SessionHost } from './sessionHost';

// Choosing the extension's context and namespace for this workspace; kubectl's current-context changes only when asked.

const info = (env: FlowEnv, message: string): void => void env.ui.notify({ severity: 'info', message, actions: [] });

/** Picks the extension's context; optionally also kubectl's current-context (written only when asked). */
export async function selectContext(env: FlowEnv, s: SessionHost): Promise<void> {
  const { ui, l10n } = env;
  const settings = s.settings();
  const asKubectl = s.load({});
  const names = asKubectl.ok ? asKubectl.connection.contexts : asKubectl.contexts;
  if (!asKubectl.ok && names.length === 0) {
    explain(env, l10n.t('Select a context'), asKubectl.problem);
    return;
  }
  const kubectlCurrent = asKubectl.ok ? asKubectl.connection.context : undefined;
  const items: PickItem<{ name: string; follow: boolean }>[] = contextItems(
    l10n,
    names.map((name) => contextInfo(name, s.load({ context: name }))),
    { selected: settings.context, kubectlCurrent, productionPattern: settings.productionPattern },
  ).map(({ name, ...item }) => ({ ...item, value: { name, follow: false } }));
  const follow = {
    label: `$(discard) ${l10n.t("Follow kubectl's current-context")}`,
    description: kubectlCurrent ?? '',
    detail: l10n.t('Stop pinning a context for Istio Mesh Tools.'),
    value: { name: '', follow: true },
  };
  const pick = (
    await ui.pick({
      title: l10n.t('Cluster context for Istio Mesh Tools'),
      placeHolder: l10n.t('Applies, verification and mesh expansion use this context; kubectl is not changed unless you ask.'),
      items: settings.context ? [...items, follow] : items,
      matchOnDescription: true,
    })
  )?.value;
  if (!pick) {
    return;
  }
  if (pick.follow) {
    await s.select('context', undefined);
    await s.select('namespace', undefined);
    s.refresh();
    info(env, l10n.t("Istio Mesh Tools follows kubectl's current-context again ({0}).", kubectlCurrent ?? '—'));
    return;
  }
  let alsoKubectl = false;
  const file = asKubectl.ok ? currentContextFile(asKubectl.connection.source, asKubectl.connection.files) : undefined;
  if (pick.name !== kubectlCurrent && file) {
    const how = await ui.pick({
      title: l10n.t('Use context {0}', pick.name),
      items: [
        { label: l10n.t('Only for Istio Mesh Tools'), detail: l10n.t('kubectl and other tools keep using {0}.', kubectlCurrent ?? '—'), value: false },
        { label: l10n.t("Also make it kubectl's current-context"), detail: l10n.t('Writes current-context into {0} (the previous file is kept as {0}.bak).', file), value: true },
      ],
    });
    if (!how) {
      return;
    }
    alsoKubectl = how.value;
  }
  await s.select('context', pick.name);
  await s.select('namespace', undefined); // the namespace follows the new context's
  if (alsoKubectl && file) {
    try {
      const w = await writeCurrentContext(file, pick.name);
      ui.log('info', `current-context of ${w.file} set to "${pick.name}" (previous file: ${w.backup})`);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      ui.log('error', `could not set current-context in ${file}: ${why}`);
      void ui.notify({
        severity: 'error',
        message: l10n.t('Could not change the kubeconfig ({0}): {1}. Istio Mesh Tools uses "{2}" anyway; kubectl is unchanged.', file, why, pick.name),
        actions: [],
      });
    }
  }
  const now = s.load();
  if (now.ok) {
    s.rememberTarget(targetKey(now.connection)); // picking a context is confirming it as the target
  }
  s.refresh(); // after remembering: the refresh reads the confirmed target's injector ConfigMap
  info(
    env,
    now.ok
      ? l10n.t('Istio Mesh Tools now uses context "{0}" (namespace {1}).', now.connection.context, now.connection.namespace)
      : l10n.t('Context "{0}" cannot be used: {1} {2}', pick.name, s.redactor.redact(now.problem.message), now.problem.nextStep),
  );
}

/** The namespaces of the cluster, sorted; undefined when listing them is forbidden (with why), or after explaining a problem. */
async function listNamespaces(env: FlowEnv, s: SessionHost, conn: ClusterConnection, doing: string): Promise<{ names?: string[]; why: string } | undefined> {
  try {
    const names = await env.ui.progress(env.l10n.t('Listing namespaces on {0}', conn.context), (_r, signal) =>
      conn.api.list<KubeObject>(corePath(undefined, 'namespaces'), { signal }).then((list) => list.map((n) => n.metadata?.name ?? '').filter((n) => n !== '').sort()),
    );
    return { names, why: '' };
  } catch (e) {
    if (!(e instanceof ClusterError)) {
      throw e;
    }
    if (e.problem.kind !== 'forbidden') {
      explain(env, doing, e.problem);
      return undefined;
    }
    const why = s.redactor.redact(e.problem.message);
    env.ui.log('info', `listing namespaces is not allowed (${why}); asking for a name instead`);
    return { why };
  }
}

/** Picks the extension's namespace from the cluster's namespaces, or as typed when listing is not allowed. */
export async function selectNamespace(env: FlowEnv, s: SessionHost): Promise<void> {
  const { ui, l10n } = env;
  const doing = l10n.t('Select a namespace');
  const conn = await confirmedOrExplain(env, doing);
  if (!conn) {
    return;
  }
  const settings = s.settings();
  const ofContext = s.load(settings.context ? { context: settings.context } : {});
  const contextNamespace = ofContext.ok ? ofContext.connection.namespace : 'default';
  const listed = await listNamespaces(env, s, conn, doing);
  if (!listed) {
    return;
  }
  const { names, why } = listed;
  // null: the context's namespace; undefined: type one.
  let chosen: string | undefined | null;
  if (names) {
    const items: PickItem<string | undefined | null>[] = names.map((n) => ({
      label: n,
      description: [n === conn.namespace ? l10n.t('in use') : '', n === contextNamespace ? l10n.t("the context's namespace") : ''].filter((x) => x).join(' · '),
      value: n,
    }));
    if (settings.namespace) {
      items.unshift({ label: `$(discard) ${l10n.t("Use the context's namespace ({0})", contextNamespace)}`, value: null });
    }
    items.push({ label: `$(edit) ${l10n.t('Enter a namespace…')}`, value: undefined });
    const pick = await ui.pick({ title: l10n.t('Namespace on {0}', conn.context), placeHolder: l10n.t('For objects that name no namespace, and for mesh expansion'), items });
    if (!pick) {
      return;
    }
    chosen = pick.value;
  }
  if (chosen === undefined) {
    chosen = await ui.input({
      title: l10n.t('Namespace on {0}', conn.context),
      prompt: why ? l10n.t('Namespaces cannot be listed with these credentials ({0}); type one.', why) : l10n.t('Type a namespace.'),
      value: conn.namespace,
      validate: (v) => validateNamespace(l10n, v),
    });
    if (chosen === undefined) {
      return;
    }
    chosen = chosen.trim();
  }
  await s.select('namespace', chosen === null || chosen === contextNamespace ? undefined : chosen);
  s.refresh();
  info(env, l10n.t('Istio Mesh Tools now uses namespace {0} on context "{1}".', chosen ?? contextNamespace, conn.context));
}
