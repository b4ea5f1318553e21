import type { WorkspaceIndex } from '../index/workspaceIndex';
import { nodeAt } from '../model/k8sObject';
import { crdSchemas } from '../schema/crd';
import { prepareSchema } from '../schema/prepare';
import type { PreparedSchema } from '../schema/prepare';
import { validateNode } from '../schema/validate';
import type { SchemaError, SchemaPath } from '../schema/validate';
import { nodeSpan } from '../yaml/spans';
import type { RuleFinding } from './rule';
import { defineAnalyzerRule } from './shared/istioAnalyzer';

/** Istio's API groups whose resources are validated. */
const ISTIO_GROUPS: ReadonlySet<string> = new Set([
  'networking.istio.io',
  'security.istio.io',
  'telemetry.istio.io',
  'extensions.istio.io',
]);

/** Every kind Istio's CRDs define in those groups (all versions). */
const ISTIO_KINDS = [
  'DestinationRule',
  'EnvoyFilter',
  'Gateway',
  'ProxyConfig',
  'ServiceEntry',
  'Sidecar',
  'VirtualService',
  'WorkloadEntry',
  'WorkloadGroup',
  'AuthorizationPolicy',
  'PeerAuthentication',
  'RequestAuthentication',
  'Telemetry',
  'WasmPlugin',
];

/** The schemas of the Istio CRDs found in the workspace, by `group/kind`, then version (as plain JSON). */
interface CrdSchemaSet {
  readonly byKind: ReadonlyMap<string, ReadonlyMap<string, unknown>>;
  /** Prepared on first use, once per kind and version while the workspace's CRDs are unchanged. */
  readonly prepared: Map<string, PreparedSchema>;
}

/** The prepared schema of a version of a kind of the set. */
function preparedOf(set: CrdSchemaSet, kindKey: string, version: string): PreparedSchema | undefined {
  const key = `${kindKey}/${version}`;
  let schema = set.prepared.get(key);
  if (!schema) {
    const raw = set.byKind.get(kindKey)?.get(version);
    if (raw === undefined) {
      return undefined;
    }
    schema = prepareSchema(raw);
    set.prepared.set(key, schema);
  }
  return schema;
}

/**
 * Istio resources match the schema of their CRD. Mirrors Istio's schema.ValidationAnalyzer.<Kind> (IST0106,
 * SchemaValidationError) for what a schema can express: types as Kubernetes reads YAML, enums, ranges, patterns,
 * required and unknown fields. The schema is the CRD's own `openAPIV3Schema` when the workspace holds the CRD of the
 * resource's group and kind (exact for the user's Istio release); CEL rules (`x-kubernetes-validations`) are not
 * evaluated; `metadata` and `status` are not checked.
 */
export default defineAnalyzerRule({
  id: 'istio-schema-valid',
  description: 'Istio resources match their CRD’s schema: field names, types, enum values, ranges and required fields.',
  istioCode: 'IST0106',
  istioAnalyzer: 'schema.ValidationAnalyzer',
  perKind: true,
  defaultSeverity: 'error',
  kinds: ISTIO_KINDS,
  check(ctx) {
    const obj = ctx.object;
    const slash = obj.apiVersion.indexOf('/');
    const group = slash < 0 ? '' : obj.apiVersion.slice(0, slash);
    const version = obj.apiVersion.slice(slash + 1);
    if (!ISTIO_GROUPS.has(group)) {
      return [];
    }
    const set = workspaceCrdSchemas(ctx.index);
    const versions = set.byKind.get(`${group}/${obj.kind}`);
    if (!versions) {
      return [];
    }
    const schema = preparedOf(set, `${group}/${obj.kind}`, version);
    if (!schema) {
      const span = nodeSpan(nodeAt(obj.node, ['apiVersion'])) ?? obj.anchor;
      return [
        {
          span,
          message:
            `The ${obj.kind} CRD of the workspace serves ${[...versions.keys()].map((v) => `${group}/${v}`).join(', ')}, ` +
            `not ${obj.apiVersion}: the API server refuses this object.`,
        },
      ];
    }
    const userSeverity = ctx.settings.rules['istio-schema-valid'] !== undefined;
    return validateNode(schema, obj.node, { objectRoot: true, skipRootKeys: ['status'] }).map(
      (e): RuleFinding => ({
        span: (e.path.length > 0 && nodeSpan(e.node)) || obj.anchor,
        message: messageOf(e),
        // kubectl (strict field validation) refuses an unknown field, but Helm, older kubectl and istioctl drop it:
        // a warning, unless the user chose the rule's severity.
        ...(e.problem === 'unknown-field' && !userSeverity ? { severity: 'warning' as const } : {}),
      }),
    );
  },
});

/** The schemas of the workspace's Istio CRDs, read once per state of the workspace's CRDs. */
function workspaceCrdSchemas(index: WorkspaceIndex): CrdSchemaSet {
  return index.derived('istio-crd-schemas', (ix) => {
    const byKind = new Map<string, Map<string, unknown>>();
    for (const crd of ix.ofKind('CustomResourceDefinition')) {
      if (!crd.apiVersion.startsWith('apiextensions.k8s.io/')) {
        continue;
      }
      for (const s of crdSchemas(crd.node)) {
        if (!ISTIO_GROUPS.has(s.group)) {
          continue;
        }
        const key = `${s.group}/${s.kind}`;
        let versions = byKind.get(key);
        if (!versions) {
          versions = new Map();
          byKind.set(key, versions);
        }
        // Two copies of a CRD (install flavours): the first in file order is read, as the index reads copies.
        if (!versions.has(s.version)) {
          versions.set(s.version, s.schema);
        }
      }
    }
    return { byKind, prepared: new Map() };
  });
}

/** `` `spec.http[0].timeout`: expected a string, got the number 5. <the field's description> `` */
function messageOf(e: SchemaError): string {
  const at = pathText(e.path);
  const sentence = at === '' ? `${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}` : `\`${at}\`: ${e.message}`;
  return e.description ? `${sentence}. ${e.description}` : `${sentence}.`;
}

function pathText(path: SchemaPath): string {
  let out = '';
  for (const p of path) {
    out += typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$-]*$/.test(p) ? `${out === '' ? '' : '.'}${p}` : `[${JSON.stringify(p)}]`;
  }
  return out;
}
