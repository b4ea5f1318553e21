import { podLabelSets } from '../../index/istioLookups';
import type { PodLabels } from '../../index/istioLookups';
import { inMesh } from '../../index/serviceMembership';
import { DATAPLANE_MODE_LABEL } from '../../istio/labels';
import { podTemplate } from '../../model/workload';
import type { RuleContext } from '../rule';

// The pods Istio's security analyzers count: in the mesh with a sidecar (as the Service rules read it) or in ambient.

/** The pods of the workspace that are in the mesh (sidecar or ambient). */
export function meshPods(ctx: RuleContext): PodLabels[] {
  const ns = ctx.settings.defaultNamespace;
  // Why derived: every AuthorizationPolicy asks, and the answer changes only with workloads and Namespaces.
  return ctx.index.derived(`istio-mesh-pods\u0000${ctx.profile}\u0000${ns}`, (ix) => podLabelSets(ix).filter((p) => {
    const tpl = podTemplate(p.object);
    const ambient =
      tpl?.annotations['ambient.istio.io/redirection'] === 'enabled' || tpl?.labels[DATAPLANE_MODE_LABEL] === 'ambient';
    return ambient || inMesh(p.object, ctx.profile, ix, ns);
  }));
}
