import { workloadAnchor } from '../index/serviceMembership';
import { mapAt } from '../model/k8sObject';
import { WORKLOAD_KINDS } from '../model/workload';
import { nodeSpan } from '../yaml/spans';
import { defineRule } from './rule';
import { servicesSharingPods } from './shared/selectingServices';

/**
 * A pod belongs to one Service only: the first pod requirement of the Istio 0.2 install guide (several Services per
 * pod were not supported). Today's Istio allows them (see workload-service-protocols-agree and
 * workload-service-ports-agree), so this rule is for the legacy-0.2 profile.
 */
export default defineRule({
  id: 'workload-single-service',
  description: 'In Istio 0.2, a pod belongs to exactly one Service: no two Services select the same pods.',
  istioCode: null,
  defaultSeverity: { 'legacy-0.2': 'error', classic: 'off', native: 'off' },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const workload = ctx.object;
    const services = servicesSharingPods(ctx);
    if (services.length === 0) {
      return [];
    }
    const names = services.map((s) => `"${s.service.name}"`);
    return [
      {
        span: workloadAnchor(workload),
        message:
          `${workload.kind} ${workload.name}: its pods are selected by ${services.length} Services ` +
          `(${names.join(', ')}), but in Istio 0.2 a pod belongs to one Service only. Keep one of them, merging the ` +
          `other Services' ports into it, or change the other Services' selectors (or these pod labels) so that ` +
          `they no longer match.`,
        related: services.map((s) => ({
          uri: s.service.uri,
          span: nodeSpan(mapAt(s.service.node, ['spec', 'selector'])) ?? s.service.anchor,
          message: `Service ${s.namespace}/${s.service.name} selects these pods`,
        })),
      },
    ];
  },
});
