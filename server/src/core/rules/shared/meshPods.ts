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
  return podLabelSets(ctx.index).filter((p) => {
    const tpl = podTemplate(p.object);
    const ambient =
      tpl?.annotations['ambient.istio.io/redirection'] === 'enabled' || tpl?.labels[DATAPLANE_MODE_LABEL] === 'ambient';
    return ambient || inMesh(p.object, ctx.profile, ctx.index, ns);
  });
}
