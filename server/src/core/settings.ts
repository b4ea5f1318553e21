import { isRec } from './plainData';
import type { InjectionOverrides } from './injectionInputs';

/** The Istio behaviour rules and injection follow. */
export type Profile = 'legacy-0.2' | 'classic' | 'native';

/** `auto` reads the injector configuration found in the workspace. */
export type ProfileSetting = Profile | 'auto';

/** How loud a finding is. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A severity, or `off` to silence a rule. */
export type SeverityOrOff = Severity | 'off';

/** Settings the core needs, already validated. */
export interface CoreSettings {
  readonly enable: boolean;
  readonly profile: ProfileSetting;
  /** Per-rule severity overrides by rule id. */
  readonly rules: Readonly<Record<string, SeverityOrOff>>;
  /** Namespace assumed for objects that name none (kubectl's default). */
  readonly defaultNamespace: string;
  /** Glob patterns of files never read. */
  readonly exclude: readonly string[];
  /** Injector inputs set by the user; they win over the ConfigMaps found in the workspace. */
  readonly injection: InjectionOverrides;
}

export const DEFAULT_SETTINGS: CoreSettings = {
  enable: true,
  profile: 'auto',
  rules: {},
  defaultNamespace: 'default',
  exclude: [],
  injection: {},
};

const PROFILES: readonly string[] = ['auto', 'legacy-0.2', 'classic', 'native'];
const SEVERITIES: readonly string[] = ['error', 'warning', 'info', 'hint', 'off'];

/** Turns raw `istio.*` configuration into settings, dropping what is malformed. */
export function normalizeSettings(raw: unknown): CoreSettings {
  const r = isRec(raw) ? raw : {};
  const validate = isRec(r['validate']) ? r['validate'] : {};
  const rules: Record<string, SeverityOrOff> = {};
  if (isRec(r['rules'])) {
    for (const [id, sev] of Object.entries(r['rules'])) {
      if (typeof sev === 'string' && SEVERITIES.includes(sev)) {
        rules[id] = sev as SeverityOrOff;
      }
    }
  }
  const profile = typeof r['profile'] === 'string' && PROFILES.includes(r['profile']) ? r['profile'] : 'auto';
  const ns = r['defaultNamespace'];
  const exclude = Array.isArray(r['exclude']) ? r['exclude'].filter((x): x is string => typeof x === 'string') : [];
  return {
    enable: typeof validate['enable'] === 'boolean' ? validate['enable'] : true,
    profile: profile as ProfileSetting,
    rules,
    defaultNamespace: typeof ns === 'string' && ns.trim() !== '' ? ns.trim() : 'default',
    exclude,
    injection: readInjection(r['injection']),
  };
}

function readInjection(raw: unknown): InjectionOverrides {
  if (!isRec(raw)) {
    return {};
  }
  const out: { values?: unknown; meshConfig?: unknown; injectConfig?: unknown; env?: Record<string, string> } = {};
  // Empty objects are VS Code's "unset" for object settings.
  for (const key of ['values', 'meshConfig', 'injectConfig'] as const) {
    const v = raw[key];
    if (isRec(v) && Object.keys(v).length > 0) {
      out[key] = v;
    }
  }
  const env = raw['env'];
  if (isRec(env)) {
    const strings = Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string');
    if (strings.length > 0) {
      out.env = Object.fromEntries(strings);
    }
  }
  return out;
}

