/** The canonical service labels as the sidecar and gateway templates derive them from the pod's labels. */
import { L } from '../annotations';
import { firstNonEmpty } from './templateFuncs';
import type { TemplateData } from './templateData';

/** `service.istio.io/canonical-name` (before the sidecar template trims it). */
export function canonicalName(d: TemplateData): string {
  return firstNonEmpty(d.labels[L.canonicalName], d.labels['app.kubernetes.io/name'], d.labels['app'], d.deployMeta.name);
}

/** `service.istio.io/canonical-revision`. */
export function canonicalRevision(d: TemplateData): string {
  return firstNonEmpty(d.labels[L.canonicalRevision], d.labels['app.kubernetes.io/version'], d.labels['version'], 'latest');
}
