/**
 * Reading injector inputs from the shapes users have at hand: the bare values / MeshConfig / inject-config object
 * (JSON or YAML), the ConfigMap that carries it (`istio-sidecar-injector` `data.values`, `istio` `data.mesh`,
 * 0.2's `istio-inject` `data.config`), or an IstioOperator (`spec.values`, `spec.meshConfig`).
 */
import { isRec } from '../plainData';
import type { Rec } from '../plainData';
import { parseAllDocuments } from 'yaml';

export type InputKind = 'values' | 'mesh' | 'inject-config';

export type ParsedInput = { ok: true; value: unknown; mesh?: unknown } | { ok: false; error: string };

function parseText(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const docs = parseAllDocuments(text, { logLevel: 'error' });
  if (!Array.isArray(docs)) {
    return { ok: true, value: undefined };
  }
  const nonEmpty = docs.filter((d) => d.contents !== null || d.errors.length > 0);
  const first = nonEmpty[0];
  if (!first) {
    return { ok: true, value: undefined };
  }
  const err = first.errors[0];
  if (err) {
    return { ok: false, error: (err.message.split('\n')[0] ?? 'invalid YAML').replace(/:$/, '') };
  }
  try {
    return { ok: true, value: first.toJS({ maxAliasCount: 1000 }) };
  } catch (e) {
    return { ok: false, error: (e as Error).message.split('\n')[0] ?? 'invalid YAML' };
  }
}

const DATA_KEY: Record<InputKind, string> = { values: 'values', mesh: 'mesh', 'inject-config': 'config' };

/** Parses an input file's text and unwraps ConfigMaps and IstioOperators. */
export function parseInjectorInput(text: string, kind: InputKind): ParsedInput {
  const parsed = parseText(text);
  if (!parsed.ok) {
    return parsed;
  }
  return unwrapInjectorInput(parsed.value, kind);
}

/** Unwraps an already parsed input (ConfigMap → its data key, IstioOperator → spec.values / spec.meshConfig). */
export function unwrapInjectorInput(value: unknown, kind: InputKind): ParsedInput {
  if (value === undefined || value === null) {
    return { ok: true, value: undefined };
  }
  if (!isRec(value)) {
    return {
      ok: false,
      error: `expected a mapping for the ${kind}, got ${Array.isArray(value) ? 'a list' : typeof value}`,
    };
  }
  if (value['kind'] === 'ConfigMap' || (isRec(value['data']) && value['apiVersion'] === 'v1')) {
    const data = isRec(value['data']) ? value['data'] : {};
    const key = DATA_KEY[kind];
    const raw = data[key];
    if (kind === 'inject-config') {
      // The 0.2 injector reads the whole ConfigMap itself.
      return { ok: true, value };
    }
    if (raw === undefined) {
      return { ok: false, error: `ConfigMap has no data.${key}` };
    }
    if (typeof raw !== 'string') {
      return isRec(raw) ? { ok: true, value: raw } : { ok: false, error: `data.${key} is not a mapping` };
    }
    const inner = parseText(raw);
    if (!inner.ok) {
      return { ok: false, error: `data.${key}: ${inner.error}` };
    }
    if (inner.value !== undefined && inner.value !== null && !isRec(inner.value)) {
      return { ok: false, error: `data.${key} is not a mapping` };
    }
    return { ok: true, value: inner.value ?? undefined };
  }
  if (value['kind'] === 'IstioOperator' && isRec(value['spec'])) {
    const spec = value['spec'];
    if (kind === 'mesh') {
      return { ok: true, value: spec['meshConfig'] };
    }
    if (kind === 'values') {
      const values: Rec = isRec(spec['values']) ? { ...spec['values'] } : {};
      const cni = isRec(spec['components']) && isRec(spec['components']['cni']) ? spec['components']['cni'] : undefined;
      const valuesCni = isRec(values['cni']) ? values['cni'] : {};
      if (cni && cni['enabled'] === true) {
        const pilot: Rec = isRec(values['pilot']) ? { ...values['pilot'] } : {};
        pilot['cni'] = {
          ...(isRec(pilot['cni']) ? pilot['cni'] : {}),
          enabled: true,
          ...(valuesCni['provider'] !== undefined ? { provider: valuesCni['provider'] } : {}),
        };
        values['pilot'] = pilot;
      }
      return { ok: true, value: values, mesh: spec['meshConfig'] };
    }
  }
  return { ok: true, value };
}
