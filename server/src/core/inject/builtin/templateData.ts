/**
 * What an injection template is rendered with (the pod as the template sees it, values, mesh and proxy config), and
 * how the built-in renderer reads it as Istio's templates do: `annotation`, `isset`, `.Values` paths.
 */
import { isRec } from '../../plainData';
import type { Rec } from '../../plainData';
import { goSprint, valueAt, type TemplateFlavor } from '../config';

export interface TemplateData {
  readonly flavor: TemplateFlavor;
  /** `.NativeSidecars`: whether the proxy goes into initContainers unless the pod opts out. */
  readonly nativeSidecars: boolean;
  readonly typeMeta: { readonly apiVersion: string; readonly kind: string };
  readonly deployMeta: { readonly name: string; readonly namespace: string };
  /** The pod's metadata after stripping (its labels and annotations are the two fields below). */
  readonly meta: Rec;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly spec: Rec;
  readonly proxyConfig: Rec;
  readonly mesh: Rec;
  readonly values: Rec;
  readonly revision: string;
  readonly proxyImage: string;
  readonly proxyInitImage: string;
  readonly proxyUID: number;
  readonly proxyGID: number;
}

export class TemplateError extends Error {}

/** `.Values.<path>`. */
export function value(d: TemplateData, path: string): unknown {
  return valueAt(d.values, path);
}

/** `annotation .ObjectMeta name default`: the annotation when set (even empty), else the default printed. */
export function ann(d: TemplateData, name: string, def: unknown): string {
  const v = d.annotations[name];
  return v !== undefined ? v : goSprint(def);
}

export function isset(d: TemplateData, name: string): boolean {
  return d.annotations[name] !== undefined;
}

/** `.ProxyConfig.ProxyMetadata`. */
export function proxyMetadata(d: TemplateData): Rec {
  const md = d.proxyConfig['proxyMetadata'];
  return isRec(md) ? md : {};
}

export function containersOf(spec: Rec, field: string): Rec[] {
  const list = spec[field];
  return Array.isArray(list) ? (list.filter(isRec) as Rec[]) : [];
}

/** The pod's containers other than istio-proxy, by name. */
export function appContainerNames(spec: Rec): string[] {
  return containersOf(spec, 'containers')
    .map((c) => String(c['name'] ?? ''))
    .filter((n) => n !== 'istio-proxy');
}
