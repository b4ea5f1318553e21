import type { KubeconfigResult } from '../kubeconfig';
import { productionCheck } from './production';
import type { Translator } from './translator';

// Quick pick items of the context and namespace pickers, as plain data.

/** A context of the kubeconfig, as far as it could be resolved. */
export interface ContextInfo {
  readonly name: string;
  readonly cluster?: string;
  readonly server?: string;
  readonly namespace?: string;
  /** Why the context cannot be used (its cluster is missing…). */
  readonly problem?: string;
}

/** One item per context. */
export interface ContextItem {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly detail?: string;
}

/** Describes a context from its load result. */
export function contextInfo(name: string, r: KubeconfigResult): ContextInfo {
  return r.ok
    ? { name, cluster: r.connection.cluster, server: r.connection.server, namespace: r.connection.namespace }
    : { name, problem: r.problem.message };
}

/** Items for the context picker: the extension's choice and kubectl's current-context marked, production flagged. */
export function contextItems(
  l10n: Translator,
  contexts: readonly ContextInfo[],
  marks: { readonly selected?: string; readonly kubectlCurrent?: string; readonly productionPattern?: string | null },
): ContextItem[] {
  return contexts.map((c) => {
    const flags: string[] = [];
    if (c.name === marks.selected) {
      flags.push(`$(check) ${l10n.t('used by Istio Mesh Tools')}`);
    }
    if (c.name === marks.kubectlCurrent) {
      flags.push(l10n.t("kubectl's current-context"));
    }
    if (productionCheck({ context: c.name, cluster: c.cluster ?? '', ...(c.server ? { server: c.server } : {}) }, marks.productionPattern).production) {
      flags.push(`$(warning) ${l10n.t('production')}`);
    }
    if (c.problem) {
      flags.push(`$(error) ${c.problem}`);
    }
    return {
      name: c.name,
      label: c.name,
      description: c.cluster ? `${c.cluster} · ${c.server ?? ''}${c.namespace ? ` · ${c.namespace}` : ''}` : '',
      ...(flags.length > 0 ? { detail: flags.join('  ') } : {}),
    };
  });
}
