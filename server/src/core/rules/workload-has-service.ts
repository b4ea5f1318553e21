import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { isMeshWorkload, servicesSelecting, workloadAnchor } from '../index/serviceMembership';
import { WORKLOAD_KINDS } from '../model/workload';

/** Batch pods serve no traffic, so they need no Service. */
const BATCH_KINDS: readonly string[] = ['Job', 'CronJob'];

/**
 * Every workload in the mesh has its pods selected by a Service. The Istio 0.2 install guide requires it (a pod
 * belongs to a Service); Istio's analyzer reported it as IST0117 until 1.20, when the check was retired because
 * pods without a Service work today. Jobs and CronJobs are not checked.
 */
export default defineAnalyzerRule({
  id: 'workload-has-service',
  description: 'Every workload in the mesh is selected by a Service (required by Istio 0.2).',
  istioCode: 'IST0117',
  istioAnalyzer: 'deployment.MultiServiceAnalyzer',
  defaultSeverity: { 'legacy-0.2': 'warning', classic: 'off', native: 'off' },
  kinds: WORKLOAD_KINDS.filter((k) => !BATCH_KINDS.includes(k)),
  check(ctx) {
    const workload = ctx.object;
    const ns = ctx.settings.defaultNamespace;
    if (!isMeshWorkload(workload, ctx.profile, ctx.index, ns)) {
      return [];
    }
    if (servicesSelecting(ctx.index, workload, ns).length > 0) {
      return [];
    }
    const namespace = workload.namespace ?? ns;
    const legacy = ctx.profile === 'legacy-0.2' ? ' (Istio 0.2 requires every pod to belong to a Service)' : '';
    return [
      {
        span: workloadAnchor(workload),
        message:
          `${workload.kind} ${workload.name}: no Service in namespace ${namespace} selects its pods, so the mesh ` +
          `cannot route to them by name${legacy}. ` +
          `Add a Service whose selector matches these pod labels, with named ports (<protocol>[-<suffix>]); ` +
          `or, if the pods serve no traffic, keep them out of the mesh with the pod annotation ` +
          `sidecar.istio.io/inject: "false".`,
      },
    ];
  },
});
