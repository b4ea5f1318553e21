/** `{{ template "resources" . }}`: the proxy's requests and limits, from the pod's annotations, else the values. */
import { A } from '../annotations';
import { goSprint, truthy } from '../config';
import { canonicalQuantity } from '../quantity';
import { isRec } from '../../plainData';
import type { Rec } from '../../plainData';
import { TemplateError, value, type TemplateData } from './templateData';

function quantity(v: unknown, what: string): string {
  const q = canonicalQuantity(typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '');
  if (q === undefined) {
    throw new TemplateError(
      `invalid value '${goSprint(v)}' for ${what}: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
  }
  return q;
}

/** Proxy requests or limits from their cpu and memory annotations; undefined when neither is set. */
function annotatedQuantities(d: TemplateData, cpuAnnotation: string, memoryAnnotation: string): Rec | undefined {
  const cpu = d.annotations[cpuAnnotation];
  const mem = d.annotations[memoryAnnotation];
  if (cpu === undefined && mem === undefined) {
    return undefined;
  }
  const out: Rec = {};
  if (cpu !== undefined) {
    out['cpu'] = quantity(cpu, `annotation '${cpuAnnotation}'`);
  }
  if (mem !== undefined) {
    out['memory'] = quantity(mem, `annotation '${memoryAnnotation}'`);
  }
  return out;
}

/** `global.proxy.resources`, each quantity checked and written canonically. */
function valuesResources(d: TemplateData): Rec | undefined {
  const res = value(d, 'global.proxy.resources');
  if (!truthy(res) || !isRec(res)) {
    return undefined;
  }
  const out: Rec = {};
  for (const [k, v] of Object.entries(res)) {
    if (!isRec(v)) {
      if (v !== null && v !== undefined) {
        out[k] = v;
      }
      continue;
    }
    const m: Rec = {};
    for (const [rk, rv] of Object.entries(v)) {
      if (rv === null || rv === undefined) {
        // 1.24 renders `cpu: null`, which Go decodes as a zero quantity; master's omitNil drops it.
        if (d.flavor === 'classic') {
          m[rk] = '0';
        }
        continue;
      }
      m[rk] = quantity(rv, `values global.proxy.resources.${k}.${rk}`);
    }
    out[k] = m;
  }
  return out;
}

/** The proxy's resources: annotations win over the values; undefined when neither gives any. */
export function proxyResources(d: TemplateData): Rec | undefined {
  const requests = annotatedQuantities(d, A.proxyCPU, A.proxyMemory);
  const limits = annotatedQuantities(d, A.proxyCPULimit, A.proxyMemoryLimit);
  if (requests || limits) {
    return { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
  }
  return valuesResources(d);
}
