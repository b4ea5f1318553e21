import type { WorkspaceIndex } from './index/workspaceIndex';
import type { K8sObject } from './model/k8sObject';
import { stringAt } from './model/k8sObject';
import type { InjectInputs } from './inject/index';
import type { Profile } from './settings';
import { parse } from 'yaml';

/** Injector inputs given in settings; each wins over what the workspace holds. */
export interface InjectionOverrides {
  readonly values?: unknown;
  readonly meshConfig?: unknown;
  readonly injectConfig?: unknown;
}

/**
 * The injector's inputs for a profile: settings first, then the ConfigMaps found in the workspace
 * (`istio-sidecar-injector` values, `istio` mesh, the guide's `istio-inject`), else the injector's defaults.
 */
export function injectionInputs(profile: Profile, index: WorkspaceIndex, overrides: InjectionOverrides = {}): InjectInputs {
  const cms = index.ofKind('ConfigMap');
  const find = (pred: (cm: K8sObject) => boolean): K8sObject | undefined => cms.find(pred);
  const dataOf = (cm: K8sObject | undefined, key: string): unknown => {
    const raw = cm ? stringAt(cm.node, ['data', key]) : undefined;
    if (raw === undefined) {
      return undefined;
    }
    try {
      return parse(raw, { maxAliasCount: 100, logLevel: 'error' }) as unknown;
    } catch {
      return undefined; // a broken ConfigMap in the workspace falls back to defaults; the rules report it
    }
  };
  if (profile === 'legacy-0.2') {
    const injectConfig = overrides.injectConfig ?? dataOf(find((c) => c.name === 'istio-inject'), 'config');
    const meshConfig = overrides.meshConfig ?? dataOf(find((c) => c.name === 'istio' && c.namespace === 'istio-system'), 'mesh');
    return withDefined({ profile, injectConfig, meshConfig });
  }
  const values = overrides.values ?? dataOf(find((c) => c.name === 'istio-sidecar-injector'), 'values');
  const meshConfig = overrides.meshConfig ?? dataOf(find((c) => c.name === 'istio' && (c.namespace ?? 'istio-system') === 'istio-system'), 'mesh');
  return withDefined({ profile, values, meshConfig });
}

function withDefined(inputs: { profile: Profile; values?: unknown; meshConfig?: unknown; injectConfig?: unknown }): InjectInputs {
  const out: { -readonly [K in keyof InjectInputs]: InjectInputs[K] } = { profile: inputs.profile };
  if (inputs.values !== undefined) {
    out.values = inputs.values;
  }
  if (inputs.meshConfig !== undefined) {
    out.meshConfig = inputs.meshConfig;
  }
  if (inputs.injectConfig !== undefined) {
    out.injectConfig = inputs.injectConfig;
  }
  return out;
}
