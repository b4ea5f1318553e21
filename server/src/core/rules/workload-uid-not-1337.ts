import { defineAnalyzerRule } from './shared/istioAnalyzer';
import { isMap } from 'yaml';
import { nodeAt, seqItemsAt, stringAt } from '../model/k8sObject';
import { podTemplate, WORKLOAD_KINDS } from '../model/workload';
import { isIstioControlPlane, isSystemNamespace } from '../index/serviceMembership';
import { effectiveNamespace } from '../index/workspaceIndex';
import { nodeSpan } from '../yaml/spans';
import type { RuleFinding } from './rule';

/** The user the sidecar runs as; Istio's iptables rules let its traffic out unproxied. */
const PROXY_UID = '1337';

/** Containers Istio runs itself; they may (and do) use the proxy's UID. */
const ISTIO_CONTAINERS: readonly string[] = ['istio-proxy', 'istio-init', 'istio-validation', 'istio-operator'];

/** No app container runs as UID 1337, the sidecar proxy's user (set on the container or inherited from the pod). */
export default defineAnalyzerRule({
  id: 'workload-uid-not-1337',
  description: 'App containers do not run as UID 1337: that user is the sidecar’s, and its traffic bypasses the proxy.',
  istioCode: 'IST0144',
  istioAnalyzer: 'deployment.ApplicationUIDAnalyzer',
  defaultSeverity: 'warning',
  kinds: WORKLOAD_KINDS,
  onFragments: true,
  check(ctx) {
    const obj = ctx.object;
    const spec = podTemplate(obj)?.spec;
    // Istio's own control plane and Kubernetes' namespaces are left alone, as the analyzer does.
    if (!spec || isIstioControlPlane(obj) || isSystemNamespace(effectiveNamespace(obj, ctx.settings.defaultNamespace))) {
      return [];
    }
    const findings: RuleFinding[] = [];
    let inherits = false;
    for (const list of ['containers', 'initContainers']) {
      for (const c of seqItemsAt(spec, [list])) {
        if (!isMap(c)) {
          continue;
        }
        const name = stringAt(c, ['name']) ?? '';
        if (ISTIO_CONTAINERS.includes(name)) {
          continue;
        }
        const uid = nodeAt(c, ['securityContext', 'runAsUser']);
        const value = stringAt(c, ['securityContext', 'runAsUser']);
        if (value === undefined) {
          inherits = true;
        } else if (value === PROXY_UID) {
          findings.push({
            span: nodeSpan(uid) ?? obj.anchor,
            message:
              `Container ${name} runs as UID ${PROXY_UID}, the sidecar proxy’s user: Istio lets that user’s traffic ` +
              'bypass the proxy, so this container’s traffic leaves the mesh (no mTLS, policies or telemetry). Use another UID.',
          });
        }
      }
    }
    const podUid = nodeAt(spec, ['securityContext', 'runAsUser']);
    if (inherits && stringAt(spec, ['securityContext', 'runAsUser']) === PROXY_UID) {
      findings.push({
        span: nodeSpan(podUid) ?? obj.anchor,
        message:
          `The pod runs its containers as UID ${PROXY_UID}, the sidecar proxy’s user: Istio lets that user’s traffic ` +
          'bypass the proxy, so app traffic leaves the mesh (no mTLS, policies or telemetry). Use another UID.',
      });
    }
    return findings;
  },
});
