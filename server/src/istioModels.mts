/**
 * The bundled Istio schemas (`@kubernetes-models/istio`: ajv validators generated from Istio 1.29's CRDs), a bundle
 * of its own (dist/istioModels.js, about 1 MB) that the language server and the CLI load on first need only. ES module
 * source: the package exports only `import` entries.
 */
import * as extensionsV1alpha1 from '@kubernetes-models/istio/extensions.istio.io/v1alpha1';
import * as networkingV1 from '@kubernetes-models/istio/networking.istio.io/v1';
import * as networkingV1alpha3 from '@kubernetes-models/istio/networking.istio.io/v1alpha3';
import * as networkingV1beta1 from '@kubernetes-models/istio/networking.istio.io/v1beta1';
import * as securityV1 from '@kubernetes-models/istio/security.istio.io/v1';
import * as securityV1beta1 from '@kubernetes-models/istio/security.istio.io/v1beta1';
import * as telemetryV1 from '@kubernetes-models/istio/telemetry.istio.io/v1';
import * as telemetryV1alpha1 from '@kubernetes-models/istio/telemetry.istio.io/v1alpha1';
import type { BundledError, BundledSchemas } from './core/schema/bundled';

/** A model class: its apiVersion and kind, and `validate()`, which throws with ajv's errors. */
interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  new (data: unknown): { validate(): void };
}

const MODULES: readonly Record<string, unknown>[] = [
  extensionsV1alpha1,
  networkingV1,
  networkingV1alpha3,
  networkingV1beta1,
  securityV1,
  securityV1beta1,
  telemetryV1,
  telemetryV1alpha1,
];

const models = new Map<string, ModelClass>();
for (const m of MODULES) {
  for (const v of Object.values(m)) {
    const c = v as Partial<ModelClass> | undefined;
    if (typeof v === 'function' && typeof c?.apiVersion === 'string' && typeof c.kind === 'string') {
      models.set(`${c.apiVersion}/${c.kind}`, v as unknown as ModelClass);
    }
  }
}

export const bundledSchemas: BundledSchemas = {
  release: '1.29',
  validate(apiVersion, kind, object) {
    const Model = models.get(`${apiVersion}/${kind}`);
    if (!Model) {
      return undefined;
    }
    try {
      new Model(object).validate();
      return [];
    } catch (e) {
      const errors = (e as { errors?: unknown }).errors;
      if (!Array.isArray(errors)) {
        throw e;
      }
      return errors as BundledError[];
    }
  },
};
