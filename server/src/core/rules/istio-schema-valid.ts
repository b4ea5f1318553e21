import { nodeAt } from '../model/k8sObject';
import { bundledSchemas, validateBundled } from '../schema/bundled';
import { clusterCrdSchemas, preparedOf, workspaceCrdSchemas } from '../schema/crdSources';
import { validateNode } from '../schema/validate';
import type { SchemaError, SchemaPath } from '../schema/validate';
import { nodeSpan } from '../yaml/spans';
import type { Span } from '../yaml/spans';
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

/**
 * Istio resources match the schema of their CRD. Mirrors Istio's schema.ValidationAnalyzer.<Kind> (IST0106,
 * SchemaValidationError) for what a schema can express: types as Kubernetes reads YAML, enums, ranges, patterns,
 * required and unknown fields. The schema is the CRD's own `openAPIV3Schema`: the workspace's CRD of the resource's
 * group and kind (what the user is about to apply), else the connected cluster's (exact for the release running there),
 * else the validators bundled from one Istio release's CRDs (schema/bundled.ts, said in each message); CEL rules (`x-kubernetes-validations`) are not evaluated; `metadata` and `status` are not checked.
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
    const kindKey = `${group}/${obj.kind}`;
    // The workspace's CRD wins: it is what the user is about to apply.
    const set = [workspaceCrdSchemas(ctx.index, ISTIO_GROUPS), clusterCrdSchemas(ctx.index, ISTIO_GROUPS)].find((s) => s.byKind.has(kindKey));
    const versions = set?.byKind.get(kindKey);
    const userSeverity = ctx.settings.rules['istio-schema-valid'] !== undefined;
    if (!set || !versions) {
      // Neither has the CRD: the bundled validators (loaded on first need; nothing is checked until they are).
      const bundled = bundledSchemas(ctx.index);
      const errors = bundled && validateBundled(bundled, obj.apiVersion, obj.kind, obj.node);
      const source = ` Checked against Istio ${bundled?.release ?? ''}'s schema (bundled); add your release's CRDs to the workspace or connect a cluster for an exact check.`;
      return (errors ?? []).map((e) => ({ ...finding(e, obj.anchor, userSeverity), message: `${messageOf(e)}${source}` }));
    }
    const schema = preparedOf(set, kindKey, version);
    if (!schema) {
      const span = nodeSpan(nodeAt(obj.node, ['apiVersion'])) ?? obj.anchor;
      return [
        {
          span,
          message:
            `The ${obj.kind} CRD of ${set.source} serves ${[...versions.keys()].map((v) => `${group}/${v}`).join(', ')}, ` +
            `not ${obj.apiVersion}: the API server refuses this object.`,
        },
      ];
    }
    return validateNode(schema, obj.node, { objectRoot: true, skipRootKeys: ['status'] }).map((e) => finding(e, obj.anchor, userSeverity));
  },
});

function finding(e: SchemaError, anchor: Span, userSeverity: boolean): RuleFinding {
  return {
    span: (e.path.length > 0 && nodeSpan(e.node)) || anchor,
    message: messageOf(e),
    // kubectl (strict field validation) refuses an unknown field, but Helm, older kubectl and istioctl drop it:
    // a warning, unless the user chose the rule's severity.
    ...(e.problem === 'unknown-field' && !userSeverity ? { severity: 'warning' as const } : {}),
  };
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
