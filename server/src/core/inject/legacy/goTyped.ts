import { isRec } from '../../plainData';
import type { Rec } from '../../plainData';
/**
 * `istioctl kube-inject` 0.2 decoded each workload into its Go type and wrote it back, so its output carries the
 * fields Go always writes. The ones a YAML comparison cannot ignore are added here: zero counters in `status`,
 * an empty `updateStrategy`, `serviceName` of a StatefulSet, `sizeLimit: "0"` of every emptyDir volume, and
 * resource quantities as strings. (`creationTimestamp: null` and empty `strategy`, `resources`, `status` are left
 * out: they carry nothing.)
 */

/** A deep copy of plain JSON-like data. */
export function cloneJson<T>(v: T): T {
  if (Array.isArray(v)) {
    return v.map((x: unknown) => cloneJson(x)) as T;
  }
  if (isRec(v)) {
    const out: Rec = {};
    for (const [k, x] of Object.entries(v)) {
      out[k] = cloneJson(x);
    }
    return out as T;
  }
  return v;
}

/** Status fields without `omitempty` in the Go types of 0.2's era (Kubernetes 1.7/1.8). */
const STATUS_ZEROES: Readonly<Record<string, readonly string[]>> = {
  DaemonSet: ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady'],
  ReplicaSet: ['replicas'],
  ReplicationController: ['replicas'],
  StatefulSet: ['replicas'],
};

/** Adds, in place, the fields Go's typed round trip writes that a comparison would notice. */
export function addGoTypedFields(kind: string, obj: Rec): void {
  const zeroes = STATUS_ZEROES[kind];
  if (zeroes) {
    const status = isRec(obj['status']) ? obj['status'] : {};
    for (const key of zeroes) {
      if (status[key] === undefined || status[key] === null) {
        status[key] = 0;
      }
    }
    obj['status'] = status;
  }
  const spec = obj['spec'];
  if (isRec(spec)) {
    if ((kind === 'DaemonSet' || kind === 'StatefulSet') && !isRec(spec['updateStrategy'])) {
      spec['updateStrategy'] = {};
    }
    if (kind === 'StatefulSet' && typeof spec['serviceName'] !== 'string') {
      spec['serviceName'] = '';
    }
    const template = spec['template'];
    if (isRec(template) && isRec(template['spec'])) {
      normalizePodSpec(template['spec']);
    }
  }
}

function normalizePodSpec(podSpec: Rec): void {
  const volumes = podSpec['volumes'];
  if (Array.isArray(volumes)) {
    for (const v of volumes) {
      if (isRec(v) && v['emptyDir'] !== undefined) {
        const emptyDir = isRec(v['emptyDir']) ? v['emptyDir'] : {};
        if (emptyDir['sizeLimit'] === undefined || emptyDir['sizeLimit'] === null) {
          emptyDir['sizeLimit'] = '0';
        } else {
          emptyDir['sizeLimit'] = quantity(emptyDir['sizeLimit']);
        }
        v['emptyDir'] = emptyDir;
      }
    }
  }
  for (const list of [podSpec['containers'], podSpec['initContainers']]) {
    if (!Array.isArray(list)) {
      continue;
    }
    for (const c of list) {
      if (isRec(c) && isRec(c['resources'])) {
        for (const part of ['limits', 'requests']) {
          const q = c['resources'][part];
          if (isRec(q)) {
            for (const [k, v] of Object.entries(q)) {
              q[k] = quantity(v);
            }
          }
        }
      }
    }
  }
}

/** A resource quantity as Go writes it: always a string; plain decimals with a fraction become milli units. */
function quantity(v: unknown): unknown {
  if (typeof v === 'number' && Number.isFinite(v)) {
    return Number.isInteger(v) ? String(v) : milli(String(v)) ?? String(v);
  }
  if (typeof v === 'string' && /^\d*\.\d+$/.test(v)) {
    return milli(v) ?? v;
  }
  return v;
}

function milli(decimal: string): string | undefined {
  const m = /^(\d*)\.(\d+)$/.exec(decimal);
  if (!m) {
    return undefined;
  }
  const whole = m[1] ?? '';
  const frac = m[2] ?? '';
  if (frac.length > 3 && /[1-9]/.test(frac.slice(3))) {
    return undefined; // finer than milli: leave it as written
  }
  const n = Number(`${whole || '0'}${frac.slice(0, 3).padEnd(3, '0')}`);
  return n % 1000 === 0 ? String(n / 1000) : `${n}m`;
}
