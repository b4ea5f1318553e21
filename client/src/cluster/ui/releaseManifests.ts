import type { FlowEnv } from './flowEnv';
import type { FileRef, PickItem } from './flowUi';
import type { ManifestRequest } from './manifestWrites';
import { joinManifests } from './selection';

// What installing or uninstalling the control plane sends: the Istio release's install/kubernetes/istio.yaml (or
// istio-auth.yaml), and optionally the Initializer manifest next to it.

const RELEASE_GLOB = '**/install/kubernetes/{istio,istio-auth}.yaml';

/** Picks the release manifest: istio.yaml / istio-auth.yaml found in the workspace, or any YAML file. */
async function pickReleaseManifest(env: FlowEnv, title: string): Promise<FileRef | undefined> {
  const { ui, l10n } = env;
  const descriptions: Readonly<Record<string, string>> = {
    'istio.yaml': l10n.t('Istio without mutual TLS between sidecars'),
    'istio-auth.yaml': l10n.t('Istio with mutual TLS between sidecars'),
  };
  const found = await ui.findFiles(RELEASE_GLOB, 20);
  if (found.length > 0) {
    const items: PickItem<FileRef | undefined>[] = [
      ...found.map((f) => ({ label: f.name, description: descriptions[f.name] ?? '', detail: f.shown, value: f })),
      { label: `$(folder-opened) ${l10n.t('Choose a YAML file…')}`, value: undefined },
    ];
    const pick = await ui.pick({ title, placeHolder: l10n.t('The Istio release manifest (install/kubernetes in the release)'), items });
    if (!pick) {
      return undefined;
    }
    if (pick.value) {
      return pick.value;
    }
  }
  return ui.pickYamlFile({ title, openLabel: l10n.t('Use This Manifest') });
}

/** The optional Initializer manifest: `null` to go without, undefined when the user cancelled. */
async function pickInitializer(env: FlowEnv, release: FileRef, title: string, uninstall: boolean): Promise<FileRef | null | undefined> {
  const { ui, l10n } = env;
  const sibling = await ui.sibling(release, 'istio-initializer.yaml');
  type Choice = 'none' | 'sibling' | 'browse';
  const none: PickItem<Choice> = {
    label: uninstall ? l10n.t('Without the Initializer') : l10n.t('No Initializer'),
    detail: uninstall
      ? l10n.t('Istio was installed without istio-initializer.yaml.')
      : l10n.t('Inject sidecars with the preview or istioctl kube-inject instead of automatically.'),
    value: 'none',
  };
  const browse: PickItem<Choice> = { label: `$(folder-opened) ${l10n.t('Choose a YAML file…')}`, value: 'browse' };
  let items = [none, browse];
  if (sibling) {
    const withSibling: PickItem<Choice> = {
      label: 'istio-initializer.yaml',
      description: sibling.shown,
      detail: uninstall
        ? l10n.t('Delete the Initializer first, as the install guide does (objects already gone are fine).')
        : l10n.t('Automatic sidecar injection; the cluster needs alpha features (Initializers, Kubernetes 1.7–1.13).'),
      value: 'sibling',
    };
    items = uninstall ? [withSibling, none, browse] : [none, withSibling, browse];
  }
  const pick = await ui.pick({ title, placeHolder: l10n.t('Istio Initializer (optional automatic sidecar injection)'), items });
  if (!pick) {
    return undefined;
  }
  if (pick.value === 'none') {
    return null;
  }
  return pick.value === 'sibling' ? sibling : ui.pickYamlFile({ title, openLabel: l10n.t('Use This Manifest') });
}

/**
 * The release manifest, then the Initializer when one is chosen (a delete runs in reverse order, so the Initializer
 * goes first, as the guide says); undefined when cancelled.
 */
export async function controlPlaneManifests(env: FlowEnv, title: string, uninstall: boolean): Promise<ManifestRequest | undefined> {
  const release = await pickReleaseManifest(env, title);
  if (!release) {
    return undefined;
  }
  const init = await pickInitializer(env, release, title, uninstall);
  if (init === undefined) {
    return undefined;
  }
  const files = init ? [release, init] : [release];
  const text = joinManifests(await Promise.all(files.map((f) => env.ui.readText(f))));
  return { text, source: files.map((f) => f.name).join(' + ') };
}
