import { isMap } from 'yaml';
import type { Node } from 'yaml';
import { analyzerMeshConfig } from '../index/istioLookups';
import { nodeAt, seqItemsAt, stringAt } from '../model/k8sObject';
import { isRec } from '../plainData';
import { nodeSpan } from '../yaml/spans';
import type { RuleFinding } from './rule';
import { defineAnalyzerRule } from './shared/istioAnalyzer';

/**
 * A Telemetry's tracing does not use an extension provider of the mesh config that is a `lightstep` provider.
 * Mirrors Istio's telemetry.LightstepAnalyzer (IST0002, Deprecated): Istio deprecated its Lightstep tracer, and
 * Lightstep itself takes OpenTelemetry (OTLP).
 */
export default defineAnalyzerRule({
  id: 'telemetry-provider-not-lightstep',
  description: 'Telemetry tracing does not use a mesh config `lightstep` provider (deprecated; use OpenTelemetry).',
  istioCode: 'IST0002',
  istioAnalyzer: 'telemetry.LightstepAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['Telemetry'],
  check(ctx) {
    const t = ctx.object;
    if (!t.apiVersion.startsWith('telemetry.istio.io/')) {
      return [];
    }
    const lightstep = lightstepProviders(analyzerMeshConfig(ctx.index, ctx.settings.injection.meshConfig));
    if (lightstep.size === 0) {
      return [];
    }
    const findings: RuleFinding[] = [];
    for (const tracing of seqItemsAt(t.node, ['spec', 'tracing'])) {
      for (const p of seqItemsAt(tracing as Node, ['providers'])) {
        const name = isMap(p) ? stringAt(p, ['name']) : undefined;
        if (name === undefined || !lightstep.has(name)) {
          continue;
        }
        findings.push({
          span: nodeSpan(nodeAt(p as Node, ['name'])) ?? t.anchor,
          message:
            `Tracing provider "${name}" is a Lightstep provider of the mesh config (extensionProviders), which Istio ` +
            'has deprecated. Define an `opentelemetry` extension provider that sends to your Lightstep (OTLP) ' +
            'endpoint and name it here instead.',
        });
      }
    }
    return findings;
  },
});

/** The names of the mesh config's extension providers of type `lightstep`. */
function lightstepProviders(mesh: Readonly<Record<string, unknown>> | undefined): ReadonlySet<string> {
  const out = new Set<string>();
  const providers = mesh?.['extensionProviders'];
  if (!Array.isArray(providers)) {
    return out;
  }
  for (const p of providers as unknown[]) {
    if (isRec(p) && typeof p['name'] === 'string' && p['lightstep'] !== undefined) {
      out.add(p['name']);
    }
  }
  return out;
}
