import { isRec } from '../plainData';
import type { Rec } from '../plainData';
/**
 * Kubernetes strategic merge patch, for Pods: how Istio lays its rendered template (and a user's own `istio-proxy`
 * container) over the pod. Lists with a merge key (containers by name, env by name, ports by containerPort, ...)
 * are merged item by item and ordered as apimachinery orders them; other lists are replaced; `null` deletes.
 */

interface ListField {
  readonly key: string;
  readonly type?: string;
}

/** The merge keys of the Pod types (k8s.io/api `patchMergeKey` tags). */
const LISTS: Record<string, Record<string, ListField>> = {
  Pod: {},
  ObjectMeta: { ownerReferences: { key: 'uid' } },
  PodSpec: {
    containers: { key: 'name', type: 'Container' },
    initContainers: { key: 'name', type: 'Container' },
    ephemeralContainers: { key: 'name', type: 'Container' },
    volumes: { key: 'name' },
    imagePullSecrets: { key: 'name' },
    hostAliases: { key: 'ip' },
    topologySpreadConstraints: { key: 'topologyKey' },
    resourceClaims: { key: 'name' },
    schedulingGates: { key: 'name' },
  },
  Container: {
    ports: { key: 'containerPort' },
    env: { key: 'name' },
    volumeMounts: { key: 'mountPath' },
    volumeDevices: { key: 'devicePath' },
  },
};

/** The struct type of a map-valued field, when it matters for merging. */
const FIELDS: Record<string, Record<string, string>> = {
  Pod: { metadata: 'ObjectMeta', spec: 'PodSpec' },
};

/** Deep copy of JSON-like data with `null` map values removed (Go's IgnoreUnmatchedNulls for new entries). */
export function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) {
    return v.map(dropNulls);
  }
  if (isRec(v)) {
    const out: Rec = {};
    for (const [k, x] of Object.entries(v)) {
      if (x !== null && x !== undefined) {
        out[k] = dropNulls(x);
      }
    }
    return out;
  }
  return v;
}

function sameKey(a: unknown, b: unknown): boolean {
  // Merge keys compare as JSON values (ports are numbers, names strings).
  return a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));
}

function indexIn(list: readonly unknown[], item: unknown, key: string): number {
  if (!isRec(item)) {
    return list.indexOf(item);
  }
  return list.findIndex((o) => isRec(o) && sameKey(o[key], item[key]));
}

/**
 * apimachinery's mergeSortedSlice: interleaves the server-only items (`left`) into the patch items (`right`),
 * keeping each list's own order and using positions in the original list where both are known.
 */
function mergeSorted(left: unknown[], right: unknown[], serverOrder: readonly unknown[], key: string): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) {
      out.push(right[j++]);
    } else if (j >= right.length) {
      out.push(left[i++]);
    } else {
      const li = indexIn(serverOrder, left[i], key);
      const ri = indexIn(serverOrder, right[j], key);
      if (li >= 0 && ri >= 0 && li < ri) {
        out.push(left[i++]);
      } else {
        out.push(right[j++]);
      }
    }
  }
  return out;
}

function mergeKeyedList(original: unknown[], patch: unknown[], field: ListField): unknown[] {
  if (original.length === 0 && patch.length === 0) {
    return original;
  }
  const merged: unknown[] = original.map((x) => x);
  for (const p of patch) {
    if (!isRec(p)) {
      if (!merged.includes(p)) {
        merged.push(p);
      }
      continue;
    }
    const idx = indexIn(merged, p, field.key);
    if (idx >= 0) {
      merged[idx] = mergeMap(merged[idx] as Rec, p, field.type);
    } else {
      merged.push(dropNulls(p));
    }
  }
  const inPatch = (item: unknown): boolean => indexIn(patch, item, field.key) >= 0;
  const patchItems = merged.filter(inPatch).sort((a, b) => indexIn(patch, a, field.key) - indexIn(patch, b, field.key));
  const serverOnly = merged
    .filter((x) => !inPatch(x))
    .sort((a, b) => indexIn(original, a, field.key) - indexIn(original, b, field.key));
  return mergeSorted(serverOnly, patchItems, original, field.key);
}

function mergeMap(original: Rec, patch: Rec, type?: string): Rec {
  const out: Rec = { ...original };
  for (const [k, pv] of Object.entries(patch)) {
    if (pv === null || pv === undefined) {
      delete out[k];
      continue;
    }
    const ov = out[k];
    if (ov === undefined || ov === null) {
      out[k] = dropNulls(pv);
      continue;
    }
    const listField = type ? LISTS[type]?.[k] : undefined;
    if (Array.isArray(ov) && Array.isArray(pv)) {
      out[k] = listField ? mergeKeyedList(ov, pv, listField) : pv;
    } else if (isRec(ov) && isRec(pv)) {
      out[k] = mergeMap(ov, pv, type ? FIELDS[type]?.[k] : undefined);
    } else {
      out[k] = pv;
    }
  }
  return out;
}

/** Applies `patch` to the pod `original` with strategic-merge semantics; neither input is modified. */
export function strategicMergePod(original: Rec, patch: Rec): Rec {
  return mergeMap(original, patch, 'Pod');
}
