import { workloadAnchor } from '../index/serviceMembership';
import { addPodLabelEdit, VERSION_LABELS } from '../model/podLabels';
import { WORKLOAD_KINDS } from '../model/workload';
import { defineRule } from './rule';
import { lacksPodLabel } from './shared/missingPodLabel';

/**
 * Pods carry a `version` label. Istio reports it as the workload's revision in metrics and traces, and routing by
 * version (DestinationRule subsets) selects on it; today's Istio also reads `app.kubernetes.io/version` and
 * `service.istio.io/canonical-revision`.
 */
export default defineRule({
  id: 'workload-version-label',
  description:
    'Pod templates carry a `version` label (today also `app.kubernetes.io/version`), so telemetry and routing ' +
    'can tell versions apart.',
  istioCode: null,
  defaultSeverity: 'hint',
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const workload = ctx.object;
    if (!lacksPodLabel(ctx, 'version', VERSION_LABELS)) {
      return [];
    }
    const legacy = ctx.profile === 'legacy-0.2';
    const edit = addPodLabelEdit(ctx.text, workload, 'version', 'v1');
    return [
      {
        span: workloadAnchor(workload),
        message:
          `${workload.kind} ${workload.name}: its pods have no version label, so metrics and traces cannot tell this ` +
          `version from others (Istio reports "latest"), and DestinationRule subsets cannot select it by version. ` +
          `Add "version: v1" (your version) to the pod template's labels` +
          `${legacy ? '' : ' (app.kubernetes.io/version also works)'}.`,
        fixes: edit ? [{ title: 'Add label version: v1', edits: [edit], preferred: true }] : [],
      },
    ];
  },
});
