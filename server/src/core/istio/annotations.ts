import type { IstioKey } from './keys';
import { isIstioName } from './keys';
import { CAPTURE_ANNOTATIONS } from './annotations/capture';
import { CONTROL_ANNOTATIONS } from './annotations/control';
import { INGRESS_CLASS, NETWORKING_ANNOTATIONS } from './annotations/networking';
import { SIDECAR_ANNOTATIONS } from './annotations/sidecar';
import { TELEMETRY_ANNOTATIONS } from './annotations/telemetry';

export { INJECT, PROXY_CONFIG } from './annotations/sidecar';

/**
 * Annotations Istio writes itself on many kinds (the injector's status, the gateway controller's version, the
 * revision a proxy connected to): the analyzer never reports them, and neither do we.
 */
export const ALWAYS_IGNORED_ANNOTATIONS: ReadonlySet<string> = new Set([
  'sidecar.istio.io/status',
  'gateway.istio.io/controller-version',
  'istio.io/rev',
]);

/**
 * Istio's annotations (facts from istio/api's annotation registry; descriptions are ours), one table per theme in
 * ./annotations/. Order is only for reading: lookups go through {@link annotationNamed}.
 */
export const ANNOTATIONS: readonly IstioKey[] = [
  ...SIDECAR_ANNOTATIONS,
  ...CAPTURE_ANNOTATIONS,
  ...TELEMETRY_ANNOTATIONS,
  ...NETWORKING_ANNOTATIONS,
  ...CONTROL_ANNOTATIONS,
];

const BY_NAME: ReadonlyMap<string, IstioKey> = new Map(ANNOTATIONS.map((a) => [a.name, a]));

/** The annotation with this exact name, or undefined. */
export function annotationNamed(name: string): IstioKey | undefined {
  return BY_NAME.get(name);
}

/** True for the annotations Istio's analyzer looks at: its own namespace plus `kubernetes.io/ingress.class`. */
export function isCheckedAnnotation(name: string): boolean {
  return name === INGRESS_CLASS || isIstioName(name);
}
