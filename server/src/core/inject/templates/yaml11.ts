/** Rendered template output read as Istio reads it (sigs.k8s.io/yaml over go-yaml v2), one document. */
import { parseDocument } from 'yaml';
import { KUBERNETES_YAML } from '../../yaml/kubernetesYaml';

export type Yaml11Result = { ok: true; value: unknown } | { ok: false; error: string };

export function parseYaml11(text: string): Yaml11Result {
  // go-yaml v2 keeps the last of duplicate keys, and Istio's templates do write some twice.
  const doc = parseDocument(text, { ...KUBERNETES_YAML, logLevel: 'error', uniqueKeys: false });
  const err = doc.errors[0];
  if (err) {
    return { ok: false, error: err.message.split('\n')[0] ?? 'invalid YAML' };
  }
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: 1000 }) };
  } catch (e) {
    return { ok: false, error: ((e as Error)?.message ?? String(e)).split('\n')[0] ?? 'invalid YAML' };
  }
}
