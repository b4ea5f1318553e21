import { workloadAnchor } from '../index/serviceMembership';
import { addPodLabelEdit, APP_LABELS } from '../model/podLabels';
import { WORKLOAD_KINDS } from '../model/workload';
import { defineRule } from './rule';
import { lacksPodLabel } from './shared/missingPodLabel';

/**
 * Pods carry an `app` label naming their application. The Istio 0.2 guide asks every Deployment for a distinct,
 * meaningful `app` label, used as context in distributed traces; today's Istio names workloads in metrics and traces
 * from `service.istio.io/canonical-name`, `app.kubernetes.io/name` or `app` (else from the workload's name).
 */
export default defineRule({
  id: 'workload-app-label',
  description:
    'Pod templates carry an `app` label (today also `app.kubernetes.io/name`), naming the application in telemetry.',
  istioCode: null,
  defaultSeverity: { 'legacy-0.2': 'warning', classic: 'info', native: 'info' },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const workload = ctx.object;
    if (!lacksPodLabel(ctx, 'app', APP_LABELS)) {
      return [];
    }
    const legacy = ctx.profile === 'legacy-0.2';
    // A generateName loses its trailing dash.
    const value = workload.name.replace(/-+$/, '');
    const edit = value ? addPodLabelEdit(ctx.text, workload, 'app', value) : undefined;
    const why = legacy
      ? 'the Istio 0.2 guide asks every Deployment to give its pods a distinct, meaningful app label, which adds ' +
        'context to distributed traces'
      : 'Istio names the application in metrics, traces and dashboards from it (else from the workload name, which ' +
        'often carries a version suffix)';
    return [
      {
        span: workloadAnchor(workload),
        message:
          `${workload.kind} ${workload.name}: its pods have no app label; ${why}. Add "app: ${value || '<application>'}" ` +
          `to the pod template's labels${legacy ? '' : ' (app.kubernetes.io/name also works)'}.`,
        fixes: edit ? [{ title: `Add label app: ${value}`, edits: [edit], preferred: true }] : [],
      },
    ];
  },
});
