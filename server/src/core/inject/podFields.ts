/** Reading a decoded pod: its metadata, spec and containers by name, and the mesh's proxy settings it is rendered with. */
import { isRec } from '../plainData';
import type { Rec } from '../plainData';

export const PROXY = 'istio-proxy';
export const INIT = 'istio-init';
export const VALIDATION = 'istio-validation';

export function metaOf(pod: Rec): Rec {
  return isRec(pod['metadata']) ? (pod['metadata'] as Rec) : {};
}

export function specOf(pod: Rec): Rec {
  return isRec(pod['spec']) ? (pod['spec'] as Rec) : {};
}

export function stringMap(v: unknown): Record<string, string> {
  return (isRec(v) ? v : {}) as Record<string, string>;
}

export function containers(spec: Rec, field: string): Rec[] {
  const l = spec[field];
  return Array.isArray(l) ? (l.filter(isRec) as Rec[]) : [];
}

export function findContainer(name: string, list: Rec[]): Rec | undefined {
  return list.find((c) => c['name'] === name);
}

export function findInPod(name: string, pod: Rec): Rec | undefined {
  const spec = specOf(pod);
  return findContainer(name, containers(spec, 'containers')) ?? findContainer(name, containers(spec, 'initContainers'));
}

export function meshStatusPort(mesh: Rec): number {
  const pc = isRec(mesh['defaultConfig']) ? (mesh['defaultConfig'] as Rec) : {};
  return typeof pc['statusPort'] === 'number' ? (pc['statusPort'] as number) : 15020;
}

export function proxyConfigOf(mesh: Rec): Rec {
  return isRec(mesh['defaultConfig']) ? (mesh['defaultConfig'] as Rec) : {};
}
