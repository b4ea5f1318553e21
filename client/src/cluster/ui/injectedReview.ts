import type { KubeObject } from '../types';
import type { Translator } from './translator';
import { isRec } from '../../../../server/src/core/plainData';

// What Apply Injected's confirmation shows besides the objects: the images that will run (the injector adds some) and
// the injection settings a workspace set, since those decide the sidecar's image and configuration without a word.

/** The pod spec of a Pod, of a workload's template, or of a CronJob's job template. */
function podSpecOf(o: KubeObject): Record<string, unknown> | undefined {
  const spec = (o as { spec?: unknown }).spec;
  if (!isRec(spec)) {
    return undefined;
  }
  if (o.kind === 'Pod') {
    return spec;
  }
  const template = isRec(spec.jobTemplate) && isRec(spec.jobTemplate.spec) ? spec.jobTemplate.spec.template : spec.template;
  return isRec(template) && isRec(template.spec) ? template.spec : undefined;
}

/** Every image of the objects' pods, each with the containers that run it, in first-seen order. */
export function imagesOf(objects: readonly KubeObject[]): { image: string; containers: string[] }[] {
  const byImage = new Map<string, string[]>();
  for (const o of objects) {
    const spec = podSpecOf(o);
    for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
      const list = spec?.[field];
      for (const c of Array.isArray(list) ? list : []) {
        if (isRec(c) && typeof c.image === 'string') {
          const names = byImage.get(c.image) ?? [];
          const name = typeof c.name === 'string' ? c.name : '?';
          if (!names.includes(name)) {
            names.push(name);
          }
          byImage.set(c.image, names);
        }
      }
    }
  }
  return [...byImage].map(([image, containers]) => ({ image, containers }));
}

/** The `istio.injection.*` settings that change what the injector writes. */
export const INJECTION_SETTINGS: readonly string[] = ['injection.values', 'injection.meshConfig', 'injection.injectConfig', 'injection.env'];

/** What VS Code's `inspect` says about one setting, as far as it matters here. */
export interface SettingOrigins {
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValue?: unknown;
}

/** The injection settings a workspace or folder set to something non-empty (the user's own values are not listed). */
export function injectionSettingsFromWorkspace(inspect: (key: string) => SettingOrigins | undefined): string[] {
  const set = (v: unknown): boolean => typeof v === 'object' && v !== null && Object.keys(v).length > 0;
  return INJECTION_SETTINGS.filter((key) => {
    const i = inspect(key);
    return set(i?.workspaceValue) || set(i?.workspaceFolderValue);
  }).map((key) => `istio.${key}`);
}

/** Lines for the confirmation: the images that will run, and the injection settings that came from the workspace. */
export function injectedReviewLines(l10n: Translator, objects: readonly KubeObject[], workspaceSettings: readonly string[]): string[] {
  const images = imagesOf(objects);
  const lines = images.length > 0 ? [l10n.t('Images that will run:'), ...images.map((i) => `• ${i.image} (${i.containers.join(', ')})`)] : [];
  if (workspaceSettings.length > 0) {
    lines.push(
      '',
      l10n.t(
        '⚠ Injection settings from this workspace, not from your user settings: {0}. They decide the sidecar image and its configuration; check them before applying.',
        workspaceSettings.join(', '),
      ),
    );
  }
  return lines;
}
