import { labelTwins, podLabelSpan } from '../index/labelTwins';
import type { TelemetryIdentity } from '../index/labelTwins';
import { workloadAnchor } from '../index/serviceMembership';
import { WORKLOAD_KINDS } from '../model/workload';
import { defineRule } from './rule';

/** Workloads named in a message; the others are counted. */
const MAX_NAMED = 3;
/** Related locations per finding: a group of thousands would otherwise cost thousands per workload. */
const MAX_RELATED = 20;

/**
 * No two workloads of a namespace share both their `app` and `version` pod labels. The Istio 0.2 guide asks every
 * Deployment for a distinct, meaningful `app` label, which adds context to distributed traces; Istio's own Bookinfo
 * gives reviews-v1, v2 and v3 one `app: reviews` and tells them apart by `version`, and today's Istio names a workload
 * in metrics and traces by its canonical name and revision (app and version). Workloads without an app label are left
 * to workload-app-label.
 */
export default defineRule({
  id: 'workload-labels-distinct',
  description:
    'Workloads in one namespace do not share both their `app` and `version` pod labels, so telemetry and traces can ' +
    'tell them apart.',
  istioCode: null,
  defaultSeverity: { 'legacy-0.2': 'warning', classic: 'info', native: 'info' },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const workload = ctx.object;
    const twins = labelTwins(ctx.index, workload, ctx.profile, ctx.settings.defaultNamespace);
    if (!twins || twins.others.length === 0) {
      return [];
    }
    const { self, others } = twins;
    const legacy = ctx.profile === 'legacy-0.2';
    const named = others.slice(0, MAX_NAMED).map((o) => `${o.workload.kind} ${o.workload.name}`);
    const more = others.length - named.length;
    const list = more > 0 ? `${named.join(', ')} and ${more} more workload${more === 1 ? '' : 's'}` : andList(named);
    const labels = self.version
      ? `the same pod labels ${label(self.app)} and ${label(self.version)}`
      : `the same pod label ${label(self.app)} and no version label either`;
    const apart = others.length === 1 ? 'the two' : `these ${others.length + 1} workloads`;
    const advice = legacy
      ? `distributed traces cannot tell ${apart} apart: the Istio 0.2 guide asks every Deployment for a distinct, ` +
        `meaningful app label. Give each workload its own app label (or its own version label, as Bookinfo's ` +
        `reviews-v1, v2 and v3 do)`
      : `metrics and traces cannot tell ${apart} apart. Give each workload its own version label (or its own app label)`;
    return [
      {
        span: podLabelSpan(workload, self.app) ?? workloadAnchor(workload),
        message:
          `${workload.kind} ${workload.name}: ${list} in namespace ${self.namespace} ` +
          `${others.length === 1 ? 'has' : 'have'} ${labels}, so ${advice}.`,
        related: others.slice(0, MAX_RELATED).map((o) => ({
          uri: o.workload.uri,
          span: podLabelSpan(o.workload, o.app) ?? workloadAnchor(o.workload),
          message:
            `${o.workload.kind} ${o.namespace}/${o.workload.name} has the same app label` +
            `${self.version ? ' and version label' : ' and no version label'}`,
        })),
      },
    ];
  },
});

function label(l: TelemetryIdentity['app']): string {
  return `${l.key}: ${l.value}`;
}

/** "a", "a and b", "a, b and c". */
function andList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}
