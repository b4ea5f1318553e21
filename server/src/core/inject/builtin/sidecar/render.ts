/**
 * The `sidecar` injection template of istiod's chart (files/injection-template.yaml), rebuilt as code, one module
 * per block of the template. Two flavours: `classic` follows Istio 1.24's template, `native` follows master's
 * (istio-ca-crl volume, `divisor: "1"` on resource env vars, no GOMAXPROCS, lifecycle probes, ...).
 */
import { setPullSecrets } from '../images';
import type { Rec } from '../../../plainData';
import type { TemplateData } from '../templateData';
import { sidecarInitContainers } from './initContainers';
import { sidecarAnnotations, sidecarLabels } from './metadata';
import { sidecarProxyContainer } from './proxyContainer';
import { sidecarSettings } from './settings';
import { sidecarVolumes } from './volumes';

/** The partial pod `{ metadata, spec }` the template renders, to merge onto the pod. Throws TemplateError. */
export function renderSidecarTemplate(d: TemplateData): Rec {
  const s = sidecarSettings(d);
  const labels = sidecarLabels(d, s);
  const annotations = sidecarAnnotations(d, s);
  const proxy = sidecarProxyContainer(d, s);
  const spec: Rec = { initContainers: sidecarInitContainers(d, s, proxy) };
  if (!s.nativeSidecar) {
    spec['containers'] = [proxy];
  }
  spec['volumes'] = sidecarVolumes(d, s);
  setPullSecrets(d, spec);
  return { metadata: { labels, annotations }, spec };
}
