import type { KubeObject } from './types';
import { isRec, type Rec } from '../../../server/src/core/plainData';

// kubectl's client-side apply, for servers without server-side apply (before Kubernetes 1.16, or any server that
// answers 415 to application/apply-patch+yaml): create with the last-applied annotation, or a three-way merge patch.

/** Where kubectl keeps what it applied last, for the next three-way merge. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function equal(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  }
  if (isRec(a) && isRec(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && equal(a[k], b[k]));
  }
  return false;
}

/** The object with the annotation kubectl writes: its own JSON, without the annotation itself. */
export function withLastApplied(body: KubeObject): KubeObject {
  const out: KubeObject = structuredClone(body);
  const meta = { ...(out.metadata ?? {}) };
  const annotations: Record<string, string> = { ...(meta.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  const recorded: KubeObject = structuredClone(body);
  const recordedMeta = { ...(recorded.metadata ?? {}) };
  if (Object.keys(annotations).length > 0) {
    recordedMeta.annotations = annotations;
  } else {
    delete recordedMeta.annotations;
  }
  recorded.metadata = recordedMeta;
  meta.annotations = { ...annotations, [LAST_APPLIED]: `${JSON.stringify(recorded)}\n` };
  out.metadata = meta;
  return out;
}

/** What the last client-side apply recorded on a live object, if anything readable. */
export function lastApplied(live: KubeObject | undefined): Rec {
  const text = live?.metadata?.annotations?.[LAST_APPLIED];
  if (typeof text !== 'string') {
    return {};
  }
  try {
    const v = JSON.parse(text) as unknown;
    return isRec(v) ? v : {};
  } catch {
    return {};
  }
}

/**
 * A JSON merge patch from three objects, as kubectl's CreateThreeWayJSONMergePatch: fields the last apply set and this
 * one drops are removed (null), fields this apply sets that differ from the live object are set; fields only the live
 * object has (defaults, other writers) are left alone. Lists are replaced whole. `{}` means nothing to change.
 */
export function threeWayMergePatch(original: unknown, modified: Rec, current: unknown): Rec {
  const o = isRec(original) ? original : {};
  const c = isRec(current) ? current : {};
  const patch: Rec = {};
  for (const [k, m] of Object.entries(modified)) {
    if (isRec(m) && isRec(c[k])) {
      const sub = threeWayMergePatch(o[k], m, c[k]);
      if (Object.keys(sub).length > 0) {
        patch[k] = sub;
      }
    } else if (!equal(m, c[k])) {
      patch[k] = m;
    }
  }
  for (const k of Object.keys(o)) {
    if (!(k in modified) && k in c) {
      patch[k] = null;
    }
  }
  return patch;
}
