import { isMap, isPair } from 'yaml';
import type { Node } from 'yaml';
import { analyzerMeshConfig } from '../index/istioLookups';
import { effectiveNamespace } from '../index/workspaceIndex';
import { nodeAt, scalarString, seqItemsAt } from '../model/k8sObject';
import { keySpan, nodeSpan } from '../yaml/spans';
import type { RuleFinding } from './rule';
import { defineAnalyzerRule } from './shared/istioAnalyzer';

/**
 * Each `accessLogging` entry of a Telemetry names its providers when the mesh config sets no default access log
 * provider, unless it turns access logging off (`disabled: true`). Mirrors Istio's telemetry.ProviderAnalyzer (IST0157,
 * InvalidTelemetryProvider): such an entry is ignored.
 */
export default defineAnalyzerRule({
  id: 'telemetry-access-log-provider',
  description: 'Telemetry access logging names a provider unless the mesh config sets a default one.',
  istioCode: 'IST0157',
  istioAnalyzer: 'telemetry.ProviderAnalyzer',
  defaultSeverity: 'warning',
  kinds: ['Telemetry'],
  check(ctx) {
    const t = ctx.object;
    const entries = seqItemsAt(t.node, ['spec', 'accessLogging']);
    if (entries.length === 0 || !t.apiVersion.startsWith('telemetry.istio.io/')) {
      return [];
    }
    const mesh = analyzerMeshConfig(ctx.index, ctx.settings.injection.meshConfig);
    const defaults = (mesh?.['defaultProviders'] as Record<string, unknown> | undefined)?.['accessLogging'];
    if (Array.isArray(defaults) && defaults.length > 0) {
      return [];
    }
    const findings: RuleFinding[] = [];
    for (const e of entries) {
      if (seqItemsAt(e as Node, ['providers']).length > 0 || scalarString(nodeAt(e as Node, ['disabled'])) === 'true') {
        continue; // a disabled entry turns access logging off: it needs no provider
      }
      findings.push({
        // Why the first key: the whole entry spans lines; its first field starts it.
        span: (isMap(e) && isPair(e.items[0]) ? keySpan(e.items[0]) : undefined) ?? nodeSpan(e as Node) ?? t.anchor,
        message:
          `This accessLogging entry of Telemetry ${effectiveNamespace(t, ctx.settings.defaultNamespace)}/${t.name} names ` +
          'no provider and the mesh config sets no default access log provider (defaultProviders.accessLogging): it is ' +
          'ignored. Add `providers: [{name: envoy}]`.',
      });
    }
    return findings;
  },
});
